import { classifyObjects, ListedObject, RegisteredManifest } from './object-status';

const at = new Date('2025-11-01T00:00:00Z');
const object = (relativeKey: string): ListedObject => ({
  key: `tidemark/default/default/shop/orders/${relativeKey}`,
  relativeKey,
  uri: `s3://bucket/tidemark/default/default/shop/orders/${relativeKey}`,
  bytes: 10,
  lastModified: at,
});
const manifest = (id: string, status: RegisteredManifest['status'], files: string[]): RegisteredManifest => ({
  id,
  status,
  fileUris: files.map((f) => object(f).uri),
});

describe('classifyObjects', () => {
  it('gives each data file and manifest JSON the status of its manifest, and everything else "orphaned"', () => {
    const objects = [
      'd/run1-00001.parquet',
      'd/run1-00001.manifest.json',
      'd/run2-00001.parquet',
      'd/run2-00002.parquet',
      'd/run2-00001.manifest.json',
      'd/run3-00001.parquet',
      'd/run3-00001.manifest.json',
      'd/crash-00001.parquet',
      'd/crash-00001.manifest.json',
      'notes.txt',
    ].map(object);
    const manifests = [
      manifest('run1-00001', 'loaded', ['d/run1-00001.parquet']),
      manifest('run2-00001', 'pending', ['d/run2-00001.parquet', 'd/run2-00002.parquet']),
      manifest('run3-00001', 'superseded', ['d/run3-00001.parquet']),
    ];
    expect(classifyObjects(objects, manifests).map((o) => [o.relativeKey, o.status, o.manifestId])).toEqual([
      ['d/run1-00001.parquet', 'loaded', 'run1-00001'],
      ['d/run1-00001.manifest.json', 'loaded', 'run1-00001'],
      ['d/run2-00001.parquet', 'pending', 'run2-00001'],
      ['d/run2-00002.parquet', 'pending', 'run2-00001'],
      ['d/run2-00001.manifest.json', 'pending', 'run2-00001'],
      ['d/run3-00001.parquet', 'superseded', 'run3-00001'],
      ['d/run3-00001.manifest.json', 'superseded', 'run3-00001'],
      ['d/crash-00001.parquet', 'orphaned', null],
      ['d/crash-00001.manifest.json', 'orphaned', null],
      ['notes.txt', 'orphaned', null],
    ]);
  });

  it('keeps size, date and keys as listed', () => {
    const [o] = classifyObjects([object('d/x.parquet')], []);
    expect(o).toEqual({ ...object('d/x.parquet'), status: 'orphaned', manifestId: null });
  });
});
