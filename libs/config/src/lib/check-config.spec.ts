import { checkConfig } from './check-config';
import { formatProblem } from './config-problem';
import { ConfigDirFixture } from '../test/config-test.fixture';

describe('checkConfig', () => {
  let fixture: ConfigDirFixture;
  /** Every problem as `file:line key: message`, files relative to the config directory. */
  const problems = (env: NodeJS.ProcessEnv = { SHOP_PASSWORD: 'x' }) =>
    checkConfig(fixture.dir, env).problems.map((p) =>
      formatProblem({ ...p, file: p.file.slice(fixture.dir.length + 1) }),
    );

  beforeEach(() => (fixture = new ConfigDirFixture()));
  afterEach(() => fixture.remove());

  it('finds nothing wrong with a valid config and returns it', () => {
    const check = checkConfig(fixture.dir, { SHOP_PASSWORD: 'x' });
    expect(check.problems).toEqual([]);
    expect(Object.keys(check.config?.pipelines ?? {})).toEqual(['nightly']);
  });

  it.each([
    [
      'an unknown key, with the keys it could have meant',
      'tidemark.yml',
      'watermarkStore: { type: sqlite }\nobjectStore: { type: local }\nwarehouse: { type: postgres, url: u }\nverbose: true\n',
      [
        'tidemark.yml:4 verbose: unknown key (known keys: workDirectory, watermarkStore, watermarkService, objectStore, warehouse, extract, parallelTables, logDirectory)',
      ],
    ],
    [
      'a nested unknown key and a wrong enum value',
      'tidemark.yml',
      'watermarkStore:\n  type: sqlite\n  file: x.db\nobjectStore:\n  type: ftp\nwarehouse: { type: postgres, url: u }\n',
      [
        'tidemark.yml:3 watermarkStore.file: unknown key (known keys: type, path, url, schema, connectTimeoutSeconds, statementTimeoutSeconds, poolSize, busyTimeoutSeconds)',
        'tidemark.yml:5 objectStore.type: must be one of local, s3 (got "ftp")',
      ],
    ],
    [
      'missing required sections and keys, at the line of their parent',
      'tidemark.yml',
      '# stores\nobjectStore:\n  prefix: p\n',
      [
        'tidemark.yml:2 watermarkStore: is required',
        'tidemark.yml:2 objectStore.type: is required',
        'tidemark.yml:2 warehouse: is required',
      ],
    ],
    [
      'an S3 endpoint in plain http to another host, which would send the files and signed requests unencrypted',
      'tidemark.yml',
      'watermarkStore: { type: sqlite }\nobjectStore:\n  type: s3\n  bucket: b\n  endpoint: http://minio.internal:9000\nwarehouse: { type: postgres, url: u }\n',
      [
        'tidemark.yml:5 objectStore.endpoint: "http://minio.internal:9000" is plain http to minio.internal: the files and the signed requests would cross the network unencrypted; use https, or set objectStore.allowHttp: true for a trusted private network',
      ],
    ],
    [
      'an S3 endpoint that is not a URL',
      'tidemark.yml',
      'watermarkStore: { type: sqlite }\nobjectStore: { type: s3, bucket: b, endpoint: "minio:9000" }\nwarehouse: { type: postgres, url: u }\n',
      ['tidemark.yml:2 objectStore.endpoint: "minio:9000" must be an https:// (or http://) URL'],
    ],
    [
      'an object-store prefix with characters a Redshift COPY URI refuses',
      'tidemark.yml',
      'watermarkStore: { type: sqlite }\nobjectStore: { type: local, prefix: "daily backups" }\nwarehouse: { type: postgres, url: u }\n',
      [
        'tidemark.yml:2 objectStore.prefix: "daily backups" has characters S3 advises against and Redshift COPY refuses in a URI: use letters, digits, _ . - ! and /',
      ],
    ],
    [
      'a table whose escaped name makes its object keys longer than S3 allows',
      'pipelines/nightly.yml',
      `connection: shop\ntables:\n  ${'𠀀'.repeat(64)}.${'𠀀'.repeat(64)}: {}\n`,
      [
        expect.stringMatching(
          /^pipelines\/nightly\.yml:3 tables\.\S+: its object keys would be 1\d{3} bytes long .* over S3's 1024: use a shorter objectStore\.prefix/,
        ),
      ],
    ],
    [
      'an empty file',
      'tidemark.yml',
      '',
      [
        'tidemark.yml:1 watermarkStore: is required',
        'tidemark.yml:1 objectStore: is required',
        'tidemark.yml:1 warehouse: is required',
      ],
    ],
    [
      'wrong types, once per key',
      'connections/shop.yml',
      'host: 5\nuser: tidemark\nport: "3306"\nssh: yes\n',
      [
        'connections/shop.yml:1 host: must be a string (got 5)',
        'connections/shop.yml:3 port: must be an integer number (got "3306")',
        'connections/shop.yml:4 ssh: must be a mapping of keys to values',
      ],
    ],
    [
      'every missing environment variable, never a value',
      'connections/shop.yml',
      'host: "${SHOP_HOST}"\nuser: tidemark\npassword: "${SHOP_DB_PASSWORD}"\n',
      [
        'connections/shop.yml:1 host: environment variable SHOP_HOST is not set',
        'connections/shop.yml:3 password: environment variable SHOP_DB_PASSWORD is not set',
      ],
    ],
    [
      'a missing variable once, not again by the rules of its key',
      'tidemark.yml',
      'watermarkStore: { type: sqlite }\nobjectStore: { type: local }\nwarehouse: { type: postgres, url: u }\nwatermarkService: { url: "http://w", token: "${TM_UNSET_TOKEN}" }\n',
      ['tidemark.yml:4 watermarkService.token: environment variable TM_UNSET_TOKEN is not set'],
    ],
    [
      'a missing variable in one table and the problems of the others',
      'pipelines/nightly.yml',
      'connection: shop\ntables:\n  shop.a: { strategy: custom, where: "${TM_UNSET_FILTER}" }\n  shop.b: { strategy: custom }\n',
      [
        'pipelines/nightly.yml:3 tables.shop.a.where: environment variable TM_UNSET_FILTER is not set',
        'pipelines/nightly.yml:4 tables.shop.b.where: is required by strategy custom (a WHERE filter)',
      ],
    ],
    [
      'an SSH bastion without a key or a way to check its host key',
      'connections/shop.yml',
      'host: db\nuser: tidemark\nssh:\n  host: bastion\n  username: tunnel\n  knownHostsPath: keys/none\n',
      [
        'connections/shop.yml:3 ssh: give privateKeyPath or privateKey',
        expect.stringMatching(/^connections\/shop\.yml:6 ssh\.knownHostsPath: cannot read \/\S+\/keys\/none: ENOENT/),
      ],
    ],
    [
      'an SSH bastion whose host key nothing checks',
      'connections/shop.yml',
      'host: db\nuser: tidemark\nssh: { host: bastion, username: tunnel, privateKeyPath: keys/id }\n',
      [
        "connections/shop.yml:3 ssh: give knownHostsPath or hostKeyFingerprint, so the bastion's host key can be checked",
      ],
    ],
    [
      'a named time zone',
      'connections/shop.yml',
      'host: db\nuser: tidemark\ntimezone: Europe/Berlin\n',
      [
        'connections/shop.yml:3 timezone: source timezone "Europe/Berlin" is not supported: use UTC or a fixed offset such as +02:00',
      ],
    ],
    [
      'an unknown connection and a bad cron expression',
      'pipelines/nightly.yml',
      'connection: nowhere\nschedule:\n  extract: "every hour"\n  load: "5 * * * *"\n',
      [
        'pipelines/nightly.yml:1 connection: "nowhere" is not defined: there is no connections/nowhere.yml (known: shop)',
        expect.stringMatching(/^pipelines\/nightly\.yml:3 schedule\.extract: "every hour" is not a cron expression: /),
      ],
    ],
    [
      'continuous mode beside a cron schedule, and probe settings that make no sense',
      'pipelines/nightly.yml',
      'connection: shop\nschedule:\n  extract: "* * * * *"\ncontinuous:\n  intervalSeconds: 5\n  probeSeconds: 2\n',
      [
        'pipelines/nightly.yml:4 continuous: is set together with schedule: the services run a pipeline either on its cron schedule or continuously; remove one of them',
        'pipelines/nightly.yml:6 continuous.probeSeconds: needs maxBufferedRows: without it nothing is probed (batches run every intervalSeconds)',
      ],
    ],
    [
      'continuous mode with a zero interval and a row count that is not a number',
      'pipelines/nightly.yml',
      'connection: shop\ncontinuous:\n  intervalSeconds: 0\n  maxBufferedRows: many\n',
      [
        'pipelines/nightly.yml:3 continuous.intervalSeconds: must not be less than 1 (got 0)',
        expect.stringMatching(/^pipelines\/nightly\.yml:4 continuous\.maxBufferedRows: must be an integer number/),
      ],
    ],
    [
      'a probe slower than the interval',
      'pipelines/nightly.yml',
      'connection: shop\ncontinuous: { intervalSeconds: 5, maxBufferedRows: 100, probeSeconds: 10 }\n',
      [
        'pipelines/nightly.yml:2 continuous.probeSeconds: 10 is longer than intervalSeconds (5): a probe would never come before the next batch',
      ],
    ],
    [
      'each bad table, with the table key in the path',
      'pipelines/nightly.yml',
      [
        'connection: shop',
        'tables:',
        '  shop.orders:',
        '    strategy: magic',
        '    batchSize: 0',
        '  orders: {}',
        '  other:shop.lines: {}',
        '  shop.invoices: { strategy: custom }',
        '  shop.notes: { where: "1=1; DROP TABLE x" }',
        '  shop.events: hybrid',
        '  shop.carts: { loadMode: full_sync }',
      ].join('\n'),
      [
        'pipelines/nightly.yml:4 tables.shop.orders.strategy: must be one of hybrid, timestamp_only, id_only, full_sync, custom, binlog (got "magic")',
        'pipelines/nightly.yml:5 tables.shop.orders.batchSize: must not be less than 1 (got 0)',
        'pipelines/nightly.yml:6 tables.orders: the table key needs its schema: use SCHEMA.TABLE',
        'pipelines/nightly.yml:7 tables.other:shop.lines: connection "other" is not defined: there is no connections/other.yml',
        'pipelines/nightly.yml:8 tables.shop.invoices.where: is required by strategy custom (a WHERE filter)',
        'pipelines/nightly.yml:9 tables.shop.notes.where: custom WHERE "1=1; DROP TABLE x" is not a single expression: ";" ends a statement',
        'pipelines/nightly.yml:10 tables.shop.events: must be a mapping of keys to values',
        'pipelines/nightly.yml:11 tables.shop.carts.loadMode: full_sync needs strategy full_sync (a snapshot to swap in); use merge or append',
      ],
    ],
    [
      'YAML syntax, with the line',
      'pipelines/nightly.yml',
      'connection: shop\ntables:\n  shop.orders: { strategy: hybrid\n',
      [expect.stringMatching(/^pipelines\/nightly\.yml:4 not valid YAML: /)],
    ],
    [
      'a file that is not a mapping',
      'pipelines/nightly.yml',
      '- shop.orders\n',
      ['pipelines/nightly.yml:1 the file must be a mapping of keys to values'],
    ],
    [
      'Redshift without S3 or COPY credentials',
      'tidemark.yml',
      'watermarkStore: { type: sqlite }\nobjectStore: { type: local }\nwarehouse:\n  type: redshift\n  url: u\n',
      [
        'tidemark.yml:3 warehouse.redshift: give iamRole, or accessKeyId and secretAccessKey, for COPY to read S3',
        'tidemark.yml:4 warehouse.type: redshift loads with COPY from S3: objectStore.type must be s3',
      ],
    ],
    [
      'store settings each type needs',
      'tidemark.yml',
      'watermarkStore: { type: postgres }\nobjectStore: { type: s3 }\nwarehouse: { type: postgres, url: u, redshift: { slices: 2 } }\n',
      [
        'tidemark.yml:1 watermarkStore.url: is required for type postgres',
        'tidemark.yml:2 objectStore.bucket: is required for type s3',
        'tidemark.yml:3 warehouse.redshift: is only for warehouse.type redshift',
      ],
    ],
  ])('reports %s', (_what, file, text, expected) => {
    fixture.write(file, text);
    expect(problems()).toEqual(expected);
  });

  it.each([
    ['https anywhere', 'https://s3.eu-west-1.amazonaws.com', ''],
    ['plain http to this machine', 'http://127.0.0.1:7480', ''],
    ['plain http to localhost', 'http://localhost:9000', ''],
    ['plain http to another host when allowHttp says so', 'http://minio:9000', ', allowHttp: true'],
  ])('accepts an S3 endpoint in %s', (_what, endpoint, more) => {
    fixture.write(
      'tidemark.yml',
      `watermarkStore: { type: sqlite }\nobjectStore: { type: s3, bucket: b, endpoint: "${endpoint}"${more} }\nwarehouse: { type: postgres, url: u }\n`,
    );
    const check = checkConfig(fixture.dir, { SHOP_PASSWORD: 'x' });
    expect(check.problems).toEqual([]);
    expect(check.config?.objectStore).toMatchObject({ type: 's3', endpoint });
  });

  it('lets tables share options through YAML anchors and merge keys', () => {
    fixture.write(
      'pipelines/nightly.yml',
      'connection: shop\ntables:\n  shop.a: &slow { batchSize: 500, lagSeconds: 60 }\n  shop.b: { <<: *slow, strategy: timestamp_only }\n',
    );
    const check = checkConfig(fixture.dir, { SHOP_PASSWORD: 'x' });
    expect(check.problems).toEqual([]);
    expect(check.config?.pipelines['nightly'].tables[1]).toEqual({
      key: 'shop.b',
      strategy: 'timestamp_only',
      cursorColumn: 'updated_at',
      batchSize: 500,
      lagSeconds: 60,
    });
  });

  it('reports the problems of every file at once, file by file', () => {
    fixture.write(
      'tidemark.yml',
      'watermarkStore: { type: sqlite }\nobjectStore: { type: local }\nwarehouse: { type: postgres }\n',
    );
    fixture.write('connections/shop.yml', 'host: db\nuser: tidemark\nport: 0\n');
    fixture.write('pipelines/nightly.yml', 'connection: shop\ntables:\n  shop.orders: { lagSeconds: -1 }\n');
    expect(problems({})).toEqual([
      'tidemark.yml:3 warehouse.url: is required',
      'connections/shop.yml:3 port: must not be less than 1 (got 0)',
      'pipelines/nightly.yml:3 tables.shop.orders.lagSeconds: must not be less than 0 (got -1)',
    ]);
  });

  it('does not blame a pipeline for its connection file being broken', () => {
    fixture.write('connections/shop.yml', 'host: [db\n');
    expect(problems()).toEqual([expect.stringMatching(/^connections\/shop\.yml:\d+ not valid YAML: /)]);
  });

  it('never shows the value of a secret key in a problem', () => {
    fixture.write('connections/shop.yml', 'host: db\nuser: tidemark\npassword: 12345678\n');
    expect(problems()).toEqual(['connections/shop.yml:3 password: must be a string']);
  });
});
