import { spawnSync } from 'node:child_process';
import { MYSQL, MysqlFixture } from '@tidemark/testing';
import { BIN, CliFixture, CliWorld } from './cli.fixture';

const ESC = String.fromCharCode(27);
const ROWS = 6000;

/** `script` gives the binary a pseudo-terminal on stdin, stdout and stderr, as a user's shell does. */
function runInTerminal(args: string[]): { status: number | null; output: string } {
  const command = ['stty cols 160 rows 40;', ...['node', BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`)].join(' ');
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, TEST_MYSQL_PASSWORD: MYSQL.password },
  });
  return { status: r.status, output: r.stdout };
}

describe('tidemark sync on a terminal: the live progress block (built binary under a pseudo-terminal)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let cli: CliFixture;
  let config: string;

  beforeAll(async () => {
    ({ db, cli } = await world.open('tm_tty'));
    config = cli.writeConfig('config', {
      extra: 'extract: { targetFileBytes: 65536 }',
      pipelines: { default: `connection: default\ntables:\n  ${db.database}.events: { batchSize: 500 }\n` },
    });
    await db.exec('CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, payload VARCHAR(64) NOT NULL)');
    await db.exec(
      `INSERT INTO events SELECT seq, TIMESTAMP('2025-01-01') + INTERVAL seq SECOND, SHA2(seq, 256) FROM seq_1_to_${ROWS}`,
    );
    await db.exec('ANALYZE TABLE events'); // the row estimate the ETA is computed from
  });

  afterAll(() => world.close());

  it('redraws one line per running table in place, with rows, rows/s and an ETA, then leaves the finished line', () => {
    const { status, output } = runInTerminal(['--config', config, 'sync', '-t', `${db.database}.events`]);
    expect(status).toBe(0);
    // Redrawn in place: cursor up and clear-down, as a terminal applies them.
    expect(output).toMatch(new RegExp(`${ESC}\\[\\d*A`));
    expect(output).toContain(`${ESC}[0J`);
    const frames = output.split(/\r?\n/).filter((l) => l.includes('extracting: '));
    expect(frames.length).toBeGreaterThan(1);
    expect(frames.some((l) => /extracting: [\d,]+ of ~[\d,]+ rows in \d+ file\(s\) so far, [\d,]+ rows\/s, ETA ~\d+s/.test(l))).toBe(
      true,
    );
    expect(output).toMatch(new RegExp(`${db.database}\\.events +success: extracted 6,000 rows in \\d+ file\\(s\\), loaded 6,000 rows`));
    // The plain per-file lines are for pipes and files, not a terminal.
    expect(output).not.toMatch(/^\S+\.events: [\d,]+ (of ~[\d,]+ )?rows in \d+ file\(s\) so far/m);
    expect(output).toMatch(/every table succeeded; report: /);
  });

  it('prints plain lines, and no escape sequences, when stderr is not a terminal', async () => {
    await db.exec(`UPDATE events SET updated_at = updated_at + INTERVAL 1 DAY WHERE id <= 3000`);
    const r = cli.run(config, ['sync', '-t', `${db.database}.events`]);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain(ESC);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stderr).toMatch(new RegExp(`^${db.database}\\.events: [\\d,]+ (of ~[\\d,]+ )?rows in \\d+ file\\(s\\) so far`, 'm'));
    // The load follows the extract (ADR 0036): one line per load that took manifests, 3,000 rows in all.
    const loaded = [...r.stderr.matchAll(new RegExp(`^${db.database}\\.events: loaded ([\\d,]+) rows from \\d+ manifest\\(s\\)`, 'gm'))];
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.reduce((n, m) => n + Number(m[1].replace(/,/g, '')), 0)).toBe(3000);
  });
});
