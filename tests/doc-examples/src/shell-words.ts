/**
 * Just enough of the shell's quoting to read doc examples: where a comment
 * starts, where one command of a list ends, and the words of a command.
 * The examples themselves are run by bash.
 */

/** Calls `visit` with each index outside single and double quotes; stops when it returns true. */
function unquoted(text: string, visit: (index: number) => boolean): void {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if (visit(i)) return;
  }
}

/** A command line without its trailing `# comment`. */
export function stripComment(text: string): { code: string; comment?: string } {
  let at = -1;
  unquoted(text, (i) => {
    if (text[i] === '#' && (i === 0 || /\s/.test(text[i - 1]))) at = i;
    return at >= 0;
  });
  return at < 0 ? { code: text.trimEnd() } : { code: text.slice(0, at).trimEnd(), comment: text.slice(at).trim() };
}

/** The commands of a list or pipeline: split at `&&`, `||`, `;` and `|`. */
export function splitCommands(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  unquoted(text, (i) => {
    const two = text.slice(i, i + 2);
    const width = two === '&&' || two === '||' ? 2 : text[i] === ';' || text[i] === '|' ? 1 : 0;
    if (width) {
      parts.push(text.slice(start, i));
      start = i + width;
    }
    return false;
  });
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** The words of one command, quotes removed. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else word = (word ?? '') + (c === '\\' && quote === '"' ? text[++i] : c);
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + (c === '\\' ? text[++i] : c);
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** A command's leading `NAME=value` assignments, and the rest of its words. */
export function commandWords(text: string): { env: Record<string, string>; words: string[] } {
  const all = shellWords(text);
  const env: Record<string, string> = {};
  let first = 0;
  for (; first < all.length; first++) {
    const assignment = /^([A-Za-z_]\w*)=(.*)$/s.exec(all[first]);
    if (!assignment) break;
    env[assignment[1]] = assignment[2];
  }
  return { env, words: all.slice(first) };
}
