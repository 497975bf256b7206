import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { closedPort, generateKey, MysqlFixture, POSTGRES_URL, s3Settings, TestBastion, uniqueName } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

type Stage = 'extract' | 'load';

/**
 * One table of one pipeline synced by the built binary, and what a failed
 * run must leave behind: the stage it hit `failed` with its one-line error
 * and time, `status` exiting 1 and showing that error, until a run that
 * works clears it. Every run is asynchronous: the SSH bastion answers from
 * this process.
 */
class FailureProbe {
  private nextId = 1;

  constructor(
    private readonly cli: CliFixture,
    readonly config: string,
    readonly db: MysqlFixture,
    readonly table: string,
  ) {}

  run(args: string[], env: NodeJS.ProcessEnv = {}) {
    return this.cli.runAsync(this.config, args, env);
  }

  /** A new source row, so that every run has something to extract and to load. */
  async addRow(): Promise<void> {
    const id = this.nextId++;
    await this.db.exec('INSERT INTO t VALUES (?, ?)', [id, `2025-08-01 10:00:${String(id).padStart(2, '0')}`]);
  }

  async watermark() {
    const r = await this.run(['watermark', 'get', '-p', 'shop', '-t', this.table, '--json']);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout);
  }

  /** Replaces `from` with `to` in a file of the config; gives back the undo. */
  edit(file: string, from: string, to: string): () => void {
    const path = join(this.config, file);
    const before = readFileSync(path, 'utf8');
    expect(before).toContain(from);
    writeFileSync(path, before.replace(from, to));
    return () => writeFileSync(path, before);
  }

  async syncs(args: string[] = []): Promise<void> {
    await this.addRow();
    const r = await this.run(['sync', '-p', 'shop', ...args]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.not.stringMatching(/error/) });
  }

  /** The run fails on `stage`, and the watermark, `status` and `status --json` say so. */
  async failsOn(stage: Stage, error: RegExp, o: { args?: string[]; env?: NodeJS.ProcessEnv; newRow?: boolean } = {}): Promise<void> {
    const { args = [], env = {}, newRow = true } = o;
    if (newRow) await this.addRow();
    const before = await this.watermark();
    const startedAt = Date.now();
    const sync = await this.run(['sync', '-p', 'shop', ...args], env);
    expect(sync.status).toBe(1);
    expect(sync.stderr).toMatch(error);

    const after = await this.watermark();
    expect(after[stage].status).toBe('failed');
    expect(after[stage].lastError).toMatch(error);
    expect(after[stage].lastError).not.toMatch(/\n|\s{2}|\bat \S+ \(/);
    expect(Date.parse(after[stage].lastRunAt)).toBeGreaterThanOrEqual(startedAt);
    if (stage === 'extract') expect(after.extract.cursor).toEqual(before.extract.cursor);
    else expect(after.load.rowsLoaded).toBe(before.load.rowsLoaded);

    const status = await this.run(['status', '-p', 'shop']);
    expect(status.status).toBe(1);
    expect(status.stdout).toContain(`shop ${this.table} ${stage} failed at ${after[stage].lastRunAt}: ${after[stage].lastError}`);
    const json = await this.run(['status', '-p', 'shop', '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)[0].watermark[stage]).toMatchObject({ status: 'failed', lastError: after[stage].lastError });
  }

  /** A run that works clears the failure: both stages `success`, no error, `status` exits 0. */
  async clearedByASuccessfulRun(): Promise<void> {
    await this.syncs();
    const w = await this.watermark();
    expect(w.extract).toMatchObject({ status: 'success', lastError: null });
    expect(w.load).toMatchObject({ status: 'success', lastError: null });
    expect((await this.run(['status', '-p', 'shop'])).status).toBe(0);
    expect((await this.run(['status', '-p', 'shop', '--json'])).status).toBe(0);
  }
}

const PIPELINE = (table: string) => `connection: default\ntables:\n  ${table}:\n`;

async function sourceTable(db: MysqlFixture): Promise<string> {
  await db.exec('CREATE TABLE t (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
  return `${db.database}.t`;
}

describe('a run that cannot reach MySQL, the warehouse or the SSH bastion records it on its stage; `status` exits 1 until a run works (built binary, real servers)', () => {
  const world = new CliWorld();
  let probe: FailureProbe;
  let cli: CliFixture;
  let bastion: TestBastion;
  const userKey = generateKey();

  beforeAll(async () => {
    const opened = await world.open('tm_fail');
    cli = opened.cli;
    const table = await sourceTable(opened.db);
    const config = cli.writeConfig('config', { pipelines: { shop: PIPELINE(table) } });
    probe = new FailureProbe(cli, config, opened.db, table);
    bastion = await TestBastion.start('tunnel', userKey.public);
    writeFileSync(join(cli.dir.path, 'bastion-key'), userKey.private);
    await probe.syncs();
  });

  afterAll(async () => {
    await bastion?.close();
    await world.close();
  });

  it('MySQL on a stopped port: extract failed, naming the server', async () => {
    const port = await closedPort();
    const restore = probe.edit('connections/default.yml', 'port: 3306', `port: ${port}`);
    try {
      await probe.failsOn('extract', new RegExp(`cannot connect to MySQL connection "default" at 127\\.0\\.0\\.1:${port} as root: ECONNREFUSED`));
    } finally {
      restore();
    }
    await probe.clearedByASuccessfulRun();
  });

  it('MySQL refusing the login (a wrong password for root): extract failed, naming the server', async () => {
    await probe.failsOn(
      'extract',
      /cannot connect to MySQL connection "default" at 127\.0\.0\.1:3306 as root: ER_ACCESS_DENIED_ERROR Access denied for user 'root'/,
      { env: { TEST_MYSQL_PASSWORD: 'hf-not-the-password' } },
    );
    await probe.clearedByASuccessfulRun();
  });

  it('the warehouse on a stopped port: load failed, naming the server', async () => {
    const port = await closedPort();
    const restore = probe.edit('tidemark.yml', POSTGRES_URL, POSTGRES_URL.replace(':5432/', `:${port}/`));
    try {
      await probe.failsOn('load', new RegExp(`cannot connect to the warehouse at 127\\.0\\.0\\.1:${port}/\\w+: connect ECONNREFUSED`));
    } finally {
      restore();
    }
    await probe.clearedByASuccessfulRun();
  });

  it('the warehouse refusing the login (a role that does not exist: trust auth lets every existing role in): load failed', async () => {
    const role = uniqueName('hf_no_role');
    const restore = probe.edit('tidemark.yml', 'postgresql://postgres@', `postgresql://${role}@`);
    try {
      await probe.failsOn('load', new RegExp(`cannot connect to the warehouse at 127\\.0\\.0\\.1:5432/\\w+: role "${role}" does not exist`));
    } finally {
      restore();
    }
    await probe.clearedByASuccessfulRun();
  });

  it('the warehouse down while nothing waits to load (--redshift-only): load failed, and a later empty load clears it', async () => {
    const port = await closedPort();
    const restore = probe.edit('tidemark.yml', POSTGRES_URL, POSTGRES_URL.replace(':5432/', `:${port}/`));
    try {
      const r = await probe.run(['sync', '-p', 'shop', '--redshift-only']);
      expect(r.status).toBe(1);
      expect((await probe.watermark()).load).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/ECONNREFUSED/) });
    } finally {
      restore();
    }
    expect((await probe.run(['sync', '-p', 'shop', '--redshift-only'])).status).toBe(0);
    expect((await probe.watermark()).load).toMatchObject({ status: 'success', lastError: null });
    expect((await probe.run(['status', '-p', 'shop'])).status).toBe(0);
  });

  it('a synced table gone from the source (renamed away): extract failed; back under its name, the next run clears it', async () => {
    const [schema] = probe.table.split('.');
    await probe.db.exec(`RENAME TABLE t TO t_away`);
    try {
      await probe.failsOn('extract', new RegExp(`table ${schema}\\.t does not exist in MySQL connection "default"`), { newRow: false });
    } finally {
      await probe.db.exec(`RENAME TABLE t_away TO t`);
    }
    await probe.clearedByASuccessfulRun();
  });

  it('a table never synced that does not exist (a mistyped -t or table entry): bad input, nothing recorded', async () => {
    const [schema] = probe.table.split('.');
    const missing = `${schema}.never_there`;
    writeFileSync(join(probe.config, 'pipelines/listed.yml'), PIPELINE(missing));
    for (const args of [['-p', 'shop', '-t', missing], ['-p', 'listed']]) {
      const sync = await probe.run(['sync', ...args]);
      expect({ status: sync.status, stderr: sync.stderr }).toEqual({
        status: 1,
        stderr: `error: table ${missing} does not exist in MySQL connection "default"\n`,
      });
    }
    for (const pipeline of ['shop', 'listed']) {
      expect((await probe.run(['watermark', 'get', '-p', pipeline, '-t', missing, '--json'])).status).toBe(1);
    }
    const status = await probe.run(['status', '-p', 'listed']);
    expect({ status: status.status, stdout: status.stdout }).toEqual({ status: 0, stdout: expect.stringMatching(/never_there\s+never synced/) });
  });

  it('the watermark store on a stopped port: nothing can be recorded, so sync and status say which store and exit 1', async () => {
    const before = await probe.watermark();
    const port = await closedPort();
    const store = new RegExp(`cannot reach the PostgreSQL watermark store at postgresql://postgres@127\\.0\\.0\\.1:${port}/tidemark: `);
    const restore = probe.edit(
      'tidemark.yml',
      'watermarkStore: { type: sqlite, path: config-state/watermarks.sqlite }',
      `watermarkStore: { type: postgres, url: "postgresql://postgres@127.0.0.1:${port}/tidemark" }`,
    );
    try {
      await probe.addRow();
      const sync = await probe.run(['sync', '-p', 'shop']);
      expect({ status: sync.status, stderr: sync.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(store) });
      const status = await probe.run(['status', '-p', 'shop']);
      expect({ status: status.status, stderr: status.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(store) });
    } finally {
      restore();
    }
    expect(await probe.watermark()).toEqual(before);
    await probe.clearedByASuccessfulRun();
  });

  describe('MySQL through an SSH bastion', () => {
    let restore: () => void;

    beforeAll(() => {
      writeFileSync(join(cli.dir.path, 'known_hosts'), bastion.knownHostsLine() + '\n');
      const path = join(probe.config, 'connections/default.yml');
      const plain = readFileSync(path, 'utf8');
      writeFileSync(
        path,
        plain +
          `ssh:\n  host: 127.0.0.1\n  port: ${bastion.port}\n  username: tunnel\n` +
          '  privateKeyPath: bastion-key\n  knownHostsPath: known_hosts\n',
      );
      restore = () => writeFileSync(path, plain);
    });

    afterAll(() => restore());

    it('goes through the bastion when it is trusted and up', async () => {
      const logins = bastion.logins;
      await probe.syncs();
      expect(bastion.logins).toBeGreaterThan(logins);
    });

    it('a bastion whose host key is not the trusted one: extract failed, naming the bastion', async () => {
      const path = join(cli.dir.path, 'known_hosts');
      writeFileSync(path, `[127.0.0.1]:${bastion.port} ${generateKey().public}\n`);
      try {
        await probe.failsOn('extract', new RegExp(`host key SHA256:\\S+ of 127\\.0\\.0\\.1:${bastion.port} is not trusted`));
      } finally {
        writeFileSync(path, bastion.knownHostsLine() + '\n');
      }
      await probe.clearedByASuccessfulRun();
    });

    it('a bastion on a stopped port: extract failed, naming the bastion', async () => {
      const port = await closedPort();
      const undo = probe.edit('connections/default.yml', `port: ${bastion.port}`, `port: ${port}`);
      try {
        await probe.failsOn('extract', new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED|ECONNREFUSED.*127\\.0\\.0\\.1:${port}`));
      } finally {
        undo();
      }
      await probe.clearedByASuccessfulRun();
    });
  });
});

describe('a run that cannot reach S3 records it on the stage it hit; `status` exits 1 until a run works (built binary, real S3 server)', () => {
  const world = new CliWorld();
  let probe: FailureProbe;
  const s3 = s3Settings();

  beforeAll(async () => {
    const { db, cli } = await world.open('tm_fail_s3');
    const table = await sourceTable(db);
    const bucket = uniqueName('hf-fail').replace(/_/g, '-').toLowerCase();
    const client = new S3Client({ ...s3, forcePathStyle: true, credentials: s3 });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    client.destroy();
    const config = cli.writeConfig('config', { pipelines: { shop: PIPELINE(table) } });
    writeFileSync(
      join(config, 'tidemark.yml'),
      [
        'watermarkStore: { type: sqlite, path: config-state/watermarks.sqlite }',
        `objectStore: { type: s3, bucket: ${bucket}, endpoint: "${s3.endpoint}", region: ${s3.region}, accessKeyId: "${s3.accessKeyId}", secretAccessKey: "${s3.secretAccessKey}" }`,
        `warehouse: { type: postgres, url: "${POSTGRES_URL}" }`,
      ].join('\n'),
    );
    probe = new FailureProbe(cli, config, db, table);
    await probe.syncs();
  });

  afterAll(() => world.close());

  it('S3 on a stopped port while extracting: extract failed, naming the object and the server', async () => {
    const port = await closedPort();
    const restore = probe.edit('tidemark.yml', s3.endpoint, `http://127.0.0.1:${port}`);
    try {
      await probe.failsOn('extract', new RegExp(`S3 upload of s3://\\S+ failed: .*ECONNREFUSED 127\\.0\\.0\\.1:${port}`));
    } finally {
      restore();
    }
    await probe.clearedByASuccessfulRun();
  });

  it('S3 on a stopped port while loading: load failed, naming the server', async () => {
    await probe.addRow();
    expect((await probe.run(['sync', '-p', 'shop', '--backup-only'])).status).toBe(0);
    const port = await closedPort();
    const restore = probe.edit('tidemark.yml', s3.endpoint, `http://127.0.0.1:${port}`);
    try {
      await probe.failsOn('load', new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${port}`), { args: ['--redshift-only'] });
    } finally {
      restore();
    }
    await probe.clearedByASuccessfulRun();
  });
});
