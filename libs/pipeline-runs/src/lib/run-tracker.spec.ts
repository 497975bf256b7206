import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@tidemark/config';
import { PipelineRunner, SyncModule, WatermarkConnection } from '@tidemark/sync';
import { MYSQL, RealServers, writeConfigFiles } from '@tidemark/testing';
import { HistoryEntry } from '@tidemark/watermark-model';
import { RunTracker } from './run-tracker';

const TABLES = ['a', 'b', 'c', 'd', 'e'];

/** The most tables whose stage ran at one moment, from each table's `<stage>-started` and last history entry after it. */
function mostAtOnce(histories: HistoryEntry[][], stage: string): number {
  const spans = histories.map((h) => {
    const start = h.findIndex((e) => e.action === `${stage}-started`);
    return { from: Date.parse(h[start].at), to: Date.parse(h[h.length - 1].at) };
  });
  return Math.max(...spans.map((s) => spans.filter((o) => o.from <= s.from && s.from < o.to).length));
}

describe('RunTracker works a pipeline up to parallelTables tables at once (real servers)', () => {
  let servers: RealServers;
  let app: INestApplicationContext;
  const key = (t: string) => `${servers.db.database}.${t}`;

  beforeAll(async () => {
    servers = await RealServers.open('tm_tracker');
    const tables = TABLES.map((t) => `  ${key(t)}: { batchSize: 200 }`).join('\n');
    const config = writeConfigFiles(servers.dir.path, 'config', {
      extra: 'parallelTables: 2',
      pipelines: { shop: `connection: default\ntables:\n${tables}\n` },
    });
    for (const t of TABLES) {
      await servers.db.exec(
        `CREATE TABLE ${t} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, note VARCHAR(40))`,
      );
      const rows = Array.from({ length: 2000 }, (_, n) => [
        n + 1,
        `2025-01-01 00:00:${String(n % 60).padStart(2, '0')}`,
        `${t} ${n}`,
      ]);
      await servers.db.insert(t, ['id', 'updated_at', 'note'], rows);
    }
    const loaded = loadConfig(config, { ...process.env, TEST_MYSQL_PASSWORD: MYSQL.password });
    app = await NestFactory.createApplicationContext(SyncModule.forConfig(loaded), { logger: false });
  });

  afterAll(async () => {
    await app?.close();
    await servers?.close();
  });

  it.each(['extract', 'load'] as const)(
    '%s stage: every table succeeds, never more than 2 at once, and 2 at once at some point',
    async (stage) => {
      const outcomes = await new RunTracker(app.get(PipelineRunner), stage).run('shop');
      expect(outcomes.map((o) => [o.table, o.status])).toEqual(TABLES.map((t) => [key(t), 'success']));
      const api = await app.get(WatermarkConnection).api();
      const histories = await Promise.all(TABLES.map((t) => api.history({ pipeline: 'shop', table: key(t) })));
      const ordered = histories.map((h) =>
        [...h].sort((x, y) => x.id - y.id).filter((e) => e.action.startsWith(stage)),
      );
      expect(mostAtOnce(ordered, stage)).toBe(2);
    },
  );
});
