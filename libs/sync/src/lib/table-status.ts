import { BoundQuery, SourceZone, strategyFor, zoneOfColumn } from '@tidemark/cdc';
import { Inject, Injectable } from '@nestjs/common';
import { loadModeIn, TidemarkConfig } from '@tidemark/config';
import { badInput, isTidemarkError } from '@tidemark/errors';
import { findColumn, readSourceNow } from '@tidemark/source';
import {
  canonicalTimestamp,
  FreshnessSummary,
  millisFromCanonical,
  readRestorablePoint,
  RestorablePoint,
  skippedManifestsOf,
  summarizeFreshness,
  Watermark,
} from '@tidemark/watermark-model';
import { SourceConnections } from './connections/source-connections';
import { TIDEMARK_CONFIG } from './connections/tokens';
import { WatermarkConnection } from './connections/watermark-connection';
import { TableJobs } from './table-job';

export interface TableStatus {
  pipeline: string;
  table: string;
  /** Null for a table listed in config that has never been synced. */
  watermark: Watermark | null;
  pendingManifests: number;
  pendingRows: number;
  /** Rows whose cursor was after the source's clock at the last extract run (they never move the cursor). */
  futureRows: number;
  /** Manifests set aside by `tidemark manifest skip`, never loaded until retried. */
  skippedManifests: number;
  skippedRows: number;
  /** Seconds between the newest cursor value at the source and the watermark's (with `lag`). */
  lagSeconds?: number | null;
  lagError?: string;
  /** With `lag`: seconds from source commit to queryable, over the table's recent loads (ADR 0043); null: none measured. */
  freshness?: FreshnessSummary | null;
  /** How far back a restore can rebuild the table from the object store (null: never synced). */
  restorable: RestorablePoint | null;
}

const seconds = (from: string, to: string) => (millisFromCanonical(to) - millisFromCanonical(from)) / 1000;

/**
 * Every table that has a watermark or is listed in a pipeline, with what is
 * waiting to be loaded; with `lag`, how far each timestamp cursor trails the
 * source (one MAX query per table) and how fresh its recent loads were
 * (its manifest list read from the watermark authority).
 */
@Injectable()
export class TableStatuses {
  constructor(
    @Inject(TIDEMARK_CONFIG) private readonly config: TidemarkConfig,
    @Inject(TableJobs) private readonly jobs: TableJobs,
    @Inject(SourceConnections) private readonly sources: SourceConnections,
    @Inject(WatermarkConnection) private readonly watermarks: WatermarkConnection,
  ) {}

  async list(o: { pipeline?: string; lag?: boolean } = {}): Promise<TableStatus[]> {
    const api = await this.watermarks.api();
    const known = new Map<string, TableStatus>();
    for (const w of await api.list({ pipeline: o.pipeline })) {
      known.set(`${w.pipeline}\u0000${w.table}`, {
        pipeline: w.pipeline,
        table: w.table,
        watermark: w,
        pendingManifests: 0,
        pendingRows: 0,
        futureRows: Number(w.metadata['futureRows'] ?? 0),
        ...skippedManifestsOf(w.metadata),
        restorable: null,
      });
    }
    for (const p of Object.values(this.config.pipelines)) {
      if (o.pipeline && p.name !== o.pipeline) continue;
      for (const t of p.tables) {
        const key = `${p.name}\u0000${t.key}`;
        if (!known.has(key)) {
          known.set(key, {
            pipeline: p.name,
            table: t.key,
            watermark: null,
            pendingManifests: 0,
            pendingRows: 0,
            futureRows: 0,
            skippedManifests: 0,
            skippedRows: 0,
            restorable: null,
          });
        }
      }
    }
    const statuses = [...known.values()].sort((a, b) =>
      `${a.pipeline}.${a.table}`.localeCompare(`${b.pipeline}.${b.table}`),
    );
    for (const s of statuses) {
      const pending = await api.pendingManifests(s);
      s.pendingManifests = pending.length;
      s.pendingRows = pending.reduce((n, m) => n + m.rowCount, 0);
      if (s.watermark) {
        s.restorable = await readRestorablePoint(api, s, loadModeIn(this.config, s.pipeline, s.table) === 'append');
      }
      if (o.lag) {
        await this.addLag(s);
        s.freshness = summarizeFreshness(await api.manifests(s), Date.now());
      }
    }
    return statuses;
  }

  private async addLag(s: TableStatus): Promise<void> {
    try {
      const { config, target } = this.jobs.job(s.pipeline, s.table);
      const strategy = strategyFor(config.strategy);
      if (!strategy.needsCursorColumn) return;
      const source = await this.sources.source(target.connection);
      const table = await source.describeTable(target.sourceSchema, target.sourceTable);
      const cursorColumn = findColumn(table, config.cursorColumn);
      if (!cursorColumn) throw badInput(`${s.table} has no cursor column "${config.cursorColumn}"`);
      const keyset = { ...table, cursorColumn, keyColumns: table.primaryKey };
      const zone = zoneOfColumn(
        cursorColumn.dataType,
        SourceZone.parse(this.sources.options(target.connection).timezone),
      );
      // The newest row up to the source's clock: a future-dated row must not make the table look current.
      const now = await readSourceNow((q) => source.query(q));
      const query = strategy.ceilingQuery(keyset, { filter: config.where, notAfter: zone.toSource(now) }) as BoundQuery;
      const [{ ceiling }] = await source.query<{ ceiling: string | null }>(query);
      const cursor = s.watermark?.extract.cursor.timestamp ?? null;
      if (ceiling === null) s.lagSeconds = 0;
      else if (cursor === null) s.lagSeconds = null;
      else s.lagSeconds = Math.max(0, seconds(cursor, zone.toUtc(canonicalTimestamp(String(ceiling)))));
    } catch (error) {
      s.lagError = isTidemarkError(error) ? error.message : (error as Error).message;
    }
  }
}
