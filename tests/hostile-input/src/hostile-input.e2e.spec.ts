import { createHash } from 'node:crypto';
import { buildApps, markdownTable, meaningfulLines } from '@tidemark/testing';
import { Manifest } from '@tidemark/watermark-model';
import { Outcome } from './binaries.fixture';
import { HostileWorld, Undo } from './hostile-world.fixture';
import { collectSecretLeaks, SecretsWorld } from './secrets-world.fixture';

/**
 * One hostile input: it must be refused with an error naming the problem —
 * exit code 1 from the CLI, a 4xx from the API — and leave the watermark
 * store, the objects, the warehouse and the source exactly as they were.
 */
interface HostileCase {
  input: string;
  /** Plants the input where it is read from (a config file, the store, an object); returns the undo. */
  arrange?: (w: HostileWorld) => Undo | Promise<Undo>;
  act: (w: HostileWorld) => Outcome | Promise<Outcome>;
  /** CLI exit code or HTTP status. */
  status: number;
  message: RegExp;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// --- CLI -------------------------------------------------------------------

const hostilePipeline = (yaml: string) => (w: HostileWorld) =>
  w.writeConfigFile('pipelines/hostile.yml', `connection: default\n${yaml}\n`);
const tableEntry = (options: string) => (w: HostileWorld) => hostilePipeline(`tables:\n  ${w.table}: ${options}`)(w);
const syncHostile = (w: HostileWorld) => w.cli(['sync', '-p', 'hostile', '-t', w.table]);
const sync = (w: HostileWorld) => w.cli(['sync', '-t', w.table]);
const loadOnly = (w: HostileWorld) => w.cli(['sync', '-t', w.table, '--redshift-only']);
const schemaOf = (w: HostileWorld) => w.servers.db.database;
const setCursor =
  (...args: string[]) =>
  (w: HostileWorld) =>
    w.cli(['watermark', 'set', '-t', w.table, ...args]);
const importFile = (text: (w: HostileWorld) => string) => (w: HostileWorld) =>
  w.cli(['watermark', 'import', '-f', w.writeFile('hostile-watermark.json', text(w))]);
const legacyFile = (fields: Record<string, unknown>) => (w: HostileWorld) =>
  JSON.stringify({
    table_name: w.table,
    last_mysql_data_timestamp: '2025-08-01 00:00:00',
    mysql_status: 'success',
    ...fields,
  });
const tamperPending =
  (edit: (m: Manifest) => Manifest | string, registered?: { rowCount?: number }) => (w: HostileWorld) =>
    w.tamperPendingManifest((m) => {
      const out = edit(structuredClone(m));
      return typeof out === 'string' ? out : JSON.stringify(out);
    }, registered);
const withFile = (m: Manifest, change: Partial<Manifest['files'][number]>): Manifest => ({
  ...m,
  files: [{ ...m.files[0], ...change }],
});

/** Replaces the pending manifest's Parquet object, and with `forge` makes the manifest's checksum match it. */
const replaceParquet =
  (bytes: (w: HostileWorld, pending: Manifest, loaded: Manifest) => Buffer, forge: boolean) =>
  async (w: HostileWorld) => {
    const { pending, loaded } = await w.manifests();
    const replacement = bytes(w, pending, loaded);
    const undoObject = w.replaceObject(pending.files[0].key, replacement);
    const undoManifest = forge
      ? await w.tamperPendingManifest((m) => JSON.stringify(withFile(m, { sha256: sha256(replacement) })))
      : () => undefined;
    return async () => {
      await undoManifest();
      await undoObject();
    };
  };

// --- API -------------------------------------------------------------------

const route = (w: HostileWorld, suffix: string, table = w.table) =>
  `/watermarks/default/${encodeURIComponent(table)}${suffix}`;
const putCursor = (body: unknown, contentType?: string) => (w: HostileWorld) =>
  w.api(route(w, '/cursor'), { method: 'PUT', body, contentType });

const CASES: HostileCase[] = [
  // Table and column names on the command line
  {
    input: 'a table name with a quote and SQL',
    act: (w) => w.cli(['sync', '-t', `${schemaOf(w)}.orders'; DROP TABLE orders; --`]),
    status: 1,
    message: /invalid table name "orders'; DROP TABLE orders; --"/,
  },
  {
    input: 'a table name in backticks',
    act: (w) => w.cli(['sync', '-t', `${schemaOf(w)}.\`orders\``]),
    status: 1,
    message: /invalid table name "`orders`"/,
  },
  {
    input: 'a table name ending in a semicolon',
    act: (w) => w.cli(['watermark', 'set', '-t', `${schemaOf(w)}.orders;`, '--timestamp', '2025-08-01']),
    status: 1,
    message: /invalid table name "orders;"/,
  },
  {
    input: 'a table name ending in a -- comment',
    act: (w) => w.cli(['watermark', 'reset', '-t', `${schemaOf(w)}.orders--`, '--yes']),
    status: 1,
    message: /invalid table name "orders--"/,
  },
  {
    input: 'a table name with a double quote',
    act: (w) =>
      w.cli(['watermark-count', 'set-count', '-t', `${schemaOf(w)}.or"ders`, '--stage', 'extract', '--rows', '1']),
    status: 1,
    message: /invalid table name "or"ders"/,
  },
  {
    input: 'a table name with a zero-width space',
    act: (w) => w.cli(['sync', '-t', `${w.table}\u200b`]),
    status: 1,
    message: /invalid table name "orders\u200b"/,
  },
  {
    input: 'a unicode table name that does not exist',
    act: (w) => w.cli(['sync', '-t', `${schemaOf(w)}.ördérs`]),
    status: 1,
    message: /table \S+\.ördérs does not exist/,
  },
  {
    input: 'a pipeline name with a quote and a comment',
    act: (w) => w.cli(['sync', '-p', "p'; --", '-t', w.table]),
    status: 1,
    message: /invalid pipeline name "p'; --"/,
  },

  // Table and column names in the config
  {
    input: 'a pipeline table key with a backtick',
    arrange: (w) => hostilePipeline(`tables:\n  "${schemaOf(w)}.or\`ders": { cursorColumn: updated_at }`)(w),
    act: syncHostile,
    status: 1,
    message: /invalid table name "or`ders"/,
  },
  {
    input: 'a cursor column with a backtick and SQL',
    arrange: tableEntry('{ cursorColumn: "updated_at`; DROP TABLE orders; --" }'),
    act: syncHostile,
    status: 1,
    message: /has no cursor column "updated_at`; DROP TABLE orders; --"/,
  },
  {
    input: 'a key column with a double quote and SQL',
    arrange: tableEntry(`{ keyColumns: ['id"; DROP TABLE orders'] }`),
    act: syncHostile,
    status: 1,
    message: /has no key column "id"; DROP TABLE orders"/,
  },
  {
    input: 'a unicode cursor column that does not exist',
    arrange: tableEntry('{ cursorColumn: "updätéd_at" }'),
    act: syncHostile,
    status: 1,
    message: /has no cursor column "updätéd_at"/,
  },
  {
    input: 'a target schema with a quote, a semicolon and a comment',
    arrange: (w) => hostilePipeline(`targetSchema: "${schemaOf(w)}'; DROP SCHEMA public; --"`)(w),
    act: syncHostile,
    status: 1,
    message: /targetSchema.*DROP SCHEMA public/,
  },

  // A custom WHERE is SQL by design, but one expression only
  {
    input: 'a WHERE with a second statement',
    arrange: tableEntry('{ strategy: custom, where: "id > 0; DROP TABLE orders" }'),
    act: syncHostile,
    status: 1,
    message: /custom WHERE "id > 0; DROP TABLE orders" is not a single expression: ";" ends a statement/,
  },
  {
    input: 'a WHERE with a -- comment',
    arrange: tableEntry('{ strategy: custom, where: "id > 0 -- AND id < 0" }'),
    act: syncHostile,
    status: 1,
    message: /is not a single expression: comments are not allowed/,
  },
  {
    input: 'a WHERE with a # comment',
    arrange: tableEntry('{ where: "id > 0 # AND id < 0" }'),
    act: syncHostile,
    status: 1,
    message: /is not a single expression: comments are not allowed/,
  },
  {
    input: 'a WHERE with a sub-query',
    arrange: tableEntry('{ strategy: custom, where: "id IN (SELECT id FROM mysql.user)" }'),
    act: syncHostile,
    status: 1,
    message: /"SELECT" is not allowed in a filter/,
  },
  {
    input: 'a WHERE that breaks out of its parentheses',
    arrange: tableEntry('{ strategy: custom, where: "1=1) OR (1=1" }'),
    act: syncHostile,
    status: 1,
    message: /is not a single expression: a "\)" closes nothing/,
  },

  // Timestamps and ids typed by hand
  {
    input: 'SQL in --timestamp',
    act: setCursor('--timestamp', "2025-08-01' OR '1'='1"),
    status: 1,
    message: /invalid timestamp "2025-08-01' OR '1'='1"/,
  },
  {
    input: 'the timestamp None',
    act: setCursor('--timestamp', 'None'),
    status: 1,
    message: /invalid timestamp "None"/,
  },
  { input: 'an empty timestamp', act: setCursor('--timestamp', ''), status: 1, message: /invalid timestamp ""/ },
  {
    input: 'the zero date 0000-00-00',
    act: setCursor('--timestamp', '0000-00-00'),
    status: 1,
    message: /invalid timestamp "0000-00-00.*no such date/,
  },
  {
    input: 'a timestamp far in the future',
    act: setCursor('--timestamp', '2999-12-31 23:59:59'),
    status: 1,
    message: /timestamp "2999-12-31 23:59:59" is in the future/,
  },
  {
    input: 'a date that does not exist',
    act: setCursor('--timestamp', '2025-02-30'),
    status: 1,
    message: /invalid timestamp "2025-02-30.*no such date/,
  },
  {
    input: 'an unparsable timestamp',
    act: setCursor('--timestamp', 'yesterday at noon'),
    status: 1,
    message: /invalid timestamp "yesterday at noon"/,
  },
  {
    input: 'SQL in --id',
    act: setCursor('--id', '1; DROP TABLE orders'),
    status: 1,
    message: /invalid id "1; DROP TABLE orders" for key column id \(int\(11\)\)/,
  },
  {
    input: 'more --id values than key columns',
    act: setCursor('--id', '1', '2'),
    status: 1,
    message: /1-column primary key \(id\): give 1 key value\(s\), not 2/,
  },

  // Watermark JSON for `watermark import`
  {
    input: 'a truncated watermark file',
    act: importFile((w) => legacyFile({ mysql_rows_extracted: 5 })(w).slice(0, 40)),
    status: 1,
    message: /hostile-watermark\.json: not valid JSON/,
  },
  {
    input: 'a watermark file with a count of the wrong type',
    act: importFile(legacyFile({ mysql_rows_extracted: 'many' })),
    status: 1,
    message: /mysql_rows_extracted must be a non-negative integer, got "many"/,
  },
  {
    input: 'a watermark file with a negative count',
    act: importFile(legacyFile({ redshift_rows_loaded: -5 })),
    status: 1,
    message: /redshift_rows_loaded must be a non-negative integer, got -5/,
  },
  {
    input: 'a watermark file with SQL for the last id',
    act: importFile(legacyFile({ last_processed_id: '1; DROP TABLE orders' })),
    status: 1,
    message: /invalid id "1; DROP TABLE orders" for key column id/,
  },
  {
    input: 'an export naming a table with SQL',
    act: importFile((w) =>
      JSON.stringify({
        format: 'tidemark-watermarks',
        version: 1,
        watermarks: [{ pipeline: 'default', table: `${schemaOf(w)}.x'; DROP TABLE orders` }],
      }),
    ),
    status: 1,
    message: /invalid table name "x'; DROP TABLE orders"/,
  },
  {
    input: 'a negative count set by hand',
    act: (w) => w.cli(['watermark-count', 'set-count', '-t', w.table, '--stage', 'extract', '--rows', '-5']),
    status: 1,
    message: /extract rows would become -5/,
  },

  // A registered manifest or its Parquet file tampered with, then a load-only run
  {
    input: 'a manifest whose JSON is corrupt',
    arrange: tamperPending((m) => JSON.stringify(m).slice(0, 60)),
    act: loadOnly,
    status: 1,
    message: /manifest \S+ of default\/\S+ is damaged in the watermark store: its body is not valid JSON/,
  },
  {
    input: 'a manifest naming a missing file',
    arrange: tamperPending((m) => withFile(m, { key: m.files[0].key.replace('.parquet', '-missing.parquet') })),
    act: loadOnly,
    status: 1,
    message: /nothing was committed: .*no such file.*-missing\.parquet/,
  },
  {
    input: 'a manifest with a wrong checksum',
    arrange: tamperPending((m) => withFile(m, { sha256: 'f'.repeat(64) })),
    act: loadOnly,
    status: 1,
    message: /the manifest says f{64}: it was changed or damaged after upload/,
  },
  {
    input: 'a manifest whose row counts were raised everywhere',
    arrange: tamperPending((m) => ({ ...withFile(m, { rows: 9 }), rowCount: 9 }), { rowCount: 9 }),
    act: loadOnly,
    status: 1,
    message: /staged 3 rows but the manifest says 9/,
  },
  {
    input: 'a manifest whose counts disagree with its registration',
    arrange: tamperPending((m) => ({ ...withFile(m, { rows: 9 }), rowCount: 9 })),
    act: loadOnly,
    status: 1,
    message: /is damaged in the watermark store: its body says rowCount 9 but it was registered with 3/,
  },
  {
    input: 'a manifest whose file key climbs out of the store',
    arrange: tamperPending((m) => withFile(m, { key: '../../../../etc/passwd' })),
    act: loadOnly,
    status: 1,
    message: /files\[0\]\.key "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" is not an object key inside the store/,
  },
  {
    input: 'a truncated Parquet file',
    arrange: replaceParquet((w, p) => w.readObject(p.files[0].key).subarray(0, 200), false),
    act: loadOnly,
    status: 1,
    message: /has sha256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}: it was changed or damaged after upload/,
  },
  {
    input: 'a truncated Parquet file with a forged checksum',
    arrange: replaceParquet((w, p) => w.readObject(p.files[0].key).subarray(0, 200), true),
    act: loadOnly,
    status: 1,
    message: /nothing was committed: .*(No magic bytes|too small to be a Parquet file)/,
  },
  {
    input: 'a Parquet file replaced by another one with a forged checksum',
    arrange: replaceParquet((w, _p, l) => w.readObject(l.files[0].key), true),
    act: loadOnly,
    status: 1,
    message: /staged 5 rows but the manifest says 3/,
  },

