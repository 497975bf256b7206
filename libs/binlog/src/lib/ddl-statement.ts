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
