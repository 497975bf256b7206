import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { buildApps, writeConfigFiles } from '@tidemark/testing';
import { CliFixture } from './cli.fixture';
import { runInDir } from './run-in-dir.fixture';

describe('tidemark config validate / show (built binary)', () => {
  let cli: CliFixture;
  let configs = 0;

  /** A config for the test servers with `files` written over it (paths inside the config directory). */
  function configWith(files: Record<string, string>, pipelines?: Record<string, string>): string {
    const config = cli.writeConfig(`config-${++configs}`, { pipelines });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(config, path)), { recursive: true });
      writeFileSync(join(config, path), text);
    }
    return config;
  }

  beforeAll(() => {
    buildApps('cli');
    cli = new CliFixture();
  });
  afterAll(() => cli?.remove());

  describe('validate', () => {
    it('says how much a valid config holds, as text and as JSON', () => {
      const config = configWith(
        {},
        {
          orders: 'connection: default\ntables:\n  shop.orders:\n  shop.lines: { strategy: id_only }\n',
          nightly: 'connection: default\n',
        },
      );
      const r = cli.run(config, ['config', 'validate']);
      expect([r.status, r.stdout, r.stderr]).toEqual([0, 'valid: 1 connections, 2 pipelines, 2 tables\n', '']);
      const json = cli.run(config, ['config', 'validate', '--json']);
      expect(JSON.parse(json.stdout)).toEqual({ valid: true, connections: 1, pipelines: 2, tables: 2 });
    });

    // Each broken config: the files written over a valid one, then exactly the lines reported (file:line key: message).
    it.each<[string, Record<string, string>, string[]]>([
      [
        'a value outside its choices',
        {
          'pipelines/orders.yml': [
            '# nightly orders',
            'connection: default',
            'targetSchema: analytics',
            'tables:',
            '  shop.lines:',
            '  shop.orders:',
            '    strategy: everything',
          ].join('\n'),
        },
        [
          'pipelines/orders.yml:7 tables.shop.orders.strategy: must be one of hybrid, timestamp_only, id_only, full_sync, custom, binlog (got "everything")',
        ],
      ],
      [
        'unknown keys',
        { 'connections/default.yml': 'host: 127.0.0.1\nuser: root\nschema: shop\n' },
        [
          'connections/default.yml:3 schema: unknown key (known keys: host, port, user, password, database, timezone, connectTimeoutSeconds, readIdleTimeoutSeconds, ssh)',
        ],
      ],
      [
        'wrong types',
        {
          'tidemark.yml':
            'watermarkStore: { type: sqlite }\nobjectStore: { type: local }\nwarehouse: { type: postgres, url: "postgresql://postgres@127.0.0.1/test" }\nparallelTables: four\nextract:\n  targetFileBytes: 1.5\n',
        },
        [
          'tidemark.yml:4 parallelTables: must be an integer number (got "four")',
          'tidemark.yml:6 extract.targetFileBytes: must be an integer number (got 1.5)',
        ],
      ],
      [
        'missing required keys',
        {
          'tidemark.yml': 'watermarkStore: { type: sqlite }\nobjectStore: {}\n',
          'connections/default.yml': 'host: 127.0.0.1\nport: 3306\n',
        },
        [
          'tidemark.yml:1 warehouse: is required',
          'tidemark.yml:2 objectStore.type: is required',
          'connections/default.yml:1 user: is required',
        ],
      ],
      [
        'every environment variable not set',
        {
          'connections/default.yml':
            'host: "${TM_TEST_UNSET_HOST}"\nport: 3306\nuser: root\npassword: "${TM_TEST_UNSET_PASSWORD}"\n',
        },
        [
          'connections/default.yml:1 host: environment variable TM_TEST_UNSET_HOST is not set',
          'connections/default.yml:4 password: environment variable TM_TEST_UNSET_PASSWORD is not set',
        ],
      ],
      [
        'a pipeline naming an unknown connection',
        { 'pipelines/orders.yml': '# orders\nconnection: shop\n' },
        ['pipelines/orders.yml:2 connection: "shop" is not defined: there is no connections/shop.yml (known: default)'],
      ],
      [
        'bad cron expressions',
        { 'pipelines/orders.yml': 'connection: default\nschedule:\n  extract: "*/15 * * * *"\n  load: "61 * * * *"\n' },
        [
          'pipelines/orders.yml:4 schedule.load: "61 * * * *" is not a cron expression: Field value (61) is out of range',
        ],
      ],
      [
        'YAML syntax errors, with the line',
        { 'pipelines/orders.yml': 'connection: default\ntables:\n  shop.orders: { strategy: hybrid\n  shop.lines:\n' },
        [
          'pipelines/orders.yml:4 not valid YAML: Flow map in block collection must be sufficiently indented and end with a }',
        ],
      ],
    ])('reports %s with file, line and key, and exits 1', (_what, files, expected) => {
      const config = configWith(files);
      const r = cli.run(config, ['config', 'validate']);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        [
          ...expected.map((line) => `${config}/${line}`),
          `error: the config is not valid: ${expected.length} problem(s)`,
          '',
        ].join('\n'),
      );
    });

    it('reports every problem of every file in one run, also as JSON', () => {
      const config = configWith({
        'tidemark.yml':
          'watermarkStore: { type: sqlite }\nobjectStore: { type: s3 }\nwarehouse: { type: postgres, url: "postgresql://postgres@127.0.0.1/test" }\n',
        'connections/default.yml': 'host: 127.0.0.1\nport: 99999\nuser: root\n',
        'pipelines/a.yml': 'connection: default\ntables:\n  shop.orders: { batchSize: 0, color: red }\n',
        'pipelines/b.yml': 'connection: nowhere\n',
      });
      const r = cli.run(config, ['config', 'validate', '--json']);
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout)).toEqual({
        valid: false,
        problems: [
          { file: `${config}/tidemark.yml`, line: 2, key: 'objectStore.bucket', message: 'is required for type s3' },
          {
            file: `${config}/connections/default.yml`,
            line: 2,
            key: 'port',
            message: 'must not be greater than 65535 (got 99999)',
          },
          {
            file: `${config}/pipelines/a.yml`,
            line: 3,
            key: 'tables.shop.orders.color',
            message: expect.stringMatching(/^unknown key \(known keys: strategy, cursorColumn, /),
          },
          {
            file: `${config}/pipelines/a.yml`,
            line: 3,
            key: 'tables.shop.orders.batchSize',
            message: 'must not be less than 1 (got 0)',
          },
          {
            file: `${config}/pipelines/b.yml`,
            line: 1,
            key: 'connection',
            message: '"nowhere" is not defined: there is no connections/nowhere.yml (known: default)',
          },
        ],
      });
    });

    it('names each file as the --config directory was given (./config by default)', () => {
      writeConfigFiles(cli.dir.path, 'config', {
        pipelines: { orders: 'connection: default\ntables:\n  shop.orders: { strategy: all }\n' },
      });
      const expected =
        'pipelines/orders.yml:3 tables.shop.orders.strategy: must be one of hybrid, timestamp_only, id_only, full_sync, custom, binlog (got "all")';
      expect(runInDir(cli.dir.path, ['config', 'validate']).stderr.split('\n')[0]).toBe(`config/${expected}`);
      expect(runInDir(cli.dir.path, ['--config', './config/', 'config', 'validate']).stderr.split('\n')[0]).toBe(
        `config/${expected}`,
      );
      expect(
        runInDir(join(cli.dir.path, 'config'), ['--config', '.', 'config', 'validate']).stderr.split('\n')[0],
      ).toBe(expected);
    });
  });

  it('makes every other command refuse a broken config with the same report (exit 1)', () => {
    const config = configWith({ 'pipelines/orders.yml': 'connection: shop\nschedule: { extract: often }\n' });
    const r = cli.run(config, ['watermark', 'list']);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('error: the config has 2 problems:');
    expect(lines[1]).toBe(
      `  ${config}/pipelines/orders.yml:1 connection: "shop" is not defined: there is no connections/shop.yml (known: default)`,
    );
    expect(lines[2]).toMatch(
      /^ {2}\S+\/pipelines\/orders\.yml:2 schedule\.extract: "often" is not a cron expression: /,
    );
    expect(lines[3]).toBe('');
  });

  describe('show', () => {
    const secrets = {
      MYSQL_SECRET: 'mysql-Pw-4f9Q',
      WAREHOUSE_SECRET: 'wh-Pw-8zK2',
      STORE_SECRET: 'store-Pw-1mX7',
      S3_SECRET: 's3-Secret-7hL0',
      API_TOKEN: 'api-Token-3vB6-0123456789',
      SSH_KEY: '-----BEGIN OPENSSH PRIVATE KEY----- key-Body-5nR1',
      SSH_PASSPHRASE: 'pass-Phrase-2cW8',
      AWS_SESSION: 'session-Tok-6yT4',
      SOURCE_HOST: '10.1.2.3',
    };
    let config: string;

    beforeAll(() => {
      config = configWith({
        'tidemark.yml': [
          'watermarkStore: { type: postgres, url: "postgresql://tidemark:${STORE_SECRET}@127.0.0.1:5432/test" }',
          'objectStore: { type: s3, bucket: lake, accessKeyId: AKIAEXAMPLE, secretAccessKey: "${S3_SECRET}" }',
          'warehouse:',
          '  type: redshift',
          '  url: "postgresql://loader:${WAREHOUSE_SECRET}@cluster.example:5439/dw"',
          '  redshift: { accessKeyId: AKIAEXAMPLE, secretAccessKey: "${S3_SECRET}", sessionToken: "${AWS_SESSION}" }',
          'watermarkService: { url: "http://wm.internal:3000", token: "${API_TOKEN}" }',
        ].join('\n'),
        'connections/default.yml': [
          'host: "${SOURCE_HOST}"',
          'user: root',
          'password: "${MYSQL_SECRET}"',
          'ssh: { host: bastion, username: tunnel, privateKey: "${SSH_KEY}", passphrase: "${SSH_PASSPHRASE}", insecureSkipHostKeyCheck: true }',
        ].join('\n'),
        'pipelines/orders.yml': 'connection: default\ntables:\n  shop.orders: { lagSeconds: 30 }\n',
      });
    });

    it('prints the effective config as YAML: defaults filled in, paths resolved, variables replaced, no secret', () => {
      const r = cli.run(config, ['config', 'show'], secrets);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      for (const value of Object.values(secrets).filter((v) => v !== secrets.SOURCE_HOST))
        expect(r.stdout).not.toContain(value);
      const shown = parse(r.stdout);
      expect(shown.connections.default).toEqual({
        name: 'default',
        host: '10.1.2.3',
        port: 3306,
        user: 'root',
        password: '***',
        ssh: {
          host: 'bastion',
          username: 'tunnel',
          privateKey: '***',
          passphrase: '***',
          insecureSkipHostKeyCheck: true,
        },
      });
      expect(shown.watermarkStore.url).toBe('postgresql://tidemark:***@127.0.0.1:5432/test');
      expect(shown.objectStore).toEqual({
        type: 's3',
        prefix: 'tidemark',
        bucket: 'lake',
        region: 'us-east-1',
        accessKeyId: 'AKIAEXAMPLE',
        secretAccessKey: '***',
      });
      expect(shown.warehouse).toEqual({
        type: 'redshift',
        url: 'postgresql://loader:***@cluster.example:5439/dw',
        redshift: {
          auth: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: '***', sessionToken: '***' },
          serverless: false,
          varcharMode: 'bytes',
          slices: 1,
        },
        timeouts: { connectTimeoutSeconds: 10, readIdleTimeoutSeconds: 300, statementTimeoutSeconds: 21600 },
      });
      expect(shown.watermarkService).toEqual({ url: 'http://wm.internal:3000', token: '***' });
      expect(shown.pipelines.orders.tables).toEqual([
        { key: 'shop.orders', strategy: 'hybrid', cursorColumn: 'updated_at', batchSize: 100000, lagSeconds: 30 },
      ]);
      expect(shown.workDirectory).toBe(join(cli.dir.path, '.tidemark/work'));
      expect(shown.extract).toEqual({ targetFileBytes: 134217728, rowGroupRows: 122880 });
    });

    it('prints the same as JSON with --json, with no secret', () => {
      const yaml = parse(cli.run(config, ['config', 'show'], secrets).stdout);
      const r = cli.run(config, ['config', 'show', '--json'], secrets);
      expect(r.status).toBe(0);
      for (const value of Object.values(secrets).filter((v) => v !== secrets.SOURCE_HOST))
        expect(r.stdout).not.toContain(value);
      expect(JSON.parse(r.stdout)).toEqual(yaml);
    });

    it('refuses a config with problems, naming them, and prints nothing', () => {
      const withoutToken = Object.fromEntries(Object.entries(secrets).filter(([name]) => name !== 'API_TOKEN'));
      const r = cli.run(config, ['config', 'show'], withoutToken);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `error: ${config}/tidemark.yml:7 watermarkService.token: environment variable API_TOKEN is not set\n`,
      );
    });
  });
});
