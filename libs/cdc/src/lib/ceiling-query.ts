import { quoteMysql } from '@tidemark/schema';
import { BoundQuery } from './bound-query';
import { KeysetTable, qualifiedName } from './keyset-query';

/** The newest cursor value at run start; the run reads nothing beyond it. */
export function ceilingQuery(t: KeysetTable): BoundQuery {
  const ts = quoteMysql(t.cursorColumn.name);
  return { sql: `SELECT MAX(${ts}) AS ceiling FROM ${qualifiedName(t)}`, params: [] };
}