  // Config files
  {
    input: 'an unknown key in tidemark.yml',
    arrange: (w) => w.writeConfigFile('tidemark.yml', `${w.readConfigFile('tidemark.yml')}\ncolour: blue\n`),
    act: sync,
    status: 1,
    message: /colour.*(unknown key|should not exist)/,
  },
  {
    input: 'a secret from an unset variable',
    arrange: (w) =>
      w.writeConfigFile(
        'connections/default.yml',
        w.readConfigFile('connections/default.yml').replace(/password: .*/, 'password: "${TM_HOSTILE_UNSET_VAR}"'),
      ),
    act: sync,
    status: 1,
    message: /TM_HOSTILE_UNSET_VAR.*not set/,
  },
  {
    input: 'a batch size of the wrong type',
    arrange: tableEntry('{ batchSize: lots }'),
    act: syncHostile,
    status: 1,
    message: /batchSize.*integer/,
  },
  {
    input: 'a port of the wrong type',
    arrange: (w) =>
      w.writeConfigFile(
        'connections/default.yml',
        w.readConfigFile('connections/default.yml').replace(/port: .*/, 'port: "3306; DROP"'),
      ),
    act: sync,
    status: 1,
    message: /port/,
  },

  // The watermark service's API
  {
    input: 'an API request without a token',
    act: (w) => w.api(route(w, '/cursor'), { method: 'PUT', headers: {}, body: { timestamp: '2025-08-01' } }),
    status: 401,
    message: /^a bearer token is required/,
  },
  {
    input: 'an API request with a wrong token',
    act: (w) =>
      w.api(route(w, '/cursor'), {
        method: 'PUT',
        headers: { Authorization: 'Bearer not-the-token-0123456789' },
        body: { timestamp: '2025-08-01' },
      }),
    status: 401,
    message: /^the bearer token is not valid$/,
  },
  {
    input: 'an API request with a Basic instead of a Bearer token',
    act: (w) =>
      w.api(route(w, '/cursor'), {
        method: 'PUT',
        headers: { Authorization: 'Basic aG9zdGlsZTpzdWl0ZQ==' },
        body: { timestamp: '2025-08-01' },
      }),
    status: 401,
    message: /^the Authorization header must be "Bearer <token>"/,
  },
  {
    input: 'an API body over the size limit',
    act: putCursor({ timestamp: '2025-08-01', primaryKey: ['9'.repeat(2 * 1024 * 1024)] }),
    status: 413,
    message: /^the request body is larger than the 1mb limit/,
  },
  {
    input: 'an API body that is not JSON',
    act: putCursor('timestamp=2025-08-01', 'text/plain'),
    status: 415,
    message: /must be JSON sent with Content-Type: application\/json \(got "text\/plain"\)/,
  },
  {
    input: 'an API body with truncated JSON',
    act: putCursor('{"timestamp": "2025-08-0'),
    status: 400,
    message: /^the request body is not valid JSON/,
  },
  {
    input: 'an API body polluting __proto__',
    act: putCursor('{"__proto__": {"isAdmin": true}, "timestamp": "2025-08-01"}'),
    status: 400,
    message: /^the request body has the key "__proto__", which is not allowed$/,
  },
  {
    input: 'SQL in the API timestamp',
    act: putCursor({ timestamp: "2025-08-01' OR '1'='1" }),
    status: 400,
    message: /invalid timestamp "2025-08-01' OR '1'='1"/,
  },
  {
    input: 'SQL in the API primary key',
    act: putCursor({ primaryKey: ['1 OR 1=1'] }),
    status: 400,
    message: /invalid id "1 OR 1=1" for key column id/,
  },
  {
    input: 'an API path naming a table with SQL',
    act: (w) =>
      w.api(route(w, '/cursor', `${schemaOf(w)}.orders'; DROP TABLE orders; --`), {
        method: 'PUT',
        body: { timestamp: '2025-08-01' },
      }),
    status: 400,
    message: /invalid table name "orders'; DROP TABLE orders; --"/,
  },
  {
    input: 'a negative count through the API',
    act: (w) => w.api(route(w, '/counts'), { method: 'PATCH', body: { stage: 'load', mode: 'set', rows: -5 } }),
    status: 400,
    message: /load rows would become -5/,
  },
  {
    input: 'an API import with a count of the wrong type',
    act: (w) =>
      w.api('/import', { method: 'POST', body: { document: JSON.parse(legacyFile({ mysql_rows_extracted: [] })(w)) } }),
    status: 400,
    message: /mysql_rows_extracted must be a non-negative integer/,
  },
  {
    input: 'an API commit of a manifest whose file key climbs out of the store',
    act: async (w) =>
      w.api(route(w, '/extract/commits'), {
        method: 'POST',
        body: {
          manifest: withFile(
            { ...(await w.manifests()).pending, id: 'hostile-escape' },
            { key: '../../secret.parquet' },
          ),
        },
      }),
    status: 400,
    message: /files\[0\]\.key "\.\.\/\.\.\/secret\.parquet" is not an object key inside the store/,
  },
];

