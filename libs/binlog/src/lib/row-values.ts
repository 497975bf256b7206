export type RowValues = Record<string, unknown>;

/** A decoded column: its name and binlog type code (TABLE_MAP). */
export interface DecodedColumn {
  name: string;
  type: number;
}

const LONGLONG = 8;
const FLOAT = 4;

/**
 * A row as @vlasky/zongji decodes it, made identical to what the extractor's
 * SELECT returns for it (mysql2 with dateStrings, bigNumberStrings,
 * jsonStrings: libs/source mysql-source.ts), so snapshot rows and streamed
 * rows are one kind of value:
 * - BIGINT: zongji gives a Number when it is within 2^53, mysql2 always text;
 * - FLOAT: zongji gives the stored float32 in full (0.10000000149011612), the
 *   server prints it to 6 significant digits (0.1), which mysql2 parses.
 * Everything else (DECIMAL and temporal text, JSON text, Buffers for binary
 * and BIT, NULL) already agrees; the type-by-type spec checks it.
 */
export function extractorRow(row: RowValues, columns: DecodedColumn[]): RowValues {
  const out: RowValues = {};
  for (const { name, type } of columns) {
    const value = row[name];
    if (value === null || value === undefined) out[name] = null;
    else if (type === LONGLONG) out[name] = String(value);
    else if (type === FLOAT && typeof value === 'number') out[name] = Number(value.toPrecision(6));
    else out[name] = value;
  }
  return out;
}
