import { S3Store, tablePrefix } from '@tidemark/object-store';
import { quotePostgres, quotePostgresQualified } from '@tidemark/schema';
import { PostgresFixture } from '@tidemark/testing';
import { LEDGER_TABLE, MANIFEST_COLUMN } from '@tidemark/warehouse';
import { Manifest } from '@tidemark/watermark-model';
import {
  LeaseEntity,
  ManifestEntity,
  openWatermarkDataSource,
  WatermarkStore,
  WatermarkStoreOptions,
} from '@tidemark/watermark-store';
import { LoadMode, OBJECT_PREFIX } from './crash-config.fixture';
import { TableState } from './table-state';

export interface StateSources {
  store: WatermarkStoreOptions;
  s3: S3Store;
  pg: PostgresFixture;
  /** Source database = warehouse schema. */
  schema: string;
  table: string;
  loadMode: LoadMode;
}

const PIPELINE = 'default';

async function storeState(s: StateSources): Promise<Pick<TableState, 'watermark' | 'manifests' | 'leases'>> {
  const id = { pipeline: PIPELINE, table: `${s.schema}.${s.table}` };
  const dataSource = await openWatermarkDataSource(s.store);
  try {
    const rows = await dataSource.getRepository(ManifestEntity).findBy({ pipeline: id.pipeline, tableKey: id.table });
    const leases = await dataSource.getRepository(LeaseEntity).findBy({ pipeline: id.pipeline, tableKey: id.table });
    const now = Date.now();
    return {
      watermark: await new WatermarkStore(dataSource).get(id),
      manifests: rows.map((r) => ({ status: r.status, body: JSON.parse(r.body) as Manifest })),
      leases: leases.map((l) => ({ stage: l.stage, token: l.token, live: l.expiresAt > now })),
    };
  } finally {
    await dataSource.destroy();
  }
}

async function parquetObjects(s: StateSources): Promise<Map<string, number>> {
  const prefix = tablePrefix({
    prefix: OBJECT_PREFIX,
    pipeline: PIPELINE,
    connection: 'default',
    schema: s.schema,
    table: s.table,
  });
  const out = new Map<string, number>();
  for await (const o of s.s3.list(`${prefix}/`)) if (o.key.endsWith('.parquet')) out.set(o.key, o.bytes);
  return out;
}

async function warehouseState(s: StateSources): Promise<Pick<TableState, 'ledger' | 'target'>> {
  const [exists] = await s.pg.rows<{ ledger: string | null; target: string | null }>(
    'SELECT to_regclass($1) AS ledger, to_regclass($2) AS target',
    [quotePostgresQualified(s.schema, LEDGER_TABLE), quotePostgresQualified(s.schema, s.table)],
  );
  const ledger = new Map<string, number>();
  if (exists.ledger !== null) {
    const rows = await s.pg.rows<{ manifest_id: string; row_count: string }>(
      `SELECT manifest_id, row_count FROM ${quotePostgresQualified(s.schema, LEDGER_TABLE)} WHERE table_key = $1`,
      [`${s.schema}.${s.table}`],
    );
    for (const r of rows) ledger.set(r.manifest_id, Number(r.row_count));
  }
  if (exists.target === null) return { ledger, target: null };
  if (s.loadMode === 'merge') {
    const [{ n }] = await s.pg.rows<{ n: number }>(`SELECT count(*)::int AS n FROM ${quotePostgresQualified(s.schema, s.table)}`);
    return { ledger, target: { rows: n, rowsByManifest: null } };
  }
  const groups = await s.pg.rows<{ manifest: string; n: number }>(
    `SELECT ${quotePostgres(MANIFEST_COLUMN)} AS manifest, count(*)::int AS n
       FROM ${quotePostgresQualified(s.schema, s.table)} GROUP BY 1`,
  );
  const rowsByManifest = new Map(groups.map((g) => [g.manifest, g.n]));
  return { ledger, target: { rows: groups.reduce((n, g) => n + g.n, 0), rowsByManifest } };
}

/** Everything a crash could have left half done, read from the store, S3 and the warehouse. */
export async function readTableState(s: StateSources): Promise<TableState> {
  return {
    loadMode: s.loadMode,
    ...(await storeState(s)),
    parquet: await parquetObjects(s),
    ...(await warehouseState(s)),
  };
}
