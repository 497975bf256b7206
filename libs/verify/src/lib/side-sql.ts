import { KeyTerm } from './key-range';
import { VerifyColumn } from './verify-column';

/**
 * What one database (source MySQL/MariaDB or the PostgreSQL warehouse)
 * writes differently for the same comparison. The two implementations must
 * give every row the same canonical texts and the same key order.
 */
export interface SideSql {
  /** The qualified, quoted table name. */
  table: string;
  /** Canonical text of a column of an SQL kind: NULL when the warehouse holds NULL. */
  canonical(c: VerifyColumn): string;
  /** What to select for a FLOAT, DOUBLE or JSON column (compared in Node). */
  nodeValue(c: VerifyColumn): string;
  /** An expression both databases order alike, and a placeholder for a canonical key value. */
  keyOrder(c: VerifyColumn): KeyTerm;
  /** An equality lookup that can use the key's index. */
  keyLookup(c: VerifyColumn): KeyTerm;
  /** md5 hex text of a row, from its canonical texts (SQL NULL allowed). */
  rowHash(canonicals: string[]): string;
  /** The first 15 hex digits of an md5 text as a non-negative integer. */
  hashValue(md5: string): string;
  /** The SQL text as this database's driver takes it (placeholders). */
  text(sql: string): string;
}
