import { Manifest } from '@tidemark/watermark-model';

/** A valid manifest of p/shop.orders (or `table`) whose cursor ends at `maxTs`. */
export function manifest(id: string, maxTs: string, rows: number, files = 1, table = 'shop.orders'): Manifest {
  return {
    version: 1,
    id,
    pipeline: 'p',
    table,
    runId: 'run',
    sequence: 1,
    createdAt: new Date().toISOString(),
    strategy: 'hybrid',
    cursorColumn: 'updated_at',
    primaryKey: ['id'],
    columns: [{ name: 'id', dataType: 'int', columnType: 'int(11)', nullable: false, length: null, precision: 10, scale: 0, charset: null }],
    schemaFingerprint: 'f',
    files: Array.from({ length: files }, (_, i) => ({ key: `k${i}`, uri: `file:///k${i}`, rows: rows / files, bytes: 10, sha256: 'a'.repeat(64) })),
    rowCount: rows,
    byteCount: 10 * files,
    minCursor: { timestamp: '2025-01-01 00:00:00.000000', primaryKey: ['1'] },
    maxCursor: { timestamp: maxTs, primaryKey: ['9'] },
  };
}
