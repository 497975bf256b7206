import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';

/** A valid three-file config in a temp dir; tests overwrite files of it. */
export class ConfigDirFixture {
  private readonly temp = makeTempDir();
  readonly dir = join(this.temp.path, 'config');

  constructor() {
    this.write(
      'tidemark.yml',
      'watermarkStore: { type: sqlite }\nobjectStore: { type: local }\nwarehouse: { type: postgres, url: "postgresql://x@h/db" }\n',
    );
    this.write('connections/shop.yml', 'host: db\nuser: tidemark\npassword: "${SHOP_PASSWORD}"\n');
    this.write(
      'pipelines/nightly.yml',
      'connection: shop\ntables:\n  shop.orders: { strategy: id_only }\n  shop.lines:\n',
    );
  }

  get parent(): string {
    return this.temp.path;
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  remove(): void {
    this.temp.remove();
  }
}
