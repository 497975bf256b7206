import { badInput } from '@tidemark/errors';

const FORBIDDEN = /\b(select|union|insert|update|delete|drop|alter|create|into|outfile|dumpfile|sleep|benchmark|load_file|limit|order|group|having|procedure|lock|for)\b/i;

/**
 * A `custom` strategy's WHERE fragment, from the pipeline config: it must be
 * one boolean expression. Refused: statement separators, comments,
 * unbalanced quotes or parentheses, sub-queries and clauses that would change
 * the query's shape. Quoted text is skipped when looking for those.
 */
export function validateCustomFilter(fragment: string): string {
  const text = typeof fragment === 'string' ? fragment.trim() : '';
  const fail = (why: string) => badInput(`custom WHERE "${fragment}" is not a single expression: ${why}`);
  if (text === '') throw fail('it is empty');
  let depth = 0;
  let quote: string | null = null;
  let bare = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === ';') throw fail('";" ends a statement');
    else if (ch === '#' || text.startsWith('--', i) || text.startsWith('/*', i)) throw fail('comments are not allowed');
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) throw fail('a ")" closes nothing');
    bare += quote ? ' ' : ch;
  }
  if (quote) throw fail(`a ${quote} quote is not closed`);
  if (depth !== 0) throw fail('a "(" is not closed');
  const keyword = FORBIDDEN.exec(bare);
  if (keyword) throw fail(`"${keyword[1]}" is not allowed in a filter`);
  return text;
}
