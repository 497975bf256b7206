import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { makeTempDir, s3Settings, uniqueName } from '@tidemark/testing';
import { sha256File } from './file-digest';
import { LocalDirectoryStore } from './local-directory-store';
import { ObjectStore } from './object-store';
import { createS3Client, S3Store } from './s3-store';

describe.each(['local', 's3'] as const)('%s object store (real)', (kind) => {
  let store: ObjectStore;
  let dir: ReturnType<typeof makeTempDir>;
  const file = () => join(dir.path, 'upload.bin');

  beforeAll(async () => {
    dir = makeTempDir();
    if (kind === 'local') store = new LocalDirectoryStore(join(dir.path, 'store'));
    else {
      const bucket = uniqueName('tm-objects').replace(/_/g, '-').toLowerCase();
      await (await createS3Client({ bucket, ...s3Settings() })).send(new CreateBucketCommand({ Bucket: bucket }));
      store = new S3Store({ bucket, ...s3Settings(), partSizeBytes: 5 * 1024 * 1024, uploadConcurrency: 2 });
    }
    writeFileSync(file(), randomBytes(12 * 1024 * 1024 + 123));
  });
  afterAll(() => dir?.remove());

  it('uploads a 12 MiB file (multipart in 5 MiB parts on S3), checks its size, and gives it back byte for byte', async () => {
    const stored = await store.putFile('p/a/file.parquet', file());
    expect(stored.bytes).toBe(12 * 1024 * 1024 + 123);
    const back = join(dir.path, 'download.bin');
    await store.downloadTo('p/a/file.parquet', back);
    expect(await sha256File(back)).toBe(await sha256File(file()));
  });

  it('lists by prefix, reads small objects, and deletes', async () => {
    await store.putBytes('p/a/m.manifest.json', '{"ok":true}');
    await store.putBytes('p/b/other.json', 'x');
    const keys: string[] = [];
    for await (const o of store.list('p/a/')) keys.push(o.key);
    expect(keys.sort()).toEqual(['p/a/file.parquet', 'p/a/m.manifest.json']);
    expect((await store.getBytes('p/a/m.manifest.json')).toString()).toBe('{"ok":true}');
    await store.delete('p/a/m.manifest.json');
    expect(await store.head('p/a/m.manifest.json')).toBeNull();
    expect((await store.head('p/a/file.parquet'))?.bytes).toBe(readFileSync(file()).length);
  });
});

describe('LocalDirectoryStore', () => {
  it('refuses a key that points outside its directory', async () => {
    const dir = makeTempDir();
    try {
      const store = new LocalDirectoryStore(join(dir.path, 'store'));
      await expect(store.putBytes('../escape.txt', 'x')).rejects.toThrow(/object key "..\/escape.txt" points outside the store/);
    } finally {
      dir.remove();
    }
  });
});
