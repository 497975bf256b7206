import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exposedPorts, finalStage, stageHealthcheck } from './dockerfile';
import {
  ENV_EXAMPLE,
  environmentOf,
  parsePort,
  parseVolume,
  readCompose,
  readEnvFile,
  interpolate,
} from './compose-file';
import {
  APPS,
  AppName,
  appDefaultPort,
  DOCKER,
  imageRepository,
  readDockerfile,
  readYaml,
  ROOT,
  SECRET_NAME,
  SERVICE_APPS,
} from './repo-files';

const compose = readCompose();
const services = compose.services;
const SAMPLE_CONFIG = join(DOCKER, 'sample-config');

/** The service's volume whose source is `dir` (relative to docker/). */
function mountOf(service: string, dir: string) {
  const mount = (services[service].volumes ?? []).map(parseVolume).find((v) => resolve(DOCKER, v.source) === dir);
  if (!mount) throw new Error(`${service} does not mount ${dir}`);
  return mount;
}

describe('docker/compose.yml', () => {
  it('starts MariaDB, PostgreSQL, MinIO and the three services, with the CLI behind a profile', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['mariadb', 'postgres', 'minio', 'minio-setup', ...APPS]),
    );
    for (const app of SERVICE_APPS) expect(services[app].profiles).toBeUndefined();
    expect(services['cli'].profiles).toEqual(['tools']);
  });

  it.each(APPS)('builds %s from its own Dockerfile with the repository root as context', (app: AppName) => {
    const { build, image } = services[app];
    expect(resolve(DOCKER, build?.context ?? '')).toBe(ROOT);
    expect(build?.dockerfile).toBe(`docker/${app}.Dockerfile`);
    expect(existsSync(join(ROOT, build?.dockerfile ?? ''))).toBe(true);
    expect(imageRepository(image ?? '')).toBe(`tidemark/${app}`);
  });

  it.each(SERVICE_APPS)("publishes %s's port, the one its main.ts and Dockerfile name, on localhost only", (app) => {
    const ports = (services[app].ports ?? []).map(parsePort);
    const port = appDefaultPort(app);
    expect(ports).toEqual([{ hostIp: '127.0.0.1', hostPort: port, containerPort: port }]);
    expect(exposedPorts(finalStage(readDockerfile(app)))).toEqual([port]);
  });

  it.each(APPS)('mounts docker/sample-config read-only for %s where its TIDEMARK_CONFIG points', (app) => {
    const mount = mountOf(app, SAMPLE_CONFIG);
    expect(mount.readOnly).toBe(true);
    expect(environmentOf(services[app])['TIDEMARK_CONFIG']).toBe(mount.target);
    expect(existsSync(join(SAMPLE_CONFIG, 'tidemark.yml'))).toBe(true);
  });

  it('writes no secret in the file: each comes from docker/.env, and compose refuses to start without it', () => {
    const example = readEnvFile(ENV_EXAMPLE);
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        if (!SECRET_NAME.test(key)) continue;
        const reference = /^\$\{([A-Z0-9_]+):\?[^}]+\}$/.exec(value);
        expect({ service: name, key, value, required: reference !== null }).toMatchObject({ required: true });
        expect(Object.keys(example)).toContain(reference?.[1]);
      }
    }
  });

  it('refuses to interpolate a secret that docker/.env does not set', () => {
    expect(() => interpolate(environmentOf(services['extractor'])['SHOP_MYSQL_PASSWORD'], {})).toThrow(
      'SHOP_MYSQL_PASSWORD is not set',
    );
  });

  it('waits only for services that report health, or for one-shot jobs to finish', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        const dependency = services[target];
        expect({ name, target, exists: dependency !== undefined }).toMatchObject({ exists: true });
        if (condition === 'service_healthy') {
          const imageHealthcheck = (APPS as readonly string[]).includes(target)
            ? stageHealthcheck(finalStage(readDockerfile(target as AppName)))
            : undefined;
          expect({ name, target, healthcheck: Boolean(dependency.healthcheck ?? imageHealthcheck) }).toMatchObject({
            healthcheck: true,
          });
        } else {
          expect({ name, target, condition, restart: dependency.restart }).toEqual({
            name,
            target,
            condition: 'service_completed_successfully',
            restart: 'no',
          });
        }
      }
    }
  });

  it('starts the extractor and the loader after the watermark service (which migrates the store) and the bucket', () => {
    for (const app of ['extractor', 'loader']) {
      expect(services[app].depends_on).toMatchObject({
        'watermark-service': { condition: 'service_healthy' },
        'minio-setup': { condition: 'service_completed_successfully' },
      });
    }
    expect(services['extractor'].depends_on).toMatchObject({ mariadb: { condition: 'service_healthy' } });
    expect(services['watermark-service'].depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
  });

  it("points the sample config at compose's own services, ports and sample database", () => {
    const hostOf = (url: string) => new URL(url.replace(/\$\{[^}]*\}/g, 'x'));
    const main = readYaml<{
      watermarkStore: { url: string };
      warehouse: { url: string };
      objectStore: { endpoint: string; bucket: string };
    }>(join(SAMPLE_CONFIG, 'tidemark.yml'));
    const connection = readYaml<{ host: string; port: number; user: string; database: string }>(
      join(SAMPLE_CONFIG, 'connections/shop.yml'),
    );
    expect([hostOf(main.watermarkStore.url).host, hostOf(main.warehouse.url).host]).toEqual([
      'postgres:5432',
      'postgres:5432',
    ]);
    expect(hostOf(main.objectStore.endpoint).host).toBe('minio:9000');
    expect(`${connection.host}:${connection.port}`).toBe('mariadb:3306');
    expect(environmentOf(services['mariadb'])).toMatchObject({
      MARIADB_USER: connection.user,
      MARIADB_DATABASE: connection.database,
    });
    expect(JSON.stringify(services['minio-setup'])).toContain(`store/${main.objectStore.bucket}`);
  });

  it('seeds MariaDB and PostgreSQL from docker/sample-data on first start', () => {
    const mariadbInit = join(DOCKER, 'sample-data/mariadb');
    const postgresInit = join(DOCKER, 'sample-data/postgres');
    expect(mountOf('mariadb', mariadbInit)).toMatchObject({ target: '/docker-entrypoint-initdb.d', readOnly: true });
    expect(mountOf('postgres', postgresInit)).toMatchObject({ target: '/docker-entrypoint-initdb.d', readOnly: true });
    expect(readdirSync(mariadbInit).filter((f) => f.endsWith('.sql')).length).toBeGreaterThan(0);
    for (const script of readdirSync(postgresInit)) accessSync(join(postgresInit, script), constants.X_OK);
    expect(environmentOf(services['postgres'])).toMatchObject({
      WATERMARK_DB_PASSWORD: expect.any(String),
      WAREHOUSE_DB_PASSWORD: expect.any(String),
    });
  });
});
