import { badInput } from '@tidemark/errors';
import { ColumnSchema } from '@tidemark/watermark-model';
import { booleanValue } from './source-value';

/**
 * A TINYINT(1) value other than 0/1 in a column stored as BOOLEAN: `fail`
 * stops the extraction naming the table, column and row key; `log` loads
 * NULL and reports the key. Never coerced to true: `5` is not `true`.
 */
export type NonBooleanMode = 'fail' | 'log';

export interface BooleanValueOptions {
  mode: NonBooleanMode;
  table: string;
  /** Names a row in an error, e.g. `id=42`. */
  describeRow: (row: unknown[]) => string;
}

/** Keys reported of the NULLed values, at most; the count covers them all. */
const REPORTED_KEYS = 20;

/** Turns the values of a table's BOOLEAN columns into booleans, refusing what is not 0/1. */
export class BooleanValueRule {
  /** Values `log` mode loaded as NULL, and the first keys of them. */
  nulled = 0;
  readonly nulledRows: string[] = [];

  constructor(private readonly options: BooleanValueOptions) {}

  /** BIT(1) holds only 0/1; a TINYINT(1) value must be 0 or 1. */
  value(c: ColumnSchema, value: unknown, row: unknown[]): boolean | null {
    if (c.dataType !== 'tinyint') return booleanValue(value);
    const n = Number(value);
    if (n === 0 || n === 1) return n === 1;
    const where = `column ${c.name} of the row with ${this.options.describeRow(row)}`;
    if (this.options.mode === 'fail') {
      throw badInput(
        `table ${this.options.table}: ${where} holds ${String(value)}, which is not a boolean (0 or 1), and the table ` +
          'stores TINYINT(1) as BOOLEAN. Remove `tinyint1: boolean` to load it as SMALLINT (every value kept), ' +
          'or set `nonBooleanValues: log` to load NULL and report the key; nothing from this row on was committed',
      );
    }
    this.nulled++;
    if (this.nulledRows.length < REPORTED_KEYS) this.nulledRows.push(`${where} (${String(value)})`);
    return null;
  }
}

/** The run's warning about NULLed values, or null when there were none. */
export function nulledBooleansWarning(table: string, rule: BooleanValueRule): string | null {
  if (rule.nulled === 0) return null;
  const more = rule.nulled > rule.nulledRows.length ? `, and ${rule.nulled - rule.nulledRows.length} more` : '';
  return (
    `table ${table}: ${rule.nulled} TINYINT(1) value(s) other than 0/1 loaded as NULL (nonBooleanValues: log): ` +
    `${rule.nulledRows.join('; ')}${more}`
  );
}
