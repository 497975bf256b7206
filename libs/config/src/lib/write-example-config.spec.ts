import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { checkConfig } from './check-config';
import { EXAMPLE_CONFIG } from './example-config';
import { writeExampleConfig } from './write-example-config';

describe('writeExampleConfig', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let dir: string;

  beforeEach(() => {
    temp = makeTempDir();
    dir = join(temp.path, 'config');
  });
  afterEach(() => temp.remove());

  it('writes a config that validates as written, with no environment variable set', () => {
    const written = writeExampleConfig(dir);
    expect(written).toEqual(
      ['tidemark.yml', 'connections/default.yml', 'pipelines/default.yml'].map((f) => join(dir, f)),
    );
    const { problems, config } = checkConfig(dir, {});
    expect(problems).toEqual([]);
    expect(config?.watermarkStore).toEqual({ type: 'sqlite', path: join(temp.path, '.tidemark/watermarks.sqlite') });
    expect(config?.objectStore).toMatchObject({ type: 'local', directory: join(temp.path, '.tidemark/objects') });
    expect(config?.warehouse.url).toBe('postgresql://postgres:@127.0.0.1:5432/test');
    expect(config?.connections['default']).toMatchObject({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    expect(config?.pipelines['default'].tables.map((t) => t.key)).toEqual(['shop.orders']);
  });

  it('takes its secrets from the environment', () => {
    writeExampleConfig(dir);
    const { config } = checkConfig(dir, { WAREHOUSE_PASSWORD: 'wpw', MYSQL_PASSWORD: 'mpw' });
    expect(config?.warehouse.url).toBe('postgresql://postgres:wpw@127.0.0.1:5432/test');
    expect(config?.connections['default'].password).toBe('mpw');
    // Every secret shown, in use or in a comment, comes from a variable.
    const lines = Object.values(EXAMPLE_CONFIG).flatMap((text) => text.split('\n'));
    const secretKeys = lines.filter((l) =>
      /^[\s#]*(password|secretAccessKey|sessionToken|token|passphrase|privateKey):/.test(l),
    );
    const urlPasswords = lines.flatMap((l) => [...l.matchAll(/\/\/\w+:([^@\s]*)@/g)].map((m) => m[1]));
    expect(secretKeys.length).toBeGreaterThanOrEqual(4);
    for (const line of secretKeys) expect(line).toMatch(/: "\$\{[A-Z_]+(:-)?\}"/);
    expect(urlPasswords.length).toBeGreaterThanOrEqual(3);
    for (const password of urlPasswords) expect(password).toMatch(/^\$\{[A-Z_]+(:-)?\}$/);
  });

  it('refuses to replace an existing config and writes nothing', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'tidemark.yml'), 'mine\n');
    expect(() => writeExampleConfig(dir)).toThrow(
      `a config already exists: ${join(dir, 'tidemark.yml')} (nothing was written; add --force to replace these files)`,
    );
    expect(readFileSync(join(dir, 'tidemark.yml'), 'utf8')).toBe('mine\n');
    expect(() => readFileSync(join(dir, 'connections/default.yml'))).toThrow(/ENOENT/);
  });

  it('replaces it with force', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'tidemark.yml'), 'mine\n');
    writeExampleConfig(dir, { force: true });
    expect(readFileSync(join(dir, 'tidemark.yml'), 'utf8')).toBe(EXAMPLE_CONFIG['tidemark.yml']);
  });
});