beforeAll(() => buildApps('cli', 'watermark-service'), 600_000);

/** What an outcome said for the printed table: its `error:` line, or its first line (an API answer). */
const saidLine = (text: string) => {
  const lines = meaningfulLines(text).map((l) => l.trim());
  return lines.find((l) => l.startsWith('error:')) ?? lines[0] ?? '';
};

describe('hostile input (built CLI and watermark service, real servers)', () => {
  let world: HostileWorld;
  const refused: string[][] = [];

  beforeAll(async () => {
    world = await HostileWorld.open();
  }, 600_000);
  afterAll(async () => {
    const aliases = world ? { [`${world.servers.dir.path}/`]: '', [world.servers.db.database]: 'db' } : {};
    console.log(markdownTable('Hostile input', ['#', 'input', 'status', 'what it said', 'unchanged'], refused, aliases));
    await world?.close();
  });

  it.each(CASES.map((c) => [c.input, c] as const))(
    'refuses %s, names the problem, and changes nothing',
    async (_input, c) => {
      const undo = await c.arrange?.(world);
      try {
        const before = await world.state();
        const outcome = await c.act(world);
        const after = await world.state();
        expect({ status: outcome.status, message: outcome.text }).toEqual({
          status: c.status,
          message: expect.stringMatching(c.message),
        });
        expect(after).toEqual(before);
        refused.push([String(refused.length + 1), c.input, String(outcome.status), saidLine(outcome.text), 'yes']);
      } finally {
        await undo?.();
      }
    },
  );
});

