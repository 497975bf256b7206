import { BoundQuery } from '@tidemark/cdc';

/** SQL text with `?` placeholders and their values in order (the shape libs/cdc builds). */
export type Sql = BoundQuery;

export const sqlText = (sql: string, ...params: unknown[]): Sql => ({ sql, params });

/** Joins fragments with `separator`, keeping their values in order. */
export function joinSql(parts: Sql[], separator: string): Sql {
  return { sql: parts.map((p) => p.sql).join(separator), params: parts.flatMap((p) => p.params) };
}

/** `a AND b AND …` of the fragments that are present; `1 = 1` for none. */
export function allOf(parts: (Sql | null | undefined)[]): Sql {
  const present = parts.filter((p): p is Sql => !!p && p.sql !== '');
  if (present.length === 0) return sqlText('1 = 1');
  return joinSql(
    present.map((p) => ({ ...p, sql: `(${p.sql})` })),
    ' AND ',
  );
}

/**
 * PostgreSQL numbers its placeholders: every `?` outside quoted identifiers
 * and string literals becomes `$1`, `$2`, … in order.
 */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null; // a doubled quote closes and reopens: same result
      out += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      out += ch;
    } else out += ch === '?' ? `$${++n}` : ch;
  }
  return out;
}
