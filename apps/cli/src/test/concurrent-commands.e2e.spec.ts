import { CliFixture, CliWorld } from './cli.fixture';

// Every `tidemark` command is a process of its own, and with the default
// SQLite store they all open the same file: a cron's syncs, and a user's
// commands beside them. Before each process waited for the others, the first
// commands on a new store failed with "table already exists" (two migrating at
// once) and "database is locked" (a transaction that had read could not write
// once another process had written).

const COMMANDS = 4;
const ROUNDS = 3;
const TABLES = ['shop.a', 'shop.b'];

interface HistoryEntry {
  action: string;
  after: { extract: { cursor: { timestamp: string | null } } };
}

describe('tidemark commands started at the same moment on one new SQLite store (built binary)', () => {
  const world = new CliWorld();
  let cli: CliFixture;

  beforeAll(async () => {
    ({ cli } = await world.open('tm_concur'));
  });

  afterAll(() => world.close());

  it(`${COMMANDS} × watermark set, two on each table: every one exits 0 and is recorded (${ROUNDS} new stores)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const config = cli.writeConfig(`round${round}`);
      const stamps = Array.from({ length: COMMANDS }, (_, i) => `2025-01-0${i + 1} 00:00:00.000000`);
      const tableOf = (i: number) => TABLES[i % TABLES.length];
      const runs = await Promise.all(
        stamps.map((stamp, i) => cli.runAsync(config, ['watermark', 'set', '-t', tableOf(i), '--timestamp', stamp])),
      );
      expect(runs.map((r) => `exit ${r.status} ${r.stderr}`)).toEqual(stamps.map(() => 'exit 0 '));

      for (const table of TABLES) {
        const history = cli.json<HistoryEntry[]>(config, ['watermark', 'history', '-t', table]);
        const set = stamps.filter((_, i) => tableOf(i) === table);
        expect(history.map((h) => h.after.extract.cursor.timestamp).sort()).toEqual(set);
      }
    }
  });
});
