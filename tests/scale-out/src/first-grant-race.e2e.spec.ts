import { isTidemarkError } from '@tidemark/errors';
import { buildApps, makeTempDir, PostgresFixture } from '@tidemark/testing';
import { HttpWatermarkClient } from '@tidemark/watermark-client';
import { leaseHistoryProblems } from './lease-history';
import { API_TOKEN, SharedWatermarkService } from './shared-watermark-service.fixture';

const PIPELINE = 'race';
const TABLES = 20;
const REPLICAS = ['replica-a', 'replica-b', 'replica-c'];

describe('replicas of the watermark service started together on a new PostgreSQL store, asked for a table\'s first lease at the same moment', () => {
  let pg: PostgresFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let service: SharedWatermarkService;

  beforeAll(async () => {
    buildApps('watermark-service');
    pg = await PostgresFixture.connect();
    dir = makeTempDir();
    // Started at the same moment, they all migrate the new store: before the migration lock, all but one failed to start.
    service = await SharedWatermarkService.start(pg, dir.path, REPLICAS.length);
  }, 300_000);

  afterAll(async () => {
    await service?.close();
    await pg?.close();
    dir?.remove();
  });

  it('grants each fresh table to exactly one holder, whichever replica it asked, and answers the others 409', async () => {
    // No retries: a 500 must show as what it is. Each holder asks through a replica of its own.
    const clients = service.processes.map((p) => new HttpWatermarkClient({ url: p.url, token: API_TOKEN, retryDelaysMs: [] }));
    const wrong: Array<{ table: string; granted: string[]; refused: string[] }> = [];
    for (let t = 1; t <= TABLES; t++) {
      const table = `shop.t${t}`;
      const answers = await Promise.allSettled(
        REPLICAS.map((holder, i) => clients[i].acquireLease({ pipeline: PIPELINE, table, stage: 'extract', holder, ttlSeconds: 30 })),
      );
      const granted = answers.flatMap((a) => (a.status === 'fulfilled' ? [`${a.value.holder} token ${a.value.token}`] : []));
      const refused = answers.flatMap((a) =>
        a.status === 'rejected' ? [isTidemarkError(a.reason) ? `${a.reason.code}: ${a.reason.message}` : String(a.reason)] : [],
      );
      if (granted.length !== 1 || refused.some((r) => !r.startsWith('CONFLICT: '))) wrong.push({ table, granted, refused });
    }
    expect(wrong).toEqual([]);
    expect(leaseHistoryProblems(await service.leaseEvents(PIPELINE))).toEqual([]);
  });
});
