#!/usr/bin/env node
// Smoke test for the local Ceph RGW S3 server (tools/s3-server/start.sh).
//
//   eval "$(tools/s3-server/start.sh)"
//   node tools/s3-server/smoke.mjs          # run from the repo root
//
// Uses the TIDEMARK_S3_* env start.sh prints (the endpoint is required: each
// checkout's server has its own port). Exits non-zero on any failure
// of the basic operations; the multipart (lib-storage Upload) result is reported
// and also counts as a failure if it does not work.
import { createRequire } from 'node:module';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';

// resolve packages from the repo's node_modules (cwd), not from this file's dir
const require = createRequire(path.join(process.cwd(), 'package.json'));
const {
  S3Client,
  CreateBucketCommand,
  PutObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  DeleteObjectCommand,
  DeleteBucketCommand,
  HeadObjectCommand,
} = require('@aws-sdk/client-s3');
const { Upload } = require('@aws-sdk/lib-storage');

const endpoint = process.env.TIDEMARK_S3_ENDPOINT;
if (!endpoint) {
  console.error('smoke: TIDEMARK_S3_ENDPOINT is not set; run eval "$(tools/s3-server/start.sh)" first');
  process.exit(2);
}
const client = new S3Client({
  endpoint,
  region: process.env.TIDEMARK_S3_REGION ?? 'us-east-1',
  credentials: {
    accessKeyId: process.env.TIDEMARK_S3_ACCESS_KEY_ID ?? 'tidemark',
    secretAccessKey: process.env.TIDEMARK_S3_SECRET_ACCESS_KEY ?? 'tidemark-secret',
  },
  forcePathStyle: true,
  // SDK default (WHEN_SUPPORTED) adds CRC32 trailers; RGW handles them slowly (~2 s per PUT)
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});

const results = [];
async function step(name, fn) {
  const t = performance.now();
  try {
    const out = await fn();
    const ms = performance.now() - t;
    results.push({ name, ok: true, ms });
    console.log(`ok   ${name.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms${out ? '  ' + out : ''}`);
    return true;
  } catch (err) {
    const ms = performance.now() - t;
    results.push({ name, ok: false, ms, err });
    console.log(`FAIL ${name.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  ${err?.name ?? ''}: ${err?.message ?? err}`);
    return false;
  }
}

const bodyBytes = async (res) => Buffer.from(await res.Body.transformToByteArray());

const bucket = `tidemark-smoke-${randomUUID().slice(0, 8)}`;
const big = randomBytes(10 * 1024 * 1024);
const small = Buffer.from('hello tidemark\n');
const multi = randomBytes(12 * 1024 * 1024);
const MB = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;

console.log(`endpoint ${endpoint}, bucket ${bucket}`);
const t0 = performance.now();

await step('CreateBucket', async () => {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
});
await step('PutObject big (10 MB)', async () => {
  const t = performance.now();
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: big }));
  return `${(big.length / 1024 / 1024 / ((performance.now() - t) / 1000)).toFixed(0)} MB/s`;
});
await step('PutObject small', async () => {
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'dir/small.txt', Body: small, ContentType: 'text/plain' }),
  );
});
await step('PutObject small (2nd, warm)', async () => {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'dir/small2.txt', Body: small }));
});
await step('ListObjectsV2', async () => {
  const res = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  const keys = (res.Contents ?? []).map((o) => `${o.Key}:${o.Size}`).sort();
  const want = [`big.bin:${big.length}`, `dir/small.txt:${small.length}`, `dir/small2.txt:${small.length}`];
  if (JSON.stringify(keys) !== JSON.stringify(want)) throw new Error(`unexpected listing ${JSON.stringify(keys)}`);
  return keys.join(', ');
});
await step('ListObjectsV2 prefix+delimiter', async () => {
  const res = await client.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
  const prefixes = (res.CommonPrefixes ?? []).map((p) => p.Prefix);
  if (JSON.stringify(prefixes) !== JSON.stringify(['dir/'])) throw new Error(`prefixes ${JSON.stringify(prefixes)}`);
  return `prefixes ${prefixes.join(',')}`;
});
await step('GetObject big + compare', async () => {
  const got = await bodyBytes(await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin' })));
  if (!got.equals(big)) throw new Error(`bytes differ (got ${got.length}, want ${big.length})`);
  return `${MB(got.length)} identical`;
});
await step('GetObject small + compare', async () => {
  const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'dir/small.txt' }));
  const got = await bodyBytes(res);
  if (!got.equals(small)) throw new Error('bytes differ');
  return `content-type ${res.ContentType}`;
});
await step('GetObject range', async () => {
  const got = await bodyBytes(
    await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin', Range: 'bytes=100-199' })),
  );
  if (!got.equals(big.subarray(100, 200))) throw new Error('range bytes differ');
});
await step('GetObject missing -> NoSuchKey', async () => {
  try {
    await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'nope' }));
  } catch (e) {
    if (e.name === 'NoSuchKey') return 'NoSuchKey';
    throw e;
  }
  throw new Error('expected NoSuchKey');
});

// multipart via lib-storage
const multipartOk = await step('Upload multipart (12 MB, 5 MB parts)', async () => {
  const up = new Upload({
    client,
    params: { Bucket: bucket, Key: 'multi.bin', Body: multi },
    partSize: 5 * 1024 * 1024,
    queueSize: 2,
  });
  let parts = 0;
  up.on('httpUploadProgress', () => parts++);
  const res = await up.done();
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'multi.bin' }));
  if (head.ContentLength !== multi.length) throw new Error(`size ${head.ContentLength}`);
  const got = await bodyBytes(await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'multi.bin' })));
  if (!got.equals(multi)) throw new Error('multipart bytes differ');
  return `ETag ${res.ETag || head.ETag} (${parts} progress events), bytes identical`;
});

await step('DeleteObject x4', async () => {
  for (const Key of ['big.bin', 'dir/small.txt', 'dir/small2.txt', 'multi.bin']) {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
  }
  const res = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  if ((res.KeyCount ?? 0) !== 0) throw new Error(`bucket not empty: ${res.KeyCount}`);
});
await step('DeleteBucket', async () => {
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
});

const failed = results.filter((r) => !r.ok);
console.log(
  `\nmultipart upload (lib-storage): ${multipartOk ? 'WORKS' : 'FAILS'}` +
    `\ntotal ${(performance.now() - t0).toFixed(0)} ms` +
    `\n${results.length - failed.length} passed, ${failed.length} failed`,
);
client.destroy();
process.exit(failed.length ? 1 : 0);
