import { allOf, joinSql, Sql, sqlText } from './sql-fragment';

/**
 * Rows whose key lies after `after` (exclusive) and up to `upTo`
 * (inclusive); null is open. Key values are canonical texts (docs/verify.md),
 * one per key column, and are always bound, never pasted.
 */
export interface KeyRange {
  after: string[] | null;
  upTo: string[] | null;
}

export const WHOLE_TABLE: KeyRange = { after: null, upTo: null };

/** A key column's expression and the placeholder (one `?`) that reads a canonical value in its type. */
export interface KeyTerm {
  expr: string;
  param: string;
}

const bind = (t: KeyTerm, value: string, op: string): Sql => sqlText(`${t.expr} ${op} ${t.param}`, value);

function lexicographic(terms: KeyTerm[], values: string[], lastOp: '>' | '<='): Sql {
  const [head, ...rest] = terms;
  if (rest.length === 0) return bind(head, values[0], lastOp);
  const strict = lastOp === '>' ? '>' : '<';
  const inner = lexicographic(rest, values.slice(1), lastOp);
  return joinSql(
    [
      bind(head, values[0], strict),
      sqlText(' OR ('),
      bind(head, values[0], '='),
      sqlText(' AND ('),
      inner,
      sqlText('))'),
    ],
    '',
  );
}

/** `(k1, k2) > (v1, v2)`, written out so every database can use the key's index. */
export const keysAfter = (terms: KeyTerm[], values: string[]): Sql => lexicographic(terms, values, '>');

/** `(k1, k2) <= (v1, v2)`. */
export const keysAtMost = (terms: KeyTerm[], values: string[]): Sql => lexicographic(terms, values, '<=');

/** `k1 = v1 AND k2 = v2`. */
export const keysEqual = (terms: KeyTerm[], values: string[]): Sql =>
  joinSql(
    terms.map((t, i) => bind(t, values[i], '=')),
    ' AND ',
  );

/** One of several keys: `(k1 = ? AND k2 = ?) OR (…)`. */
export const anyKey = (terms: KeyTerm[], keys: string[][]): Sql =>
  joinSql(
    keys.map((k) => {
      const eq = keysEqual(terms, k);
      return { ...eq, sql: `(${eq.sql})` };
    }),
    ' OR ',
  );

export function rangeCondition(terms: KeyTerm[], range: KeyRange): Sql {
  return allOf([range.after && keysAfter(terms, range.after), range.upTo && keysAtMost(terms, range.upTo)]);
}
