import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { MysqlFixture, POSTGRES_URL, s3Settings, uniqueName } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

/** Issue 18, "smaller defects": what a user coming from the old tool met on first use (built binary, real servers). */
describe('small defects met coming from the old tool (built binary, real MariaDB, PostgreSQL and S3)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let cli: CliFixture;
  let configs = 0;
  const configWith = (pipelines: Record<string, string>) => cli.writeConfig(`config-${++configs}`, { pipelines });
  const ok = (config: string, ...args: string[]) => {
    const r = cli.run(config, args);
    if (r.status !== 0) throw new Error(`tidemark ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    ({ db, cli } = await world.open('hm_small'));
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec("INSERT INTO orders VALUES (1, '2025-08-01 10:00:00'), (2, '2025-08-02 10:00:00')");
    await db.exec('CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(40) NOT NULL, created DATE)');
    await db.exec("INSERT INTO countries VALUES ('NL', 'Netherlands', '2020-01-01')");
  });
  afterAll(() => world.close());

  describe('watermark get says where the next run really starts', () => {
    it('after a reset, with a default watermark set: after the default, not "the beginning"', () => {
      const config = configWith({});
      const table = `${db.database}.orders`;
      ok(config, 'sync', '-t', table);
      ok(config, 'watermark', 'default', 'set', '--timestamp', '2025-08-02');
      ok(config, 'watermark', 'reset', '-t', table, '--yes');
      const out = ok(config, 'watermark', 'get', '-t', table);
      expect(out).toContain('Next run starts after the default watermark 2025-08-02 00:00:00.000000 (the table has no cursor of its own)');
      expect(out).not.toContain('the beginning');
      expect(ok(config, 'sync', '-t', table, '--backup-only')).toContain('extracted 1 rows');
    });

    it('after a reset, with a preset default: before each run', () => {
      const config = configWith({});
      const table = `${db.database}.orders`;
      ok(config, 'watermark', 'default', 'set', '--preset', '1d');
      ok(config, 'sync', '-t', table, '--backup-only');
      ok(config, 'watermark', 'reset', '-t', table, '--yes');
      expect(ok(config, 'watermark', 'get', '-t', table)).toContain(
        'Next run starts after the default watermark: 1d before the run starts (the table has no cursor of its own)',
      );
    });

    it('of a full_sync table: every run reads the whole table', () => {
      const table = `${db.database}.countries`;
      const config = configWith({ default: `connection: default\ntables:\n  ${table}: { strategy: full_sync }\n` });
      ok(config, 'sync', '-t', table);
      const out = ok(config, 'watermark', 'get', '-t', table);
      expect(out).toContain('Next run reads the whole table (strategy full_sync: each run is a full snapshot)');
      expect(out).not.toContain('Next incremental run');
      expect(out).not.toContain('(any time)');
    });
  });

  it('a table with no DATETIME or TIMESTAMP column: the error suggests full_sync or id_only', () => {
    const config = configWith({});
    const r = cli.run(config, ['sync', '-t', `${db.database}.countries`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `table ${db.database}.countries has no DATETIME or TIMESTAMP column to track changes by: ` +
        'set `strategy: full_sync` for it in the pipeline config (each run copies the whole table), ' +
        'or `strategy: id_only` (each run copies the rows with a higher key; changes to old rows are missed)',
    );
  });

  it('a zero date is echoed back as typed', () => {
    const config = configWith({});
    const r = cli.run(config, ['watermark', 'set', '-t', `${db.database}.orders`, '--timestamp', '0000-00-00 00:00:00']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: invalid timestamp "0000-00-00 00:00:00": no such date or time\n');
  });

  it('the manual_cli mark of a cursor set by hand is cleared when a run moves the cursor', () => {
    const config = configWith({});
    const table = `${db.database}.orders`;
    ok(config, 'sync', '-t', table);
    expect(ok(config, 'watermark', 'set', '-t', table, '--timestamp', '2025-08-01 12:00:00')).toContain('(cursor set by hand)');
    ok(config, 'sync', '-t', table);
    const w = JSON.parse(ok(config, 'watermark', 'get', '-t', table, '--json'));
    expect([w.backupStrategy, w.extract.cursor.timestamp]).toEqual(['sequential', '2025-08-02 10:00:00.000000']);
    expect(ok(config, 'watermark', 'get', '-t', table)).not.toContain('(cursor set by hand)');
  });

  it('a sync to S3 on Node 20, the variable unset, prints no AWS SDK notice about Node versions (a guard: main had fixed it)', async () => {
    const s3 = s3Settings();
    const bucket = uniqueName('hm-small').replace(/_/g, '-').toLowerCase();
    const client = new S3Client({ ...s3, forcePathStyle: true, credentials: s3 });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    client.destroy();
    await db.exec('CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec("INSERT INTO events VALUES (1, '2025-08-01 10:00:00')");
    const config = configWith({});
    writeFileSync(
      join(config, 'tidemark.yml'),
      [
        `watermarkStore: { type: sqlite, path: config-${configs}-state/watermarks.sqlite }`,
        `objectStore: { type: s3, bucket: ${bucket}, endpoint: "${s3.endpoint}", region: ${s3.region}, accessKeyId: "${s3.accessKeyId}", secretAccessKey: "${s3.secretAccessKey}" }`,
        `warehouse: { type: postgres, url: "${POSTGRES_URL}" }`,
      ].join('\n'),
    );
    const r = cli.run(config, ['sync', '-t', `${db.database}.events`], { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined });
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/1 of 1 succeeded/);
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|AWS SDK/);
  });
});
