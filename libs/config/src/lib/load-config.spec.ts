import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  let dir: ReturnType<typeof makeTempDir>;
  const write = (path: string, text: string) => {
    mkdirSync(join(dir.path, 'config', path, '..'), { recursive: true });
    writeFileSync(join(dir.path, 'config', path), text);
  };
  const load = (env: NodeJS.ProcessEnv = {}) => loadConfig(join(dir.path, 'config'), env);

  beforeEach(() => {
    dir = makeTempDir();
    write('tidemark.yml', 'watermarkStore: { type: sqlite }\nobjectStore: { type: local }\nwarehouse: { type: postgres, url: "postgresql://x@h/db" }\n');
    write('connections/shop.yml', 'host: db\nuser: tidemark\npassword: "${SHOP_PASSWORD}"\n');
    write('pipelines/nightly.yml', 'connection: shop\ntables:\n  shop.orders: { strategy: id_only }\n  shop.lines:\n');
  });
  afterEach(() => dir.remove());

  it('reads the three kinds of file, fills defaults and resolves paths from the config folder', () => {
    const c = load({ SHOP_PASSWORD: 's3cret' });
    expect(c.connections['shop']).toMatchObject({ name: 'shop', host: 'db', port: 3306, password: 's3cret' });
    expect(c.pipelines['nightly'].tables).toEqual([
      { key: 'shop.orders', strategy: 'id_only', cursorColumn: 'updated_at', batchSize: 100000 },
      { key: 'shop.lines', strategy: 'hybrid', cursorColumn: 'updated_at', batchSize: 100000 },
    ]);
    expect(c.watermarkStore).toEqual({ type: 'sqlite', path: join(dir.path, '.tidemark/watermarks.sqlite') });
  });

  it.each([
    [{}, /connections\/shop\.yml: environment variable SHOP_PASSWORD is not set/],
  ])('names a missing secret', (env, message) => {
    expect(() => load(env)).toThrow(message);
  });

  it.each([
    ['tidemark.yml', 'watermarkStore: { type: sqlite }\nobjectStore: { type: ftp }\nwarehouse: { type: postgres, url: u }\n', /tidemark\.yml: objectStore\.type: type must be one of the following values: local, s3/],
    ['tidemark.yml', 'watermarkStore: { type: sqlite }\nobjectStore: { type: local }\nwarehouse: { type: postgres, url: u }\nverbose: true\n', /tidemark\.yml: verbose: property verbose should not exist/],
    ['connections/shop.yml', 'host: db\nuser: u\nport: "3306"\n', /shop\.yml: port: .*port must be an integer number/],
    ['pipelines/nightly.yml', 'connection: nowhere\n', /nightly\.yml: connection: "nowhere" is not defined/],
    ['pipelines/nightly.yml', 'connection: shop\nschedule: { extract: "every hour" }\n', /nightly\.yml: schedule\.extract: "every hour" is not a cron expression/],
    ['pipelines/nightly.yml', 'connection: shop\ntables:\n  shop.orders: { strategy: magic }\n', /strategy must be one of the following values/],
    ['tidemark.yml', 'watermarkStore: [unclosed\n', /tidemark\.yml: not valid YAML/],
  ])('refuses a bad %s with the file and the key', (file, text, message) => {
    write(file, text);
    expect(() => load({ SHOP_PASSWORD: 'x' })).toThrow(message);
  });

  it('says where it looked when there is no config', () => {
    expect(() => loadConfig(join(dir.path, 'none'))).toThrow(/no config found: .*none\/tidemark\.yml does not exist/);
  });
});