describe('secrets set through environment variables (built CLI and watermark service, real servers)', () => {
  let world: SecretsWorld;

  beforeAll(async () => {
    world = await SecretsWorld.open();
  }, 600_000);
  afterAll(() => world?.close());

  it('never appear in the output of a sync, of failing syncs, in run reports, in the store or in the service log', async () => {
    const good = await world.sync();
    expect(good.status).toBe(0);
    expect(await world.warehouseRows()).toBe(3);

    await world.insertRow(4);
    const failures = {
      'wrong MySQL password': await world.sync({ TM_SECRET_MYSQL_PASSWORD: world.secrets.wrongMysqlPassword }),
      // a new row, so the extract has a file to upload with the wrong key
      'wrong S3 secret key': await world.sync({ TM_SECRET_S3_SECRET: world.secrets.wrongS3Secret }),
      'unreachable warehouse': await world.sync({ TM_SECRET_PG_PORT: '1' }, ['--redshift-only']),
      'wrong API token': await world.sync({ TIDEMARK_API_TOKEN: world.secrets.wrongApiToken }),
      'password in the service URL': await world.sync({}, [], `http://admin:${world.secrets.urlPassword}@127.0.0.1:1`),
    };
    expect(Object.fromEntries(Object.entries(failures).map(([what, o]) => [what, o.status]))).toEqual({
      'wrong MySQL password': 1,
      'wrong S3 secret key': 1,
      'unreachable warehouse': 1,
      'wrong API token': 1,
      'password in the service URL': 1,
    });
    expect(failures['wrong MySQL password'].text).toMatch(/Access denied for user/);
    expect(failures['wrong S3 secret key'].text).toMatch(/SignatureDoesNotMatch|signature/i);
    expect(failures['unreachable warehouse'].text).toMatch(/cannot connect to the warehouse at 127\.0\.0\.1:1\//);
    expect(failures['wrong API token'].text).toMatch(/refused the token \(401\)/);
    expect(failures['password in the service URL'].text).toMatch(/holds a user or password/);

    const texts: Record<string, string> = {
      'watermark export': world.exportWatermarks(),
      'service log': world.serviceLog(),
      ...world.runReports(),
    };
    for (const [what, o] of Object.entries({ 'good sync': good, ...failures })) {
      texts[`${what}: stdout`] = o.stdout;
      texts[`${what}: stderr`] = o.text;
    }
    expect(collectSecretLeaks(texts, world.secrets)).toEqual([]);
  });
});
