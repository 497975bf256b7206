/**
 * The mysql2 options under which a MySQL value arrives as its exact text:
 * dates and DATETIME(6) unparsed, BIGINT and DECIMAL as strings, JSON as the
 * stored text (parsing would reformat it, and turn 'null' into NULL), in a
 * UTC session. The extractor's SELECT and the binlog stream both read with
 * them, so a value is the same whichever way it was captured.
 */
export const MYSQL_EXACT_VALUES = {
  dateStrings: true,
  supportBigNumbers: true,
  bigNumberStrings: true,
  decimalNumbers: false,
  jsonStrings: true,
  timezone: 'Z',
  charset: 'utf8mb4',
} as const;
