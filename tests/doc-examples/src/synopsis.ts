import { CodeBlock } from './markdown-blocks';
import { stripComment } from './shell-words';

/** One usage of a synopsis block: `tidemark s3clean list -t SCHEMA.TABLE [--json]`. */
export interface SynopsisEntry {
  line: number;
  /** The usage, its lines joined. */
  text: string;
  /** The (sub)command words: `['s3clean', 'list']`. */
  command: string[];
  /** Every option it names: `['-t', '--json']`. */
  options: string[];
}

const OPTION = /(?:^|[\s[|(])(--?[A-Za-z][\w-]*)/g;

/**
 * The usages of a synopsis block. Each starts with `tidemark`; an indented
 * line that does not continues the usage above it. Trailing comments are
 * descriptions.
 */
export function synopsisEntries(block: CodeBlock): SynopsisEntry[] {
  const entries: { line: number; text: string }[] = [];
  block.body.forEach((content, index) => {
    const text = stripComment(content).code.trim();
    if (text === '') return;
    const continues = /^\s/.test(content) && !text.startsWith('tidemark ') && entries.length > 0;
    if (!continues) entries.push({ line: block.line + 1 + index, text });
    else entries[entries.length - 1].text += ` ${text}`;
  });
  return entries.map(({ line, text }) => {
    const words = text.split(/\s+/);
    const end = words.findIndex((w, i) => i > 0 && !/^[a-z][a-z0-9-]*$/.test(w));
    return {
      line,
      text,
      command: words.slice(1, end < 0 ? words.length : end),
      options: [...new Set([...text.matchAll(OPTION)].map((m) => m[1]))],
    };
  });
}

/** The options a `--help` text lists. */
export function helpOptions(help: string): Set<string> {
  return new Set([...help.matchAll(/^\s+(?:(-[A-Za-z]), )?(--[\w-]+)/gm)].flatMap((m) => [m[1], m[2]]).filter(Boolean));
}
