const DDL = /^\s*(?:\/\*.*?\*\/\s*)*(?:TRUNCATE\b|(?:ALTER|DROP|RENAME|CREATE(?:\s+OR\s+REPLACE)?)\b[^;]*?\bTABLE\b)/is;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a statement from a binlog Query event is DDL that may change or
 * empty `table` (ALTER/RENAME/DROP/TRUNCATE/CREATE ... TABLE naming it, quoted
 * or not). Deliberately broad: a false alarm stops a table for a look, a miss
 * would let rows land in the wrong columns (or a TRUNCATE go unseen, as it
 * writes no row events).
 */
export function ddlTouchesTable(statement: string, table: string): boolean {
  if (!DDL.test(statement)) return false;
  const name = escapeRegExp(table);
  return new RegExp(`(^|[\\s.,(\`"])\`?${name}\`?($|[\\s.,;()\`"])`, 'i').test(statement.replace(/``/g, '`'));
}

const ALTER_TABLE =
  /^\s*(?:\/\*.*?\*\/\s*)*ALTER\s+(?:ONLINE\s+)?(?:IGNORE\s+)?TABLE\s+(?:`(?:[^`]|``)+`|[\w$]+)(?:\s*\.\s*(?:`(?:[^`]|``)+`|[\w$]+))?\s+(.*)$/is;
const NOT_A_COLUMN =
  /^(?:INDEX|KEY|PRIMARY|UNIQUE|CONSTRAINT|FOREIGN|FULLTEXT|SPATIAL|PARTITION|CHECK|PERIOD|SYSTEM)\b/i;

/** The statement's top-level comma-separated parts, quoted text and parenthesised groups left whole. */
function topLevelClauses(text: string): string[] {
  const clauses: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      clauses.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  clauses.push(text.slice(start).trim());
  return clauses;
}

/**
 * Whether a DDL statement only adds columns to a table (`ALTER TABLE t ADD
 * [COLUMN] c ...`, one or more such clauses, optionally with an ALGORITHM or
 * LOCK clause): the change the existing schema evolution carries over. Any
 * other clause (DROP, MODIFY, CHANGE, RENAME, an index) is not.
 */
export function addsColumnsOnly(statement: string): boolean {
  const match = ALTER_TABLE.exec(statement.trim().replace(/;\s*$/, ''));
  if (!match) return false;
  const clauses = topLevelClauses(match[1]);
  let adds = 0;
  for (const clause of clauses) {
    if (/^(?:ALGORITHM|LOCK)\s*=?\s*\w+$/i.test(clause)) continue;
    const add = /^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(.*)$/is.exec(clause);
    if (!add || add[1].startsWith('(') || NOT_A_COLUMN.test(add[1])) return false;
    adds++;
  }
  return adds > 0;
}
