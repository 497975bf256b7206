import { join } from 'node:path';
import { isTidemarkError } from '@tidemark/errors';
import { loadConfig } from './load-config';
import { ConfigDirFixture } from '../test/config-test.fixture';

describe('loadConfig', () => {
  let fixture: ConfigDirFixture;
  const load = (env: NodeJS.ProcessEnv = {}) => loadConfig(fixture.dir, env);

  beforeEach(() => (fixture = new ConfigDirFixture()));
  afterEach(() => fixture.remove());

  it('reads the three kinds of file, fills defaults and resolves paths from the config folder', () => {
    const c = load({ SHOP_PASSWORD: 's3cret' });
    expect(c.connections['shop']).toMatchObject({ name: 'shop', host: 'db', port: 3306, password: 's3cret' });
    expect(c.pipelines['nightly'].tables).toEqual([
      { key: 'shop.orders', strategy: 'id_only', cursorColumn: 'updated_at', batchSize: 100000 },
      { key: 'shop.lines', strategy: 'hybrid', cursorColumn: 'updated_at', batchSize: 100000 },
    ]);
    expect(c.watermarkStore).toEqual({ type: 'sqlite', path: join(fixture.parent, '.tidemark/watermarks.sqlite') });
    expect(c.objectStore).toEqual({
      type: 'local',
      prefix: 'tidemark',
      directory: join(fixture.parent, '.tidemark/objects'),
    });
    expect(c.extract).toEqual({ targetFileBytes: 134217728, rowGroupRows: 122880 });
    expect([c.parallelTables, c.workDirectory, c.logDirectory]).toEqual([
      1,
      join(fixture.parent, '.tidemark/work'),
      join(fixture.parent, '.tidemark/logs'),
    ]);
  });

  it('fills the Redshift settings and COPY credentials', () => {
    fixture.write(
      'tidemark.yml',
      [
        'watermarkStore: { type: postgres, url: "postgresql://x@h/wm", schema: tm }',
        'objectStore: { type: s3, bucket: lake }',
        'warehouse:',
        '  type: redshift',
        '  url: "postgresql://x@h/dw"',
        '  redshift: { accessKeyId: AKIA, secretAccessKey: "${AWS_SECRET}" }',
      ].join('\n'),
    );
    const c = load({ SHOP_PASSWORD: 'x', AWS_SECRET: 'sk' });
    expect(c.watermarkStore).toEqual({ type: 'postgres', url: 'postgresql://x@h/wm', schema: 'tm' });
    expect(c.objectStore).toMatchObject({ type: 's3', bucket: 'lake', region: 'us-east-1', prefix: 'tidemark' });
    expect(c.warehouse.redshift).toEqual({
      auth: { accessKeyId: 'AKIA', secretAccessKey: 'sk', sessionToken: undefined },
      serverless: false,
      varcharMode: 'bytes',
      slices: 1,
    });
  });

  it('throws one CONFIG error that lists every problem with its file, line and key', () => {
    fixture.write('connections/shop.yml', 'host: db\nuser: tidemark\nport: high\npassword: "${SHOP_PASSWORD}"\n');
    fixture.write('pipelines/nightly.yml', 'connection: shop\ntables:\n  shop.orders: { strategy: magic }\n');
    let error: unknown;
    try {
      load();
    } catch (e) {
      error = e;
    }
    expect(isTidemarkError(error) && error.code).toBe('CONFIG');
    expect((error as Error).message).toBe(
      [
        'the config has 3 problems:',
        `  ${fixture.dir}/connections/shop.yml:3 port: must be an integer number (got "high")`,
        `  ${fixture.dir}/connections/shop.yml:4 password: environment variable SHOP_PASSWORD is not set`,
        `  ${fixture.dir}/pipelines/nightly.yml:3 tables.shop.orders.strategy: must be one of hybrid, timestamp_only, id_only, full_sync, custom, binlog (got "magic")`,
      ].join('\n'),
    );
  });

  it('names a single problem on one line', () => {
    expect(() => load()).toThrow(
      new RegExp(`^${fixture.dir}/connections/shop\\.yml:3 password: environment variable SHOP_PASSWORD is not set$`),
    );
  });

  it('says where it looked when there is no config', () => {
    expect(() => loadConfig(join(fixture.parent, 'none'))).toThrow(
      /^no config found: .*none\/tidemark\.yml does not exist/,
    );
  });
});
