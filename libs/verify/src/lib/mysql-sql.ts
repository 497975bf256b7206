import { typedPlaceholder } from '@tidemark/cdc';
import { quoteMysql } from '@tidemark/schema';
import { SideSql } from './side-sql';
import { VerifyColumn } from './verify-column';

const ZERO_DATE = (col: string) => `YEAR(${col}) = 0 OR MONTH(${col}) = 0 OR DAYOFMONTH(${col}) = 0`;
/** Zero dates (`0000-00-00`, month or day 00) load as NULL (docs/types.md). */
const dateText = (col: string, format: string) =>
  `CASE WHEN ${ZERO_DATE(col)} THEN NULL ELSE DATE_FORMAT(${col}, '${format}') END`;

const CANONICAL: Record<string, (col: string) => string> = {
  boolean: (col) => `CASE WHEN ${col} IS NULL THEN NULL WHEN ${col} <> 0 THEN '1' ELSE '0' END`,
  // `+ 0`: YEAR 0000 is 0, BIT is its unsigned value.
  integer: (col) => `CAST(${col} + 0 AS CHAR)`,
  decimal: (col) => `CAST(${col} AS CHAR)`,
  date: (col) => dateText(col, '%Y-%m-%d'),
  datetime: (col) => dateText(col, '%Y-%m-%d %H:%i:%s.%f'),
  // The session is UTC, so a TIMESTAMP reads as UTC wall time.
  timestamp: (col) => dateText(col, '%Y-%m-%d %H:%i:%s.%f'),
  // Signed microseconds: TIME spans ±838 hours, PostgreSQL holds it as INTERVAL.
  time: (col) => `CAST(CAST(TIME_TO_SEC(${col}) * 1000000 AS SIGNED) AS CHAR)`,
  text: (col) => `CONVERT(${col} USING utf8mb4)`,
  binary: (col) => `HEX(${col})`,
  spatial: (col) => `HEX(ST_AsBinary(${col}))`,
};

/** Canonical texts and key order in MySQL/MariaDB; the source session runs in UTC. */
export function mysqlSql(schema: string, table: string): SideSql {
  const column = (c: VerifyColumn) => quoteMysql(c.source.name);
  return {
    table: `${quoteMysql(schema)}.${quoteMysql(table)}`,
    canonical: (c) => CANONICAL[c.kind](column(c)),
    // FLOAT as `col + 0`: the stored float32 as a DOUBLE, as the extract reads it.
    nodeValue: (c) => (c.kind === 'float' ? `(${column(c)} + 0)` : column(c)),
    keyOrder(c) {
      const col = column(c);
      // Byte order of the UTF-8 text: no collation, the same in PostgreSQL's "C".
      if (c.kind === 'text')
        return { expr: `CAST(CONVERT(${col} USING utf8mb4) AS BINARY)`, param: 'CAST(? AS BINARY)' };
      return mysqlLookup(c);
    },
    keyLookup: mysqlLookup,
    rowHash: (canonicals) =>
      `MD5(CONCAT_WS(',', ${canonicals.map((e) => `COALESCE(CONCAT(CHAR_LENGTH(${e}), ':', ${e}), '~')`).join(', ')}))`,
    hashValue: (md5) => `CAST(CONV(LEFT(${md5}, 15), 16, 10) AS UNSIGNED)`,
    text: (sql) => sql,
  };
}

function mysqlLookup(c: VerifyColumn) {
  const col = quoteMysql(c.source.name);
  if (c.kind === 'binary') return { expr: col, param: 'UNHEX(?)' };
  if (c.source.dataType === 'year') return { expr: col, param: 'CAST(? AS SIGNED)' };
  return { expr: col, param: typedPlaceholder(c.source) };
}
