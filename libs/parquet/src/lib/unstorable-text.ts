import { badInput, TidemarkError } from '@tidemark/errors';
import { parquetTypeOf } from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';

/**
 * What happens to a text value the warehouse cannot store: NUL (U+0000) in
 * any text (PostgreSQL refuses it in TEXT/VARCHAR and jsonb, Redshift's COPY
 * fails on it), and the JSON escape `\u0000` in a JSON value (PostgreSQL's
 * jsonb refuses it; Redshift would turn it back into a NUL). `fail` stops
 * the extraction naming the table, the row's key and the column; `replace`
 * writes U+FFFD instead (`\ufffd` inside JSON, so it stays JSON); `strip`
 * drops it.
 */
export type UnstorableTextMode = 'fail' | 'replace' | 'strip';

export interface UnstorableTextOptions {
  mode: UnstorableTextMode;
  table: string;
  /** Names the row in an error, e.g. `id=42`. */
  describeRow: (row: unknown[]) => string;
}

/** Which check a column gets: any text can hold a NUL, JSON text also the escape `\u0000`. */
export type UnstorableCheck = 'text' | 'json' | null;

const NUL = '\u0000';
/** `\u0000` whose backslash is not itself escaped (preceded by an even number of backslashes). */
const JSON_NUL_ESCAPES = /(?<=(?:^|[^\\])(?:\\\\)*)\\u0000/g;
const JSON_NUL_ESCAPE = /(?<=(?:^|[^\\])(?:\\\\)*)\\u0000/;
const RAW_NUL = 'a NUL character (U+0000)';
const ESCAPED_NUL = 'the JSON escape \\u0000';

export function unstorableCheckOf(c: ColumnSchema): UnstorableCheck {
  if (c.dataType === 'json') return 'json';
  return parquetTypeOf(c) === 'VARCHAR' ? 'text' : null;
}

/** Names a row by the values of `keyNames` among `columns` (`id=42, region=eu`). */
export function describeRowByKey(columns: ColumnSchema[], keyNames: string[]): (row: unknown[]) => string {
  const keyIndexes = keyNames.map((k) => columns.findIndex((c) => c.name === k));
  return (row) =>
    keyIndexes.length === 0 ? 'no primary key' : keyIndexes.map((i) => `${columns[i].name}=${String(row[i])}`).join(', ');
}

/** Cleans (or refuses) the values of one table's text columns; counts what it changed. */
export class UnstorableTextRule {
  private readonly checks: UnstorableCheck[];
  /** Values replace or strip changed so far. */
  changed = 0;

  constructor(
    private readonly options: UnstorableTextOptions,
    private readonly columns: ColumnSchema[],
  ) {
    this.checks = columns.map(unstorableCheckOf);
  }

  /** What `text`, a value of column `i`, holds that the warehouse cannot store, or null. */
  problem(i: number, text: string): string | null {
    const check = this.checks[i];
    if (check === null) return null;
    if (text.includes(NUL)) return RAW_NUL;
    return check === 'json' && text.includes('\\u0000') && JSON_NUL_ESCAPE.test(text) ? ESCAPED_NUL : null;
  }

  private describe(i: number, holds: string, row: unknown[]): string {
    return `column ${this.columns[i].name} of the row with ${this.options.describeRow(row)} holds ${holds}`;
  }

  /** The first value of `row` the warehouse cannot store, described with its column and the row's key. */
  firstProblem(row: unknown[]): string | null {
    for (const [i, value] of row.entries()) {
      const holds = typeof value === 'string' ? this.problem(i, value) : null;
      if (holds) return this.describe(i, holds, row);
    }
    return null;
  }

  /** `text`, the value of column `i` of `row`, as the warehouse can store it. */
  clean(i: number, text: string, row: unknown[]): string {
    const holds = this.problem(i, text);
    if (holds === null) return text;
    const { mode } = this.options;
    if (mode === 'fail') throw this.refusal(this.describe(i, holds, row));
    this.changed++;
    const out = text.replaceAll(NUL, mode === 'replace' ? '\ufffd' : '');
    return this.checks[i] === 'json' ? out.replace(JSON_NUL_ESCAPES, mode === 'replace' ? '\\ufffd' : '') : out;
  }

  private refusal(problem: string): TidemarkError {
    return badInput(
      `table ${this.options.table}: ${problem}, which the warehouse cannot store. Fix the row in the ` +
        'source, or set `unstorableText: replace` (U+FFFD) or `unstorableText: strip` for this table; ' +
        'nothing from this row on was committed',
    );
  }
}
