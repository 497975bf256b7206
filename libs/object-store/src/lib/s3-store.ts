import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { TidemarkError } from '@tidemark/errors';
import { ObjectStore, StoredObject } from './object-store';

export interface S3StoreOptions {
  bucket: string;
  /** Any S3 API: leave empty for AWS, set for MinIO, Ceph RGW ... */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Parts above this size go up as a multipart upload. */
  partSizeBytes?: number;
  uploadConcurrency?: number;
  /** A request without an answer for this long fails and is retried (default 60). */
  requestTimeoutSeconds?: number;
}

let sdk: Promise<typeof S3Sdk> | undefined;
/** The AWS SDK, loaded at the first S3 request: requiring it cost ~0.25 s of every command's start. */
const s3Sdk = (): Promise<typeof S3Sdk> => {
  // On Node 20 the SDK prints an 8-line notice on every run that its releases after
  // January 2027 need Node 22; the locked version does not, so it is noise in every
  // sync's output (docs/deployment.md says what an upgrade needs). A user's own setting wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return (sdk ??= import('@aws-sdk/client-s3'));
};

export async function createS3Client(o: S3StoreOptions): Promise<S3Client> {
  const { S3Client } = await s3Sdk();
  return new S3Client({
    region: o.region,
    endpoint: o.endpoint,
    forcePathStyle: Boolean(o.endpoint),
    credentials:
      o.accessKeyId && o.secretAccessKey
        ? { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey }
        : undefined,
    // The SDK's default CRC checksums on every request are not needed (we
    // verify size and sha256 ourselves) and cost seconds per PUT on some
    // S3-compatible servers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 5,
    // Without a timeout, a server that never answers hangs the run forever;
    // a timed-out request is retried like any other network error.
    requestHandler: {
      connectionTimeout: 10_000,
      requestTimeout: (o.requestTimeoutSeconds ?? 60) * 1000,
      throwOnRequestTimeout: true,
    },
  });
}

export class S3Store implements ObjectStore {
  private clientPromise?: Promise<S3Client>;

  constructor(private readonly options: S3StoreOptions) {}

  /** The client and the SDK's commands, created at the first request. */
  private async sdk(): Promise<{ client: S3Client; commands: typeof S3Sdk }> {
    this.clientPromise ??= createS3Client(this.options);
    return { client: await this.clientPromise, commands: await s3Sdk() };
  }

  uri(key: string): string {
    return `s3://${this.options.bucket}/${key}`;
  }

  private fail(action: string, key: string, error: unknown): TidemarkError {
    const e = error as { name?: string; message?: string };
    return new TidemarkError(
      'OBJECT_STORE',
      `S3 ${action} of ${this.uri(key)} failed: ${e.name ?? ''} ${e.message ?? String(error)}`.trim(),
      { cause: error },
    );
  }

  async putFile(key: string, localPath: string): Promise<StoredObject> {
    const size = (await stat(localPath)).size;
    const { client } = await this.sdk();
    const { Upload } = await import('@aws-sdk/lib-storage');
    try {
      const upload = new Upload({
        client,
        params: { Bucket: this.options.bucket, Key: key, Body: createReadStream(localPath) },
        partSize: this.options.partSizeBytes ?? 16 * 1024 * 1024,
        queueSize: this.options.uploadConcurrency ?? 4,
      });
      await upload.done();
    } catch (error) {
      throw this.fail('upload', key, error);
    }
    const stored = await this.head(key);
    if (!stored || stored.bytes !== size) {
      throw new TidemarkError(
        'OBJECT_STORE',
        `upload of ${this.uri(key)} is incomplete: ${stored?.bytes ?? 0} of ${size} bytes stored`,
      );
    }
    return stored;
  }

  async putBytes(key: string, body: Buffer | string): Promise<StoredObject> {
    const { client, commands } = await this.sdk();
    try {
      await client.send(new commands.PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: body }));
    } catch (error) {
      throw this.fail('upload', key, error);
    }
    return { key, bytes: Buffer.byteLength(body), lastModified: new Date() };
  }

  private async bodyOf(key: string): Promise<Readable> {
    const { client, commands } = await this.sdk();
    try {
      const out = await client.send(new commands.GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return out.Body as Readable;
    } catch (error) {
      throw this.fail('download', key, error);
    }
  }

  async getBytes(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.bodyOf(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async downloadTo(key: string, localPath: string): Promise<void> {
    await pipeline(await this.bodyOf(key), createWriteStream(localPath));
  }

  async head(key: string): Promise<StoredObject | null> {
    const { client, commands } = await this.sdk();
    try {
      const out = await client.send(new commands.HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return { key, bytes: out.ContentLength ?? 0, lastModified: out.LastModified ?? new Date(0) };
    } catch (error) {
      if (error instanceof commands.NotFound || (error as { name?: string }).name === 'NotFound') return null;
      throw this.fail('head', key, error);
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    const { client, commands } = await this.sdk();
    let token: string | undefined;
    do {
      const out = await client
        .send(new commands.ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }))
        .catch((error) => {
          throw this.fail('list', prefix, error);
        });
      for (const o of out.Contents ?? []) {
        yield { key: o.Key as string, bytes: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) };
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(key: string): Promise<void> {
    const { client, commands } = await this.sdk();
    try {
      await client.send(new commands.DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
    } catch (error) {
      throw this.fail('delete', key, error);
    }
  }
}
