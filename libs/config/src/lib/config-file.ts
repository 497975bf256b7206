import { readFileSync } from 'node:fs';
import { Document, isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { ConfigProblem, formatKeyPath, KeyPath } from './config-problem';

/**
 * One YAML file of the config, kept as a document so that every problem
 * found later, by key path, can name the line it is on.
 */
export class ConfigFile {
  private readonly lines = new LineCounter();
  private readonly doc: Document;
  private readonly found: ConfigProblem[] = [];
  /** False when the file could not be read or is not valid YAML: its content means nothing then. */
  readonly parsed: boolean;

  /**
   * Reads and parses `path`. `label` names the file in problems: the config
   * directory as the user gave it, plus the file's name.
   */
  constructor(
    path: string,
    readonly label: string,
  ) {
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      this.push({ file: label, line: 1, key: '', message: `cannot read the file: ${(error as Error).message}` });
    }
    // Merge keys (`<<: *defaults`) let tables share options.
    this.doc = parseDocument(text ?? '', { lineCounter: this.lines, merge: true });
    for (const e of this.doc.errors) {
      const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      this.push({ file: label, line: e.linePos?.[0].line ?? 1, key: '', message: `not valid YAML: ${message}` });
    }
    this.parsed = text !== undefined && this.doc.errors.length === 0;
  }

  /** The parsed content: an empty file is an empty mapping. */
  data(): unknown {
    return this.doc.toJS() ?? {};
  }

  /** Problems reported on this file so far: a check compares it before and after. */
  get problemCount(): number {
    return this.found.length;
  }

  /** This file's problems, by line. */
  problems(): ConfigProblem[] {
    return [...this.found].sort((a, b) => a.line - b.line);
  }

  report(path: KeyPath, message: string): void {
    this.push({ file: this.label, line: this.lineOf(path), key: formatKeyPath(path), message });
  }

  /** The line of the deepest key of `path` that exists (a missing key: its parent's line). */
  lineOf(path: KeyPath): number {
    let node: unknown = this.doc.contents;
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    for (const seg of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
        if (!pair) break;
        offset = (pair.key as Node | null)?.range?.[0] ?? offset;
        next = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
        next = node.items[seg];
        offset = (next as Node).range?.[0] ?? offset;
      } else break;
      node = next;
    }
    return this.lines.linePos(offset).line;
  }

  private push(problem: ConfigProblem): void {
    this.found.push(problem);
  }
}
