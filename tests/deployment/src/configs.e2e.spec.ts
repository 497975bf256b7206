import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { buildApps, makeTempDir, MYSQL, mysqlDigest, postgresDigest, RealServers, writeConfigFiles } from '@tidemark/testing';
import { runCli } from './built-apps.fixture';
import { containerEnvironment as composeEnvironment, ENV_EXAMPLE, readCompose, readEnvFile } from './compose-file';
import {
  configMapVolumeFiles,
  containerEnvironment as podEnvironment,
  DeploymentSpec,
  exampleSecrets,
  findObject,
  kustomizedObjects,
} from './k8s-manifests';
import { APPS, DOCKER, readYaml, SERVICE_APPS } from './repo-files';

const SAMPLE_CONFIG = join(DOCKER, 'sample-config');
const VALID = 'valid: 1 connections, 1 pipelines, 2 tables';

describe('the deployment configs, checked by the real tidemark binary', () => {
  const dir = makeTempDir('tidemark-deployment-');
  const compose = readCompose();
  const dotEnv = readEnvFile(ENV_EXAMPLE);

  beforeAll(() => buildApps('cli'), 600_000);
  afterAll(() => dir.remove());

  it.each(APPS)('docker/sample-config validates with the environment compose gives %s', (app) => {
    const run = runCli(SAMPLE_CONFIG, ['config', 'validate'], composeEnvironment(compose.services[app], dotEnv));
    expect({ status: run.status, stdout: run.stdout.trim(), stderr: run.stderr }).toEqual({
      status: 0,
      stdout: VALID,
      stderr: '',
    });
  });

  it('docker/sample-config is refused, naming the variable, when a secret is missing from that environment', () => {
    const env = composeEnvironment(compose.services['extractor'], dotEnv);
    delete env['S3_SECRET_ACCESS_KEY'];
    const run = runCli(SAMPLE_CONFIG, ['config', 'validate'], env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('objectStore.secretAccessKey: environment variable S3_SECRET_ACCESS_KEY is not set');
  });

  it.each(SERVICE_APPS)(
    'the k8s ConfigMap, mounted as the %s pod mounts it, validates with its env and the example Secrets',
    (app) => {
      const pod = (findObject(kustomizedObjects(), 'Deployment', app).spec as DeploymentSpec).template.spec;
      const volume = pod.volumes?.find((v) => v.configMap);
      const config = join(dir.path, `k8s-${app}`);
      for (const [path, text] of Object.entries(configMapVolumeFiles(volume ?? { name: 'missing' }))) {
        mkdirSync(dirname(join(config, path)), { recursive: true });
        writeFileSync(join(config, path), text);
      }
      const run = runCli(config, ['config', 'validate'], podEnvironment(pod.containers[0], exampleSecrets()));
      expect({ status: run.status, stdout: run.stdout.trim(), stderr: run.stderr }).toEqual({
        status: 0,
        stdout: VALID,
        stderr: '',
      });
    },
  );

  it("syncs the sample MariaDB data with the sample pipeline's table options, every row arriving unchanged", async () => {
    const servers = await RealServers.open('tm_sample');
    try {
      const { db, pg } = servers;
      await db.exec(readFileSync(join(DOCKER, 'sample-data/mariadb/01-shop.sql'), 'utf8'));
      const sample = readYaml<{ tables: Record<string, object> }>(join(SAMPLE_CONFIG, 'pipelines/shop.yml'));
      const tables = Object.entries(sample.tables).map(([key, options]) => ({ name: key.split('.')[1], options }));
      const config = writeConfigFiles(servers.dir.path, 'config', {
        pipelines: {
          shop: stringify({
            connection: 'default',
            tables: Object.fromEntries(tables.map((t) => [`${db.database}.${t.name}`, t.options])),
          }),
        },
      });
      const run = runCli(config, ['sync', '-p', 'shop', ...tables.flatMap((t) => ['-t', `${db.database}.${t.name}`])], {
        TEST_MYSQL_PASSWORD: MYSQL.password,
      });
      // Progress goes to stderr: show it only when the sync failed.
      expect({ status: run.status, stderr: run.status === 0 ? undefined : run.stderr }).toEqual({ status: 0 });
      for (const { name } of tables) {
        const columns = (
          await db.rows<{ name: string }>(
            'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position',
            [db.database, name],
          )
        ).map((c) => c.name);
        const source = await mysqlDigest(db, name, columns);
        expect(source.count).toBeGreaterThan(0);
        expect(await postgresDigest(pg, db.database, name, columns)).toEqual(source);
      }
    } finally {
      await servers.close();
    }
  });
});
