// A bucket of its own on the S3 server for the benchmark's extract to S3.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';

export class BenchBucket {
  constructor(settings, name) {
    this.name = name;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: true,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Creates the bucket, or empties the one a run with --keep left under the same name (the S3 server accepts creating it again). */
  static async create(settings, name) {
    const bucket = new BenchBucket(settings, name);
    await bucket.client.send(new CreateBucketCommand({ Bucket: name }));
    await bucket.removeObjects();
    return bucket;
  }

  /** Every object key in the bucket. */
  async keys() {
    const keys = [];
    let token;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.name, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key));
      token = page.NextContinuationToken;
    } while (token);
    return keys;
  }

  async removeObjects() {
    // One by one: a handful of files, and DeleteObjects needs a checksum header old RGWs refuse.
    for (const Key of await this.keys()) await this.client.send(new DeleteObjectCommand({ Bucket: this.name, Key }));
  }

  async remove() {
    await this.removeObjects();
    await this.client.send(new DeleteBucketCommand({ Bucket: this.name }));
    this.client.destroy();
  }
}
