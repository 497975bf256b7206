import { PostgresFixture, waitUntil } from '@tidemark/testing';
import { ManifestSummary } from '@tidemark/watermark-model';

/**
 * A table's registered manifests once all are loaded (or `timeoutMs` has
 * passed), and how many times the warehouse ledger holds each manifest id.
 */
export async function manifestsAndLedger(
  pg: PostgresFixture,
  schema: string,
  table: string,
  manifests: () => Promise<ManifestSummary[]>,
  timeoutMs: number,
): Promise<{ all: ManifestSummary[]; ledger: { manifest_id: string; times: number }[] }> {
  await waitUntil(async () => (await manifests()).every((m) => m.status === 'loaded'), timeoutMs, 200);
  const all = await manifests();
  const ledger = await pg.rows<{ manifest_id: string; times: string }>(
    `SELECT manifest_id, COUNT(*) AS times FROM "${schema}"."_tidemark_loads" WHERE table_key = $1 GROUP BY manifest_id`,
    [table],
  );
  return { all, ledger: ledger.map((l) => ({ manifest_id: l.manifest_id, times: Number(l.times) })) };
}
