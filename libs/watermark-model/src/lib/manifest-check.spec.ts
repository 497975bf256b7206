import { checkManifest, isSafeObjectKey } from './manifest-check';
import { Manifest } from './manifest';

const manifest = (files: Manifest['files']): Manifest =>
  ({
    id: 'm1',
    pipeline: 'p',
    table: 's.t',
    files,
    rowCount: files.reduce((n, f) => n + f.rows, 0),
    byteCount: files.reduce((n, f) => n + f.bytes, 0),
    minCursor: { timestamp: null, primaryKey: null },
    maxCursor: { timestamp: null, primaryKey: null },
  }) as unknown as Manifest;

const file = (key: string, sha256 = 'a'.repeat(64), rows = 1) => ({
  key,
  uri: `file:///${key}`,
  rows,
  bytes: 10,
  sha256,
});

describe('checkManifest', () => {
  it('accepts keys under the prefix, also with an empty segment', () => {
    expect(isSafeObjectKey('tidemark/p/default/s/t/2025/08/01/run-00001.parquet')).toBe(true);
    expect(isSafeObjectKey('tidemark//p/x.parquet')).toBe(true);
    expect(() => checkManifest(manifest([file('a/b.parquet')]), { pipeline: 'p', table: 's.t' })).not.toThrow();
  });

  it.each([
    [[file('../../etc/passwd')], 'files[0].key "../../etc/passwd" is not an object key inside the store'],
    [[file('a/./b')], 'files[0].key "a/./b" is not an object key inside the store'],
    [[file('a\\..\\b')], 'files[0].key "a\\\\..\\\\b" is not an object key inside the store'],
    [[file('a/b', 'XYZ')], 'files[0].sha256 must be 64 lower-case hex digits'],
    [[file('a/b', 'a'.repeat(64), -1)], 'files[0] rows and bytes must be whole numbers from 0'],
  ])('refuses files %j', (files, message) => {
    expect(() => checkManifest(manifest(files), { pipeline: 'p', table: 's.t' })).toThrow(
      `manifest m1 is inconsistent: ${message}`,
    );
  });

  it('refuses counts that are not whole numbers', () => {
    const m = { ...manifest([]), rowCount: '0' } as unknown as Manifest;
    expect(() => checkManifest(m, { pipeline: 'p', table: 's.t' })).toThrow(
      'rowCount and byteCount must be whole numbers from 0',
    );
  });

  describe('the load order', () => {
    const withOrder = (loadOrder: unknown) =>
      ({ ...manifest([file('a/b.parquet')]), columns: [{ name: 'id' }], loadOrder }) as unknown as Manifest;

    it('is optional: manifests of earlier versions have none', () => {
      expect(() => checkManifest(manifest([file('a/b.parquet')]), { pipeline: 'p', table: 's.t' })).not.toThrow();
    });

    it('accepts a generated column name and a BIGINT value', () => {
      const m = withOrder({ column: '_tidemark_load_order', value: '9223372036854775807' });
      expect(() => checkManifest(m, { pipeline: 'p', table: 's.t' })).not.toThrow();
    });

    it.each([
      [{ column: '_tidemark_load_order', value: '9223372036854775808' }, 'loadOrder.value "9223372036854775808" must be a positive BIGINT'],
      [{ column: '_tidemark_load_order', value: '0' }, 'loadOrder.value "0" must be a positive BIGINT'],
      [{ column: '_tidemark_load_order', value: 12 }, 'loadOrder.value 12 must be a positive BIGINT'],
      [{ column: '_tidemark_load_order', value: '1e3' }, 'loadOrder.value "1e3" must be a positive BIGINT'],
      [{ column: 'ID', value: '5' }, 'loadOrder.column "ID" is also a source column'],
      [{ column: '', value: '5' }, 'loadOrder.column must be a column name of 1 to 128 characters'],
      [null, 'loadOrder is not an object'],
    ])('refuses %j', (loadOrder, message) => {
      expect(() => checkManifest(withOrder(loadOrder), { pipeline: 'p', table: 's.t' })).toThrow(
        `manifest m1 is inconsistent: ${message}`,
      );
    });
  });
});
