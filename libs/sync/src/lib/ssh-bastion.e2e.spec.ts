import {
  generateKey,
  makeTempDir,
  MYSQL,
  MysqlFixture,
  mysqlDigest,
  PostgresFixture,
  postgresDigest,
  TestBastion,
  RealServers,
} from '@tidemark/testing';
import { SyncHarness } from '../test/sync-harness.fixture';
import { testConfig } from '../test/test-config.fixture';

describe('sync through an SSH bastion (in-process ssh2 server, real MariaDB)', () => {
  let servers: RealServers;
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let bastion: TestBastion;
  let dir: ReturnType<typeof makeTempDir>;
  const userKey = generateKey();

  beforeAll(async () => {
    servers = await RealServers.open('tm_ssh');
    ({ db, pg, dir } = servers);
    bastion = await TestBastion.start('tunnel', userKey.private);
    await db.exec('CREATE TABLE t (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    await db.exec("INSERT INTO t VALUES (1, '2025-01-01 00:00:00', 'a'), (2, '2025-01-02 00:00:00', 'b')");
  });

  afterAll(async () => {
    await bastion?.close();
    await servers?.close();
  });

  /** The test bastion, its host key known. */
  const trustedBastion = () => ({
    host: '127.0.0.1',
    port: bastion.port,
    username: 'tunnel',
    privateKey: userKey.private,
    knownHosts: bastion.knownHostsLine(),
  });

  const contextWith = async (knownHosts: string) => {
    const config = testConfig({ dir: dir.path });
    config.connections['default'] = {
      ...config.connections['default'],
      ssh: { host: '127.0.0.1', port: bastion.port, username: 'tunnel', privateKey: userKey.private, knownHosts },
    };
    return await SyncHarness.open(config);
  };

  it('reads the source through the tunnel and loads every row', async () => {
    const ctx = await contextWith(bastion.knownHostsLine());
    try {
      const result = await ctx.syncTable('default', `${db.database}.t`);
      expect(result.extract?.rows).toBe(2);
      expect(bastion.logins).toBe(1);
      const columns = ['id', 'updated_at', 'v'];
      expect(await postgresDigest(pg, db.database, 't', columns)).toEqual(await mysqlDigest(db, 't', columns));
    } finally {
      await ctx.close();
    }
  });

  it('refuses a bastion whose host key is not the trusted one: the cursor stays, the extract stage records the refusal', async () => {
    const ctx = await contextWith(`[127.0.0.1]:${bastion.port} ${generateKey().public}`);
    try {
      const id = { pipeline: 'default', table: `${db.database}.t` };
      const before = await (await ctx.watermarks()).get(id);
      const refused = new RegExp(`host key SHA256:\\S+ of 127\\.0\\.0\\.1:${bastion.port} is not trusted`);
      await expect(ctx.syncTable('default', `${db.database}.t`)).rejects.toThrow(refused);
      const after = await (await ctx.watermarks()).get(id);
      expect(after?.extract.cursor).toEqual(before?.extract.cursor);
      expect(after?.extract.rowsExtracted).toBe(before?.extract.rowsExtracted);
      expect(after?.extract).toMatchObject({ status: 'failed', lastError: expect.stringMatching(refused) });
      expect(after?.load).toEqual(before?.load);
    } finally {
      await ctx.close();
    }
  });

  it('names the real server, not the tunnel, when the database behind the bastion is down', async () => {
    const config = testConfig({ dir: dir.path });
    config.connections['default'] = {
      ...config.connections['default'],
      port: 1,
      ssh: trustedBastion(),
    };
    const ctx = await SyncHarness.open(config);
    try {
      await expect(ctx.syncTable('default', `${db.database}.t`)).rejects.toThrow(
        new RegExp(
          `cannot connect to MySQL connection "default" at ${MYSQL.host}:1 through SSH bastion 127\\.0\\.0\\.1:${bastion.port}`,
        ),
      );
    } finally {
      await ctx.close();
    }
  });
  it('loads into the warehouse through the bastion too (Redshift in a private subnet), opening no MySQL connection', async () => {
    await db.exec("INSERT INTO t VALUES (3, '2025-01-03 00:00:00', 'c')");
    const extracting = await contextWith(bastion.knownHostsLine());
    await extracting.syncTable('default', `${db.database}.t`, { load: false });
    await extracting.close();
    const logins = bastion.logins;
    const config = testConfig({ dir: dir.path });
    config.connections['default'] = { ...config.connections['default'], port: 1 }; // unreachable: a load must not need it
    config.warehouse = {
      ...config.warehouse,
      ssh: trustedBastion(),
    };
    const ctx = await SyncHarness.open(config);
    try {
      const result = await ctx.syncTable('default', `${db.database}.t`, { extract: false });
      expect(result.load?.rowsStaged).toBe(1);
      expect(bastion.logins).toBe(logins + 1);
      const columns = ['id', 'updated_at', 'v'];
      expect(await postgresDigest(pg, db.database, 't', columns)).toEqual(await mysqlDigest(db, 't', columns));
    } finally {
      await ctx.close();
    }
  });
});
