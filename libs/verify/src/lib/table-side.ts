import { badInput } from '@tidemark/errors';
import { isNodeKind } from './column-kind';
import { KeyRange, KeyTerm, rangeCondition } from './key-range';
import { nodeCanonical, rowHashValue } from './node-values';
import { resultNames, ResultNames } from './result-names';
import { SideSql } from './side-sql';
import { allOf, joinSql, Sql, sqlText } from './sql-fragment';
import { VerifyColumn } from './verify-column';

export type Runner = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export interface TableSideOptions {
  sql: SideSql;
  /** Every compared column, in table order. */
  columns: VerifyColumn[];
  /** The key columns, in key order. */
  keyColumns: VerifyColumn[];
  run: Runner;
  /** Source only: the pipeline's `where` filter; rows outside it are never synced. */
  filter?: string;
  /** Source only: true for a row newer than what has been loaded. */
  pending?: Sql | null;
  /** Rows per keyset page when rows are read (bounded memory). */
  pageRows?: number;
}

export interface RangeSummary {
  rows: number;
  /** Sum of the row hashes of the columns compared in SQL. */
  hash: string;
  /** Sum of the row hashes of the FLOAT/DOUBLE/JSON columns, computed in Node; null without such columns. */
  nodeHash: string | null;
}

export interface ScannedRow {
  /** Canonical key texts. */
  key: string[];
  /** Canonical texts of every column (empty when only keys were read). */
  values: (string | null)[];
  /** Source only: newer than the load watermark. */
  pending: boolean;
}

/** One database's copy of the table, seen through key ranges. */
export class TableSide {
  private readonly order: KeyTerm[];
  private readonly keyTexts: string[];
  private readonly nodeColumns: VerifyColumn[];
  private readonly pageRows: number;
  private readonly names: ResultNames;

  constructor(private readonly o: TableSideOptions) {
    this.names = resultNames(o.columns, o.keyColumns.length);
    this.order = o.keyColumns.map((c) => o.sql.keyOrder(c));
    this.keyTexts = o.keyColumns.map((c) => o.sql.canonical(c));
    this.nodeColumns = o.columns.filter((c) => isNodeKind(c.kind));
    this.pageRows = o.pageRows ?? 5000;
  }

  async summary(range: KeyRange): Promise<RangeSummary> {
    const { sql } = this.o;
    const canonicals = this.o.columns.filter((c) => !isNodeKind(c.kind)).map((c) => sql.canonical(c));
    const where = this.where(range);
    const { hash, ranged, count, sum } = this.names;
    const [row] = await this.run(
      joinSql(
        [
          sqlText(
            `SELECT COUNT(*) AS ${count}, COALESCE(SUM(${sql.hashValue(hash)}), 0) AS ${sum} ` +
              `FROM (SELECT ${sql.rowHash(canonicals)} AS ${hash} FROM ${sql.table} WHERE `,
          ),
          where,
          sqlText(`) ${ranged}`),
        ],
        '',
      ),
    );
    return {
      rows: Number(row[count]),
      hash: BigInt(String(row[sum])).toString(),
      nodeHash: this.nodeColumns.length ? await this.nodeHash(range) : null,
    };
  }

  /** The key of the row at `offset` (0-based) in key order. */
  async keyAt(range: KeyRange, offset: number): Promise<string[]> {
    const [row] = await this.run(
      joinSql(
        [
          this.selectFrom([], false),
          this.where(range),
          sqlText(` ORDER BY ${this.orderBy()} LIMIT 1 OFFSET ?`, offset),
        ],
        '',
      ),
    );
    if (!row) throw new Error(`no row at offset ${offset} of the range`);
    return this.keyOf(row);
  }

  /** Every row of the range, in key order: keys only, or with every column's canonical text. */
  async scan(range: KeyRange, what: 'keys' | 'rows'): Promise<ScannedRow[]> {
    const columns = what === 'rows' ? this.o.columns : [];
    const out: ScannedRow[] = [];
    await this.forEachRow(range, columns, true, (row) =>
      out.push({
        key: this.keyOf(row),
        values: columns.map((c) => this.valueOf(c, row[this.aliasOf(c)])),
        pending: Number(row[this.names.pending]) === 1,
      }),
    );
    return out;
  }

  private async nodeHash(range: KeyRange): Promise<string> {
    let sum = 0n;
    await this.forEachRow(range, this.nodeColumns, false, (row) => {
      sum += rowHashValue([...this.keyOf(row), ...this.nodeColumns.map((c) => this.valueOf(c, row[this.aliasOf(c)]))]);
    });
    return sum.toString();
  }

  /** Keyset pages over the range: memory holds one page at a time. */
  private async forEachRow(
    range: KeyRange,
    columns: VerifyColumn[],
    withPending: boolean,
    visit: (row: Record<string, unknown>) => void,
  ): Promise<void> {
    let after = range.after;
    for (;;) {
      const page = await this.run(
        joinSql(
          [
            this.selectFrom(columns, withPending),
            this.where({ after, upTo: range.upTo }),
            sqlText(` ORDER BY ${this.orderBy()} LIMIT ?`, this.pageRows),
          ],
          '',
        ),
      );
      page.forEach(visit);
      if (page.length < this.pageRows) return;
      after = this.keyOf(page[page.length - 1]);
    }
  }

  private selectFrom(columns: VerifyColumn[], withPending: boolean): Sql {
    const { sql } = this.o;
    const pending = withPending ? this.o.pending : null;
    const select = [
      ...this.keyTexts.map((e, i) => `${e} AS ${this.names.keys[i]}`),
      ...columns.map((c) => `${isNodeKind(c.kind) ? sql.nodeValue(c) : sql.canonical(c)} AS ${this.aliasOf(c)}`),
    ].join(', ');
    return joinSql(
      [
        sqlText(`SELECT ${select}`),
        ...(pending ? [sqlText(', ('), pending, sqlText(`) AS ${this.names.pending}`)] : []),
        sqlText(` FROM ${sql.table} WHERE `),
      ],
      '',
    );
  }

  private where(range: KeyRange): Sql {
    return allOf([rangeCondition(this.order, range), this.o.filter ? sqlText(this.o.filter) : null]);
  }

  private orderBy(): string {
    return this.order.map((t) => t.expr).join(', ');
  }

  private keyOf(row: Record<string, unknown>): string[] {
    return this.keyTexts.map((_, i) => {
      const value = row[this.names.keys[i]];
      if (value === null || value === undefined) {
        throw badInput(
          `key column ${this.o.keyColumns[i].source.name} holds a value with no warehouse equivalent (a zero date?)`,
        );
      }
      return String(value);
    });
  }

  /** The result name of a compared column. */
  private aliasOf(c: VerifyColumn): string {
    return this.names.columns[this.o.columns.indexOf(c)];
  }

  private valueOf(c: VerifyColumn, value: unknown): string | null {
    if (isNodeKind(c.kind)) return nodeCanonical(c.kind, value);
    return value === null || value === undefined ? null : String(value);
  }

  private run(q: Sql): Promise<Record<string, unknown>[]> {
    return this.o.run(this.o.sql.text(q.sql), q.params);
  }
}
