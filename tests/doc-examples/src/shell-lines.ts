import { CodeBlock } from './markdown-blocks';
import { stripComment } from './shell-words';

export const SHELL_LANGUAGES = ['bash', 'sh', 'shell', 'console'];

/** One command line of a shell block. */
export interface ShellLine {
  /** Doc line where the command starts. */
  line: number;
  /** The command as written: `\` continuations joined, trailing comment and `&` removed. */
  text: string;
  /** From a trailing `# exit N` comment; 0 without one. */
  expectedExit: number;
  /** Written with a trailing `&`. */
  background: boolean;
}

const EXIT_COMMENT = /^#\s*exit\s+(\d+)$/;

function finish(line: number, raw: string): ShellLine {
  const { code, comment } = stripComment(raw);
  const exit = comment === undefined ? undefined : EXIT_COMMENT.exec(comment);
  const background = /(^|[^&])&$/.test(code);
  return {
    line,
    text: background ? code.slice(0, -1).trimEnd() : code,
    expectedExit: exit ? Number(exit[1]) : 0,
    background,
  };
}

/**
 * The command lines of a shell block. Blank lines and comment lines are not
 * commands; in a ```console block only lines starting with `$ ` are (the
 * others are the output shown).
 */
export function shellLines(block: CodeBlock): ShellLine[] {
  const commands: ShellLine[] = [];
  let pending: { line: number; text: string } | undefined;
  block.body.forEach((content, index) => {
    const line = block.line + 1 + index;
    if (pending) {
      pending.text = `${pending.text.slice(0, -1).trimEnd()} ${content.trim()}`;
    } else {
      const command = block.language === 'console' ? /^\s*\$ (.*)$/.exec(content)?.[1] : content;
      if (command === undefined || command.trim() === '' || command.trim().startsWith('#')) return;
      pending = { line, text: command.trim() };
    }
    if (!pending.text.endsWith('\\')) {
      commands.push(finish(pending.line, pending.text));
      pending = undefined;
    }
  });
  if (pending) commands.push(finish(pending.line, pending.text.slice(0, -1)));
  return commands;
}
