import { ExampleMark, parseMarkLine } from './example-marks';

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository root. */
  doc: string;
  /** Line of the opening fence, from 1. */
  line: number;
  /** First word of the fence's info string, lower case; '' without one. */
  language: string;
  /** The rest of the info string (```yaml config/tidemark.yml): the file the block is. */
  name?: string;
  /** The lines between the fences, with the fence's indentation removed. */
  body: string[];
  /** The `<!-- example: … -->` comment right before the fence (blank lines between are allowed). */
  mark?: ExampleMark;
}

export interface MarkdownDoc {
  path: string;
  blocks: CodeBlock[];
  /** Example marks that are not followed by a fence. */
  strayMarks: ExampleMark[];
}

const OPENING = /^( *)(`{3,}|~{3,})(.*)$/;

interface OpenFence {
  indent: number;
  fence: string;
  block: CodeBlock;
}

function openFence(doc: string, text: string, line: number, mark: ExampleMark | undefined): OpenFence | undefined {
  const m = OPENING.exec(text);
  if (!m || (m[2][0] === '`' && m[3].includes('`'))) return undefined;
  const [language = '', ...rest] = m[3].trim().split(/\s+/);
  const name = rest.join(' ');
  return {
    indent: m[1].length,
    fence: m[2],
    block: {
      doc,
      line,
      language: language.toLowerCase(),
      ...(name ? { name } : {}),
      body: [],
      ...(mark ? { mark } : {}),
    },
  };
}

function closes(open: OpenFence, text: string): boolean {
  const m = /^ *(`{3,}|~{3,})\s*$/.exec(text);
  return !!m && m[1][0] === open.fence[0] && m[1].length >= open.fence.length;
}

/** The fenced code blocks of a CommonMark document, with their example marks. */
export function parseMarkdown(path: string, text: string): MarkdownDoc {
  const blocks: CodeBlock[] = [];
  const strayMarks: ExampleMark[] = [];
  let open: OpenFence | undefined;
  let mark: ExampleMark | undefined;
  text.split(/\r?\n/).forEach((content, index) => {
    const line = index + 1;
    if (open) {
      if (closes(open, content)) {
        blocks.push(open.block);
        open = undefined;
      } else {
        open.block.body.push(content.replace(new RegExp(`^ {0,${open.indent}}`), ''));
      }
      return;
    }
    open = openFence(path, content, line, mark);
    if (open) {
      mark = undefined;
      return;
    }
    if (content.trim() === '') return;
    if (mark) strayMarks.push(mark);
    mark = parseMarkLine(content, line);
  });
  // An unclosed fence runs to the end of the document (CommonMark).
  if (open) blocks.push(open.block);
  if (mark) strayMarks.push(mark);
  return { path, blocks, strayMarks };
}
