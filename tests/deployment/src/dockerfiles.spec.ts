import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import {
  exposedPorts,
  finalStage,
  instructions,
  namedStage,
  stageCopies,
  stageEnv,
  stageHealthcheck,
  stageUser,
} from './dockerfile';
import {
  APPS,
  appDefaultPort,
  dockerfilePath,
  readDockerfile,
  ROOT,
  SECRET_NAME,
  SERVICE_APPS,
  userId,
} from './repo-files';

const GLIBC_BUILD = /^node:20-bookworm$/;
const GLIBC_RUNTIME = /^node:20-bookworm-slim$/;

describe.each(APPS)('docker/%s.Dockerfile', (app) => {
  const dockerfile = readDockerfile(app);
  const build = namedStage(dockerfile, 'build');
  const runtime = finalStage(dockerfile);

  it('builds the app with nx in a glibc stage, from files that exist in the repository', () => {
    expect(build.image).toMatch(GLIBC_BUILD);
    expect(instructions(build, 'RUN').map((r) => r.args)).toContainEqual(expect.stringMatching(/^npm (ci|install)\b/));
    expect(instructions(build, 'RUN').map((r) => r.args)).toContainEqual(`npx nx build ${app} --outputStyle=static`);
    const contextSources = dockerfile.stages.flatMap(stageCopies).filter((c) => c.from === undefined);
    expect(contextSources.length).toBeGreaterThan(0);
    for (const copy of contextSources) {
      for (const source of copy.sources)
        expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
    }
  });

  it('copies only the bundle and its production node_modules into a slim glibc runtime stage', () => {
    expect(runtime.image).toMatch(GLIBC_RUNTIME);
    const copies = stageCopies(runtime);
    expect(copies.filter((c) => c.from === undefined)).toEqual([]);
    for (const copy of copies.filter((c) => c.from === 'build')) {
      for (const source of copy.sources) expect(source.startsWith(`/repo/dist/apps/${app}/`)).toBe(true);
    }
    expect(copies.filter((c) => c.from === 'deps').flatMap((c) => c.sources)).toEqual([
      '/app/package.json',
      '/app/node_modules',
    ]);
    const deps = namedStage(dockerfile, 'deps');
    expect(deps.image).toMatch(GLIBC_BUILD);
    expect(instructions(deps, 'RUN').map((r) => r.args)).toEqual([
      'sh install-production-deps.sh workspace-package.json',
    ]);
  });

  it('runs as a numeric non-root user, so that Kubernetes runAsNonRoot can check it', () => {
    const uid = userId(stageUser(runtime));
    expect(Number.isInteger(uid)).toBe(true);
    expect(uid).toBeGreaterThan(0);
  });

  it('bakes no secret into the image: no secret-named ENV or ARG', () => {
    for (const stage of dockerfile.stages) {
      const names = [...Object.keys(stageEnv(stage)), ...instructions(stage, 'ARG').map((a) => a.args.split('=')[0])];
      expect(names.filter((n) => SECRET_NAME.test(n))).toEqual([]);
    }
  });

  it('names a pinned tag for every base image', () => {
    for (const stage of dockerfile.stages) {
      const tag = stage.image.split(':')[1];
      expect(tag).toBeDefined();
      expect(tag).not.toBe('latest');
    }
  });

  it('has an ignore file that keeps dependencies, build output and secrets out of the context, and none of its sources', () => {
    const ignored = readFileSync(`${dockerfilePath(app)}.dockerignore`, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', '.git', '**/.env', '**/.env.*']));
    const sources = dockerfile.stages
      .flatMap(stageCopies)
      .filter((c) => c.from === undefined)
      .flatMap((c) => c.sources);
    for (const pattern of ignored.map((p) => p.replace(/^\*\*\//, ''))) {
      for (const source of sources) {
        expect({ pattern, source, hidden: normalize(source).startsWith(pattern) }).toMatchObject({ hidden: false });
      }
    }
  });
});

describe.each(SERVICE_APPS)('docker/%s.Dockerfile (a service)', (app) => {
  const runtime = finalStage(readDockerfile(app));

  it("exposes the port the app's main.ts listens on, and listens on every interface", () => {
    const port = appDefaultPort(app);
    expect(exposedPorts(runtime)).toEqual([port]);
    expect(stageEnv(runtime)).toMatchObject({ PORT: String(port), HOST: '0.0.0.0' });
  });

  it('has a HEALTHCHECK on GET /health with an interval, a timeout and a start period', () => {
    const healthcheck = stageHealthcheck(runtime);
    expect(healthcheck?.flags).toMatchObject({
      interval: expect.any(String),
      timeout: expect.any(String),
      'start-period': expect.any(String),
    });
    expect(healthcheck?.argv.join(' ')).toContain("'/health'");
  });

  it('starts the copied bundle with source maps', () => {
    expect(instructions(runtime, 'CMD').map((c) => JSON.parse(c.args))).toEqual([
      ['node', '--enable-source-maps', 'main.js'],
    ]);
    expect(instructions(runtime, 'WORKDIR').at(-1)?.args).toBe('/app');
  });
});

describe('docker/cli.Dockerfile (a command)', () => {
  const runtime = finalStage(readDockerfile('cli'));

  it('runs the copied bundle as its entrypoint and listens on nothing', () => {
    expect(instructions(runtime, 'ENTRYPOINT').map((c) => JSON.parse(c.args))).toEqual([
      ['node', '--enable-source-maps', '/app/main.js'],
    ]);
    expect(exposedPorts(runtime)).toEqual([]);
    expect(stageHealthcheck(runtime)).toBeUndefined();
  });
});

// hadolint is not in Debian's archive (`apt-get install hadolint` finds no
// package), so these checks run only where someone installed it.
const hadolint = spawnSync('hadolint', ['--version']).status === 0;
if (hadolint) {
  describe('hadolint', () => {
    it.each(APPS)('finds nothing to report in docker/%s.Dockerfile', (app) => {
      const run = spawnSync('hadolint', [dockerfilePath(app)], { encoding: 'utf8' });
      expect(run.stdout + run.stderr).toBe('');
      expect(run.status).toBe(0);
    });
  });
}
