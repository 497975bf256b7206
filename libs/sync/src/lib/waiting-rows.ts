import { Inject, Injectable } from '@nestjs/common';
import {
  BoundQuery,
  KeysetTable,
  qualifiedName,
  SourceZone,
  strategyFor,
  typedPlaceholder,
  validateCustomFilter,
  whereClause,
  zoneOfColumn,
} from '@tidemark/cdc';
import { quoteMysql } from '@tidemark/schema';
import { resolveConfiguredTable } from '@tidemark/source';
import { ColumnSchema, Cursor } from '@tidemark/watermark-model';
import { SourceConnections } from './connections/source-connections';
import { WatermarkConnection } from './connections/watermark-connection';
import { TableJob, tableIdOf } from './table-job';

/**
 * `SELECT COUNT(*) FROM (SELECT 1 FROM t WHERE col > ? … LIMIT n)`: reads
 * at most `atMost` index entries, however far the table is ahead.
 */
export function waitingRowsQuery(
  t: Pick<KeysetTable, 'schema' | 'table'>,
  column: ColumnSchema,
  after: string,
  atMost: number,
  filter?: string,
): BoundQuery {
  const condition = `${quoteMysql(column.name)} > ${typedPlaceholder(column)}`;
  return {
    sql: `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${qualifiedName(t)}${whereClause([condition], filter)} LIMIT ?) AS waiting`,
    params: [after, atMost],
  };
}

/** The strategies whose waiting rows this probe counts; any other (full_sync, binlog) runs on the interval. */
const COUNTED_STRATEGIES = new Set(['hybrid', 'timestamp_only', 'custom', 'id_only']);

/**
 * How many rows wait for a table's next micro-batch in continuous mode
 * (ADR 0043), counted up to `atMost`: a trigger, not a figure to report.
 */
@Injectable()
export class WaitingRows {
  constructor(
    @Inject(SourceConnections) private readonly sources: SourceConnections,
    @Inject(WatermarkConnection) private readonly watermarks: WatermarkConnection,
  ) {}

  /** Rows in the table's registered manifests that wait for the loader. */
  async toLoad(job: TableJob): Promise<number> {
    const pending = await (await this.watermarks.api()).pendingManifests(tableIdOf(job));
    return pending.reduce((n, m) => n + m.rowCount, 0);
  }

  /**
   * Rows of a cursor table after its extract cursor: those with a later
   * timestamp (timestamp strategies) or a greater key (id_only, one key
   * column); a table never extracted has `atMost` waiting. Rows at the
   * cursor's own timestamp are not counted, nor the lag the extractor
   * keeps back: the count only decides when a batch starts. A snapshot
   * table (full_sync) and a binlog table count 0: they run on the
   * interval (ADR 0043: the server's position moves with every table's
   * writes, and counting one table's events means reading the binlog).
   */
  async toExtract(job: TableJob, atMost: number): Promise<number> {
    const { config, target } = job;
    if (!COUNTED_STRATEGIES.has(config.strategy)) return 0;
    const strategy = strategyFor(config.strategy);
    const cursor: Cursor | undefined = (await (await this.watermarks.api()).get(tableIdOf(job)))?.extract.cursor;
    const source = await this.sources.source(target.connection);
    const { table, cursorColumn } = await resolveConfiguredTable(source, target, config, strategy);
    const after = this.after(job, cursor, cursorColumn, table.primaryKey);
    if (!after) return after === null ? atMost : 0;
    const filter = config.where === undefined ? undefined : validateCustomFilter(config.where);
    const [row] = await source.query<{ n: number | string }>(
      waitingRowsQuery(table, after.column, after.value, atMost, filter),
    );
    return Number(row?.n ?? 0);
  }

  /** The column and value the count starts after; null: never extracted; undefined: no single column to count on. */
  private after(job: TableJob, cursor: Cursor | undefined, cursorColumn: ColumnSchema | null, key: ColumnSchema[]) {
    if (cursorColumn) {
      if (!cursor?.timestamp) return null;
      const zone = zoneOfColumn(
        cursorColumn.dataType,
        SourceZone.parse(this.sources.options(job.target.connection).timezone),
      );
      return { column: cursorColumn, value: zone.toSource(cursor.timestamp) };
    }
    if (key.length !== 1) return undefined;
    if (!cursor?.primaryKey?.length) return null;
    return { column: key[0], value: cursor.primaryKey[0] };
  }
}
