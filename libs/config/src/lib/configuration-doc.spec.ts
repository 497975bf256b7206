import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { makeTempDir } from '@tidemark/testing';
import { checkConfig } from './check-config';
import { ConnectionFile, MainFile, PipelineFile, TableEntry } from './config-schema';

const DOC = readFileSync(resolve(__dirname, '../../../../docs/configuration.md'), 'utf8');

/** The doc's YAML blocks that start with `# config/<path>`, by that path. */
function exampleFiles(): Record<string, string> {
  const blocks = [...DOC.matchAll(/```yaml\n# config\/(\S+)\n([\s\S]*?)```/g)];
  return Object.fromEntries(blocks.map((m) => [m[1], m[2]]));
}

/** Every key a schema class declares, nested sections included, as `a.b` paths. */
function schemaKeys(cls: new () => object, prefix = ''): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const nested = new Map(
    metadata
      .filter((m) => m.type === 'nestedValidation')
      .map((m) => [m.propertyName, Reflect.getMetadata('design:type', cls.prototype, m.propertyName)]),
  );
  return [...new Set(metadata.map((m) => m.propertyName))].flatMap((key) => {
    const child = nested.get(key);
    return [`${prefix}${key}`, ...(child ? schemaKeys(child, `${prefix}${key}.`) : [])];
  });
}

describe('docs/configuration.md', () => {
  it('has a complete example that validates', () => {
    const temp = makeTempDir();
    try {
      const files = exampleFiles();
      expect(Object.keys(files)).toEqual([
        'tidemark.yml',
        'connections/shop.yml',
        'connections/billing.yml',
        'pipelines/shop.yml',
      ]);
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(temp.path, 'config', path)), { recursive: true });
        writeFileSync(join(temp.path, 'config', path), text);
      }
      mkdirSync(join(temp.path, 'keys'));
      writeFileSync(
        join(temp.path, 'keys/known_hosts'),
        'bastion.acme.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample\n',
      );
      const env = Object.fromEntries([...DOC.matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => [m[1], 'x'.repeat(16)]));
      const { problems, config } = checkConfig(join(temp.path, 'config'), env);
      expect(problems).toEqual([]);
      expect(config?.pipelines['shop'].tables).toHaveLength(7);
    } finally {
      temp.remove();
    }
  });

  it.each([
    ['tidemark.yml', MainFile],
    ['connections', ConnectionFile],
    ['pipelines', PipelineFile],
    ['table options', TableEntry],
  ])('describes every key of %s in a table row', (_file, cls) => {
    const documented = new Set([...DOC.matchAll(/^\| `([\w.]+)` \|/gm)].map((m) => m[1]));
    // The keys of both ssh sections are described once, in the ssh table.
    const undocumented = schemaKeys(cls).filter((k) => !documented.has(k.replace(/^(\w+\.)?ssh\./, '')));
    expect(undocumented).toEqual([]);
  });
});
