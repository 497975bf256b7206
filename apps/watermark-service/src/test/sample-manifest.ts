import { loadOrderValue, Manifest } from '@tidemark/watermark-model';

/**
 * A manifest whose parts add up, for commits through the API. Given the
 * commit's fencing token, it carries a load order made with it, as an
 * extractor's does; without one, none, as an earlier version's.
 */
export function sampleManifest(id: string, table: string, maxTs: string, rows = 10, pipeline = 'p', fencingToken?: number): Manifest {
  return {
    version: 1,
    id,
    pipeline,
    table,
    runId: 'run-1',
    sequence: 1,
    createdAt: '2025-08-01T10:00:00.000Z',
    strategy: 'hybrid',
    cursorColumn: 'updated_at',
    primaryKey: ['id'],
    columns: [
      { name: 'id', dataType: 'bigint', columnType: 'bigint(20) unsigned', nullable: false, length: null, precision: 20, scale: 0, charset: null },
    ],
    ...(fencingToken === undefined ? {} : { loadOrder: { column: '_tidemark_load_order', value: loadOrderValue(fencingToken, 1) } }),
    schemaFingerprint: '0123456789abcdef',
    files: [{ key: `k/${id}.parquet`, uri: `file:///k/${id}.parquet`, rows, bytes: 100, sha256: 'a'.repeat(64) }],
    rowCount: rows,
    byteCount: 100,
    minCursor: { timestamp: '2025-08-01 00:00:00.000000', primaryKey: ['1'] },
    maxCursor: { timestamp: maxTs, primaryKey: [String(rows)] },
  };
}
