import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { buildApps, makeTempDir, PostgresFixture, POSTGRES_URL, ServiceProcess, uniqueName } from '@tidemark/testing';
import { appMain } from './built-apps.fixture';
import { finalStage, stageCopies, stageEnv, stageHealthcheck } from './dockerfile';
import { RehearsedImage, rehearseImage } from './image-rehearsal.fixture';
import { Container, DeploymentSpec, findObject, kustomizedObjects } from './k8s-manifests';
import { APPS, readDockerfile, ROOT, ServiceApp, SERVICE_APPS } from './repo-files';

const TOKEN = 'deployment-probe-token-0123456789';

function podTemplate(app: ServiceApp) {
  return (findObject(kustomizedObjects(), 'Deployment', app).spec as DeploymentSpec).template;
}

/** The paths the Deployment's startup, liveness and readiness probes GET, and the one Prometheus scrapes. */
function probedPaths(app: ServiceApp): string[] {
  const { metadata, spec } = podTemplate(app);
  const [container] = spec.containers as Container[];
  const probes = [container.startupProbe, container.livenessProbe, container.readinessProbe];
  const paths = [...probes.map((p) => p?.httpGet?.path), metadata.annotations?.['prometheus.io/path']];
  return [...new Set(paths.map((path) => path ?? '(none)'))];
}

/** Runs the app's Dockerfile HEALTHCHECK command as Docker would inside the container. */
function runHealthcheck(app: ServiceApp, service: ServiceProcess) {
  const [command, ...args] = stageHealthcheck(finalStage(readDockerfile(app)))?.argv ?? ['false'];
  return spawnSync(command, args, {
    env: { PATH: process.env['PATH'], PORT: new URL(service.url).port },
    timeout: 30_000,
  });
}

/**
 * The three services, started as their images would start them: the
 * watermark service from a rehearsal of its Dockerfile (the bundle and the
 * packages the deps stage installs, nothing from this workspace), the
 * extractor and the loader from their builds. They share a PostgreSQL
 * watermark store, as in compose and Kubernetes.
 */
describe('the service images, rehearsed without Docker', () => {
  const dir = makeTempDir('tidemark-images-');
  const schema = uniqueName('tm_deploy');
  const services = new Map<ServiceApp, ServiceProcess>();
  let pg: PostgresFixture;
  let image: RehearsedImage;

  beforeAll(async () => {
    buildApps(...APPS);
    pg = await PostgresFixture.connect();
    await pg.client.query(`CREATE SCHEMA "${schema}"`);
    const config = join(dir.path, 'config');
    mkdirSync(config);
    writeFileSync(
      join(config, 'tidemark.yml'),
      [
        `watermarkStore: { type: postgres, url: "${POSTGRES_URL}", schema: ${schema} }`,
        `objectStore: { type: local, directory: ${join(dir.path, 'objects')} }`,
        `warehouse: { type: postgres, url: "${POSTGRES_URL}" }`,
        `workDirectory: ${join(dir.path, 'work')}`,
      ].join('\n'),
    );
    // The deps stage's `npm install` takes packages from npm's cache when it
    // has them, and skips install scripts: compiling better-sqlite3 takes
    // minutes, and this store is PostgreSQL.
    image = rehearseImage(readDockerfile('watermark-service'), join(dir.path, 'image'), {
      npm_config_prefer_offline: 'true',
      npm_config_ignore_scripts: 'true',
    });
    const env = (app: ServiceApp) => ({
      ...stageEnv(finalStage(readDockerfile(app))),
      TIDEMARK_CONFIG: config,
      NODE_PATH: '',
    });
    services.set(
      'watermark-service',
      await ServiceProcess.start(join(image.workdir, image.cmd[image.cmd.length - 1]), {
        ...image.env,
        ...env('watermark-service'),
        TIDEMARK_API_TOKEN: TOKEN,
      }),
    );
    for (const app of ['extractor', 'loader'] as const)
      services.set(app, await ServiceProcess.start(appMain(app), env(app)));
  }, 900_000);

  afterAll(async () => {
    for (const service of services.values()) await service.stop();
    await pg?.dropSchema(schema);
    await pg?.close();
    dir.remove();
  });

  it.each(APPS)('copies into the %s image only files that `nx build` wrote', (app) => {
    const fromBuild = readDockerfile(app)
      .stages.flatMap(stageCopies)
      .filter((c) => c.from === 'build')
      .flatMap((c) => c.sources);
    expect(fromBuild).toContain(`/repo/dist/apps/${app}/main.js`);
    for (const source of fromBuild) {
      const path = join(ROOT, source.replace(/^\/repo\//, ''));
      expect({ source, exists: existsSync(path) }).toEqual({ source, exists: true });
    }
  });

  it('puts only the bundle and its production packages in the watermark-service image, and it starts from them', async () => {
    expect(readdirSync(image.workdir).sort()).toEqual(['main.js', 'main.js.map', 'node_modules', 'package.json']);
    const modules = join(image.workdir, 'node_modules');
    for (const needed of ['@nestjs/core', 'typeorm', 'pg', '@duckdb/node-bindings-linux-x64', 'better-sqlite3']) {
      expect({ needed, present: existsSync(join(modules, needed)) }).toEqual({ needed, present: true });
    }
    for (const devOnly of ['nx', 'jest', 'typescript', 'webpack', '@swc/core']) {
      expect({ devOnly, present: existsSync(join(modules, devOnly)) }).toEqual({ devOnly, present: false });
    }
    // Node looks for packages in every ancestor's node_modules: none may stand in for the image's.
    const ancestors = image.workdir.split(sep).map((_, i, parts) => parts.slice(0, i).join(sep) || sep);
    expect(ancestors.filter((dir) => existsSync(join(dir, 'node_modules')))).toEqual([]);
    const service = services.get('watermark-service') as ServiceProcess;
    expect(service.log).toContain('watermark-service listening on');
    expect((await fetch(`${service.url}/watermarks`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(
      200,
    );
  });

  it.each(SERVICE_APPS)(
    'answers every path the %s Deployment probes or scrapes with 200, without a token',
    async (app) => {
      const service = services.get(app) as ServiceProcess;
      for (const path of probedPaths(app)) {
        const response = await fetch(`${service.url}${path}`);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
      }
    },
  );

  it('needs the token everywhere else, so probes can only use those paths', async () => {
    const service = services.get('watermark-service') as ServiceProcess;
    for (const path of ['/watermarks', '/docs']) {
      expect({ path, status: (await fetch(`${service.url}${path}`)).status }).toEqual({ path, status: 401 });
    }
  });

  it.each(SERVICE_APPS)("passes the %s Dockerfile's HEALTHCHECK while the service runs", (app) => {
    const check = runHealthcheck(app, services.get(app) as ServiceProcess);
    expect({ status: check.status, stderr: String(check.stderr) }).toEqual({ status: 0, stderr: '' });
  });

  it('fails the HEALTHCHECK once the service has stopped', async () => {
    const loader = services.get('loader') as ServiceProcess;
    await loader.stop();
    expect(runHealthcheck('loader', loader).status).toBe(1);
  });
});
