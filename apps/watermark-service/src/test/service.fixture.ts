import { INestApplication } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServiceApp, ServiceOptions } from '@tidemark/service-kit';
import { makeTempDir, PostgresFixture, POSTGRES_URL, uniqueName } from '@tidemark/testing';
import { WatermarkServiceModule } from '../app/watermark-service.module';

export const TOKEN = 'test-token-0123456789abcdef';

export type StoreKind = 'sqlite' | 'postgres';

/** A running watermark service (real HTTP server on a free port) over a fresh store. */
export class ServiceFixture {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start(kind: StoreKind, options: ServiceOptions = {}): Promise<ServiceFixture> {
    const dir = makeTempDir();
    const config = join(dir.path, 'config');
    mkdirSync(config, { recursive: true });
    let store = `{ type: sqlite, path: ${join(dir.path, 'wm.sqlite')} }`;
    let dropSchema = async () => undefined;
    if (kind === 'postgres') {
      const schema = uniqueName('tm_api');
      const pg = await PostgresFixture.connect();
      await pg.client.query(`CREATE SCHEMA "${schema}"`);
      store = `{ type: postgres, url: "${POSTGRES_URL}", schema: ${schema} }`;
      dropSchema = async () => {
        await pg.dropSchema(schema);
        await pg.close();
      };
    }
    writeFileSync(
      join(config, 'tidemark.yml'),
      [
        `watermarkStore: ${store}`,
        `objectStore: { type: local, directory: ${join(dir.path, 'objects')} }`,
        `warehouse: { type: postgres, url: "${POSTGRES_URL}" }`,
      ].join('\n'),
    );
    process.env.TIDEMARK_CONFIG = config;
    const app = await createServiceApp(WatermarkServiceModule, {
      logger: false,
      openApiTitle: 'test',
      bearerToken: TOKEN,
      ...options,
    });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    return new ServiceFixture(app, `http://127.0.0.1:${address.port}`, async () => {
      await app.close();
      await dropSchema();
      dir.remove();
    });
  }

  close(): Promise<void> {
    return this.cleanup();
  }
}
