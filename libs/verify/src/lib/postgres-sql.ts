import { quotePostgres, quotePostgresQualified } from '@tidemark/schema';
import { SideSql } from './side-sql';
import { numberPlaceholders } from './sql-fragment';
import { VerifyColumn } from './verify-column';

const MICROS = "'YYYY-MM-DD HH24:MI:SS.US'";

const CANONICAL: Record<string, (col: string) => string> = {
  boolean: (col) => `CASE WHEN ${col} IS NULL THEN NULL WHEN ${col} THEN '1' ELSE '0' END`,
  integer: (col) => `CAST(${col} AS TEXT)`,
  decimal: (col) => `CAST(${col} AS TEXT)`,
  date: (col) => `to_char(${col}, 'YYYY-MM-DD')`,
  datetime: (col) => `to_char(${col}, ${MICROS})`,
  timestamp: (col) => `to_char(${col} AT TIME ZONE 'UTC', ${MICROS})`,
  time: (col) => `CAST(CAST(EXTRACT(EPOCH FROM ${col}) * 1000000 AS BIGINT) AS TEXT)`,
  text: (col) => `CAST(${col} AS TEXT)`,
  binary: (col) => `upper(encode(${col}, 'hex'))`,
  spatial: (col) => `upper(encode(${col}, 'hex'))`,
};

/**
 * Canonical texts and key order in the PostgreSQL warehouse. Redshift would
 * need its own few functions here (STRTOL for the hash value, TO_HEX, no
 * COLLATE "C"); docs/verify.md lists them.
 */
export function postgresSql(schema: string, table: string): SideSql {
  const column = (c: VerifyColumn) => quotePostgres(c.target);
  const lookup = (c: VerifyColumn) => {
    const col = column(c);
    if (c.kind === 'binary') return { expr: col, param: "decode(?, 'hex')" };
    // A canonical timestamp is UTC wall time, whatever the session's zone.
    if (c.kind === 'timestamp') return { expr: col, param: "(CAST(? AS TIMESTAMP(6)) AT TIME ZONE 'UTC')" };
    return { expr: col, param: `CAST(? AS ${c.targetType})` };
  };
  return {
    table: quotePostgresQualified(schema, table),
    canonical: (c) => CANONICAL[c.kind](column(c)),
    nodeValue: (c) => (c.kind === 'json' ? `CAST(${column(c)} AS TEXT)` : column(c)),
    keyOrder(c) {
      // Byte order of the UTF-8 text, as MySQL's binary comparison.
      if (c.kind === 'text') return { expr: `${column(c)} COLLATE "C"`, param: 'CAST(? AS TEXT)' };
      return lookup(c);
    },
    keyLookup: lookup,
    rowHash: (canonicals) =>
      `md5(${canonicals.map((e) => `COALESCE(CAST(length(${e}) AS TEXT) || ':' || ${e}, '~')`).join(" || ',' || ")})`,
    hashValue: (md5) => `CAST(CAST('x' || left(${md5}, 15) AS BIT(60)) AS BIGINT)`,
    text: numberPlaceholders,
  };
}
