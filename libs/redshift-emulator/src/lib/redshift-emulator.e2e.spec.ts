import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Client } from 'pg';
import { DuckdbSession, duckdbString } from '@tidemark/parquet';
import { makeTempDir, POSTGRES_URL, s3Settings, testDatabaseName, uniqueName } from '@tidemark/testing';
import { EMULATION_DATABASE, RedshiftEmulatorServer } from './redshift-emulator';

/**
 * The emulator as a client sees it over the wire (pg's Client, as the loader
 * and the binary use): what it refuses, each refusal a real ErrorResponse that
 * leaves the transaction aborted; real PostgreSQL and S3 servers behind it.
 */
describe('the Redshift emulator (PostgreSQL wire protocol, real PostgreSQL and S3 server)', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let server: RedshiftEmulatorServer;
  let s3: S3Client;
  let bucket: string;
  let duckdb: DuckdbSession;
  const schema = uniqueName('h_emulator');
  const clients: Client[] = [];

  const connect = async () => {
    const c = new Client({ connectionString: server.url });
    c.on('error', () => undefined);
    await c.connect();
    await c.query(`SET search_path TO "${schema}", public`);
    clients.push(c);
    return c;
  };
  /** A Parquet file from a DuckDB SELECT, on S3 with a COPY manifest naming it; returns the manifest URI. */
  const parquetOnS3 = async (name: string, select: string) => {
    const path = join(dir.path, `${name}.parquet`);
    await duckdb.run(`COPY (${select}) TO ${duckdbString(path)} (FORMAT parquet)`);
    const key = `files/${name}.parquet`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(path) }));
    const manifest = { entries: [{ url: `s3://${bucket}/${key}`, mandatory: true, meta: { content_length: statSync(path).size } }] };
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${key}.manifest`, Body: JSON.stringify(manifest) }));
    return `s3://${bucket}/${key}.manifest`;
  };
  const copy = (table: string, manifest: string) =>
    `COPY "${table}" FROM '${manifest}' IAM_ROLE 'arn:aws:iam::123456789012:role/x' FORMAT AS PARQUET MANIFEST`;
  /** Runs `statement` in a transaction block; returns its error and the error the next statement got. */
  const inTransaction = async (statement: string) => {
    const c = await connect();
    await c.query('BEGIN');
    const error = await c.query(statement).then(() => undefined, (e: Error & { code?: string }) => e);
    const after = await c.query('SELECT 1').then(() => undefined, (e: Error & { code?: string }) => e);
    await c.query('ROLLBACK');
    return { error, after };
  };

  beforeAll(async () => {
    dir = makeTempDir();
    const settings = s3Settings();
    server = await RedshiftEmulatorServer.start({ postgresUrl: POSTGRES_URL, database: testDatabaseName(EMULATION_DATABASE), s3: settings, workDir: join(dir.path, 'work') });
    s3 = new S3Client({ ...settings, forcePathStyle: true, credentials: settings });
    bucket = uniqueName('h-emulator').replace(/_/g, '-').toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    duckdb = await DuckdbSession.open({ tempDirectory: join(dir.path, 'duckdb') });
    const c = new Client({ connectionString: server.url });
    await c.connect();
    await c.query(`CREATE SCHEMA "${schema}"`);
    await c.end();
  });

  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    const direct = new Client({ connectionString: server.directUrl });
    await direct.connect();
    await direct.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await direct.end();
    duckdb?.close();
    s3?.destroy();
    await server?.close();
    dir?.remove();
  });

  describe.each([
    ['UINT_16 into INTEGER', 'INTEGER', 'SELECT 7::USMALLINT AS v', /Column type: INTEGER, Parquet schema: INT32 UINT_16/],
    ['INT64 into INTEGER', 'INTEGER', 'SELECT 7::BIGINT AS v', /Column type: INTEGER, Parquet schema: INT64/],
    ['DECIMAL(20,0) into BIGINT', 'BIGINT', 'SELECT 7::DECIMAL(20,0) AS v', /Column type: BIGINT, Parquet schema: FIXED_LEN_BYTE_ARRAY.*\(20,0\)/],
    ['naive TIMESTAMP into TIMESTAMPTZ', 'TIMESTAMPTZ', "SELECT TIMESTAMP '2025-01-01 00:00:00' AS v", /Column type: TIMESTAMP(TZ| WITH TIME ZONE), Parquet schema: INT64 .*isAdjustedToUTC=0/],
    ['UINT_64 into DECIMAL(20,0)', 'DECIMAL(20,0)', 'SELECT 18446744073709551615::UBIGINT AS v', /Column type: (NUMERIC|DECIMAL)\(20,0\), Parquet schema: INT64 UINT_64/],
  ])('a Parquet file with %s', (label, columnType, select, message) => {
    it('fails the COPY with Spectrum\'s message, aborts the transaction, logs stl_load_errors, loads nothing', async () => {
      const table = `t_${label.replace(/\W+/g, '_').toLowerCase()}`;
      const c = await connect();
      await c.query(`CREATE TABLE "${table}" (v ${columnType})`);
      const manifest = await parquetOnS3(table, select);
      const { error, after } = await inTransaction(copy(table, manifest));
      expect(error?.message).toMatch(/^Spectrum Scan Error\. File 's3:\/\/.*' has an incompatible Parquet schema for column 'v'\./);
      expect(error?.message).toMatch(message);
      expect(after?.code).toBe('25P02'); // current transaction is aborted
      const logged = await c.query(`SELECT colname, err_code FROM stl_load_errors WHERE filename = $1`, [manifestFile(manifest)]);
      expect(logged.rows).toEqual([{ colname: 'v', err_code: 15007 }]);
      expect((await c.query(`SELECT count(*)::int AS n FROM "${table}"`)).rows).toEqual([{ n: 0 }]);
    });
  });

  it('refuses a file with more columns than the table (Redshift maps Parquet columns by position)', async () => {
    const c = await connect();
    await c.query('CREATE TABLE narrow (a INTEGER)');
    const manifest = await parquetOnS3('wide', 'SELECT 1::INTEGER AS a, 2::INTEGER AS b');
    const { error } = await inTransaction(copy('narrow', manifest));
    expect(error?.message).toMatch(/Unmatched number of columns between table and file\. Table columns: 1, Data columns: 2/);
  });

  it('loads files typed as Redshift expects, inside the client\'s transaction (rolled back with it)', async () => {
    const c = await connect();
    await c.query(
      'CREATE TABLE typed (i INTEGER, s SMALLINT, b BIGINT, d DECIMAL(20,0), m DECIMAL(12,2), ts TIMESTAMP, tz TIMESTAMPTZ, ' +
        'v VARCHAR(8), bin VARBYTE(4), f DOUBLE PRECISION, ok BOOLEAN, day DATE)',
    );
    const manifest = await parquetOnS3(
      'typed',
      "SELECT 1::INTEGER, 2::SMALLINT, 3::BIGINT, 18446744073709551615::DECIMAL(20,0), 1.25::DECIMAL(12,2), TIMESTAMP '2025-01-01 00:00:00.000001', " +
        "TIMESTAMPTZ '2025-01-01 00:00:00+00', 'größe', '\\x01\\x02'::BLOB, 1.5::DOUBLE, true, DATE '2025-01-02'",
    );
    await c.query('BEGIN');
    expect((await c.query(copy('typed', manifest))).rowCount).toBe(1);
    await c.query('ROLLBACK');
    expect((await c.query('SELECT count(*)::int AS n FROM typed')).rows).toEqual([{ n: 0 }]);
    expect((await c.query(copy('typed', manifest))).rowCount).toBe(1);
    expect((await c.query('SELECT d::text, ts::text, v, encode(bin, \'hex\') AS bin FROM typed')).rows).toEqual([
      { d: '18446744073709551615', ts: '2025-01-01 00:00:00.000001', v: 'größe', bin: '0102' },
    ]);
    const types = await c.query(
      'SELECT column_name, data_type, character_maximum_length FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = $3',
      [schema, 'typed', 'bin'],
    );
    expect(types.rows).toEqual([{ column_name: 'bin', data_type: 'binary varying', character_maximum_length: 4 }]);
  });

  it('refuses VARCHAR values longer in bytes than the column (Redshift counts bytes)', async () => {
    const c = await connect();
    await c.query('CREATE TABLE short_text (v VARCHAR(4))');
    const manifest = await parquetOnS3('short_text', "SELECT 'éé€' AS v");
    const { error } = await inTransaction(copy('short_text', manifest));
    expect(error?.message).toBe('Value too long for character type');
  });

  describe('ALTER TABLE … ALTER COLUMN … TYPE (only what the AWS ALTER TABLE page allows)', () => {
    beforeAll(async () => {
      const c = await connect();
      await c.query(
        'CREATE TABLE altered (k VARCHAR(4), plain VARCHAR(4), packed VARCHAR(4) ENCODE bytedict, zipped VARCHAR(4) ENCODE zstd, ' +
          "dflt VARCHAR(4) DEFAULT 'x', dist VARCHAR(4), sorted VARCHAR(4), n INTEGER, PRIMARY KEY (k)) DISTKEY (dist) SORTKEY (sorted)",
      );
    });
    it.each([
      ['k', /part of a UNIQUE, PRIMARY KEY or FOREIGN KEY constraint/],
      ['packed', /encoding BYTEDICT/],
      ['dflt', /has a default value/],
      ['dist', /DISTKEY/],
      ['sorted', /SORTKEY/],
    ])('refuses to widen %s', async (column, why) => {
      const c = await connect();
      await expect(c.query(`ALTER TABLE altered ALTER COLUMN ${column} TYPE VARCHAR(8)`)).rejects.toThrow(why);
    });
    it('refuses a type other than a VARCHAR size', async () => {
      const c = await connect();
      await expect(c.query('ALTER TABLE altered ALTER COLUMN n TYPE BIGINT')).rejects.toThrow(/only the size of a VARCHAR column/);
    });
    it('refuses it inside a transaction block, aborting the transaction', async () => {
      const { error, after } = await inTransaction('ALTER TABLE altered ALTER COLUMN plain TYPE VARCHAR(8)');
      expect(error?.message).toBe('ALTER TABLE ALTER COLUMN cannot run inside a transaction block');
      expect(after?.code).toBe('25P02');
    });
    it('widens a plain or ZSTD-encoded VARCHAR outside a transaction block', async () => {
      const c = await connect();
      await c.query('ALTER TABLE altered ALTER COLUMN plain TYPE VARCHAR(8)');
      await c.query('ALTER TABLE altered ALTER COLUMN zipped TYPE VARCHAR(8)');
      const widths = await c.query(
        `SELECT column_name, character_maximum_length AS n FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = 'altered' AND column_name IN ('plain', 'zipped') ORDER BY 1`,
        [schema],
      );
      expect(widths.rows).toEqual([{ column_name: 'plain', n: 8 }, { column_name: 'zipped', n: 8 }]);
    });
  });

  it.each([
    ['TRUNCATE in a transaction block', 'TRUNCATE altered', /TRUNCATE inside a transaction block/],
    ['ON COMMIT DROP', 'CREATE TEMP TABLE gone (a INTEGER) ON COMMIT DROP', /ON COMMIT DROP is not supported/],
    ['SELECT … FOR UPDATE', 'SELECT * FROM altered FOR UPDATE', /FOR UPDATE is not supported/],
    ['COPY FROM STDIN', 'COPY altered FROM STDIN', /COPY … FROM STDIN is not supported/],
  ])('refuses %s, as Redshift lacks it', async (_label, statement, message) => {
    const { error, after } = await inTransaction(statement);
    expect(error?.message).toMatch(message);
    expect(after?.code).toBe('25P02');
  });

  it('aborts one of two transactions that each read and write the same table (Redshift error 1023)', async () => {
    const setup = await connect();
    await setup.query('CREATE TABLE ledger (id INTEGER, note VARCHAR(10))');
    await setup.query("INSERT INTO ledger VALUES (1, 'a'), (2, 'b')");
    const [a, b] = [await connect(), await connect()];
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query('SELECT count(*) FROM ledger WHERE id = 1');
    await b.query('SELECT count(*) FROM ledger WHERE id = 2');
    // Each writes after both read; PostgreSQL reports the conflict at the write or at COMMIT.
    const outcome = (c: Client, id: number) => async () => {
      try {
        await c.query('INSERT INTO ledger VALUES ($1, $2)', [id, 'x']);
        await c.query('COMMIT');
        return 'committed';
      } catch (e) {
        await c.query('ROLLBACK');
        return (e as Error).message;
      }
    };
    const first = outcome(a, 3);
    const second = outcome(b, 4);
    const outcomes = [await first(), await second()];
    expect(outcomes.sort()).toEqual(['1023', 'committed']);
  });

  it('records each statement as written and counts round trips', async () => {
    const c = await connect();
    const before = server.roundTrips;
    server.statements.length = 0;
    await c.query('CREATE TABLE recorded (a INTEGER ENCODE az64) DISTKEY (a)');
    await c.query('SELECT $1::int AS one', [1]);
    expect(server.statements).toEqual(['CREATE TABLE recorded (a INTEGER ENCODE az64) DISTKEY (a)', 'SELECT $1::int AS one']);
    expect(server.roundTrips - before).toBe(2);
  });
});

const manifestFile = (manifest: string) => manifest.replace(/\.manifest$/, '');
