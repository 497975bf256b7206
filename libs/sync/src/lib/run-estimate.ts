import { Inject, Injectable } from '@nestjs/common';
import { strategyFor } from '@tidemark/cdc';
import { SourceConnections } from './connections/source-connections';
import { WatermarkConnection } from './connections/watermark-connection';
import { TableJob } from './table-job';

const TABLE_ROWS_SQL =
  'SELECT TABLE_ROWS AS estimate FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?';

/** Cheap guesses of how many rows an extraction will read, for progress displays. */
@Injectable()
export class RowEstimates {
  constructor(
    @Inject(SourceConnections) private readonly sources: SourceConnections,
    @Inject(WatermarkConnection) private readonly watermarks: WatermarkConnection,
  ) {}

  /**
   * MySQL's table statistics when the run reads the whole table (a snapshot,
   * or a first run from the start), capped by `limitRows`; otherwise
   * `limitRows`. An estimate that fails is no estimate: the run goes on.
   */
  async extractRows(job: TableJob, limitRows?: number): Promise<number | undefined> {
    try {
      if (!(await this.readsWholeTable(job))) return limitRows;
      const { target } = job;
      const source = await this.sources.source(target.connection);
      const [row] = await source.query<{ estimate: string | number | null }>({
        sql: TABLE_ROWS_SQL,
        params: [target.sourceSchema, target.sourceTable],
      });
      const estimate = row?.estimate === null || row?.estimate === undefined ? NaN : Number(row.estimate);
      if (!Number.isFinite(estimate)) return limitRows;
      return limitRows === undefined ? estimate : Math.min(limitRows, estimate);
    } catch {
      return limitRows;
    }
  }

  private async readsWholeTable({ pipeline, target, config }: TableJob): Promise<boolean> {
    if (strategyFor(config.strategy).snapshot) return true;
    const api = await this.watermarks.api();
    const cursor = (await api.get({ pipeline: pipeline.name, table: target.key }))?.extract.cursor;
    if (cursor?.timestamp || cursor?.primaryKey) return false;
    return (await api.defaultStart(new Date())) === null;
  }
}
