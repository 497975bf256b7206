import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { Dockerfile, finalStage, Instruction, instructionEnv, namedStage, stageCopies, Stage } from './dockerfile';
import { ROOT } from './repo-files';

/** The final stage of a rehearsed image: its filesystem on disk, and how it starts. */
export interface RehearsedImage {
  /** The host directory standing for the final stage's WORKDIR. */
  workdir: string;
  env: Record<string, string>;
  cmd: string[];
}

type PathMap = (containerPath: string) => string;

function lastWorkdir(stage: Stage): string {
  const workdir = stage.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1);
  if (!workdir) throw new Error(`stage ${stage.name} has no WORKDIR`);
  return workdir.args;
}

/** The `build` stage is this workspace after `nx build`: its WORKDIR is the repository root. */
function buildStagePaths(build: Stage): PathMap {
  const workdir = lastWorkdir(build);
  return (path) => {
    const inside = posix.relative(workdir, path);
    if (inside.startsWith('..')) throw new Error(`${path} is outside the build stage's ${workdir}`);
    return join(ROOT, inside);
  };
}

function run(line: Instruction, cwd: string, env: NodeJS.ProcessEnv): void {
  try {
    execFileSync('sh', ['-c', line.args], { cwd, env, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`line ${line.line}: RUN ${line.args} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** Docker's COPY: a directory's contents go into the destination; files into it when it ends with / or there are several. */
function copy(copyLine: Instruction, stage: Stage, workdir: string, host: PathMap, stages: Map<string, PathMap>): void {
  const { from, sources, destination } = stageCopies({ ...stage, instructions: [copyLine] })[0];
  const sourcePath = from ? stages.get(from) : (path: string) => join(ROOT, path);
  if (!sourcePath) throw new Error(`line ${copyLine.line}: COPY --from=${from} names no earlier stage`);
  const target = host(posix.resolve(workdir, destination));
  const intoDirectory = destination.endsWith('/') || sources.length > 1;
  for (const source of sources) {
    const path = sourcePath(source);
    if (!existsSync(path)) throw new Error(`line ${copyLine.line}: COPY source ${source} (${path}) does not exist`);
    const file = !statSync(path).isDirectory();
    const destinationPath = file && intoDirectory ? join(target, basename(source)) : target;
    mkdirSync(file ? join(destinationPath, '..') : destinationPath, { recursive: true });
    cpSync(path, destinationPath, { recursive: true });
  }
}

/**
 * Lays out the image a Dockerfile builds, without Docker: every stage after
 * `build` gets a directory standing for its root, where its COPY lines copy
 * and its RUN lines run (`sh -c` in its WORKDIR, with its ENV and `runEnv`).
 * The final stage's RUN lines only prepare system directories as root
 * (mkdir, chown) and are not run.
 */
export function rehearseImage(dockerfile: Dockerfile, into: string, runEnv: NodeJS.ProcessEnv = {}): RehearsedImage {
  const build = namedStage(dockerfile, 'build');
  const final = finalStage(dockerfile);
  const stages = new Map<string, PathMap>([['build', buildStagePaths(build)]]);
  let rehearsed: RehearsedImage | undefined;
  dockerfile.stages.forEach((stage, index) => {
    if (stage === build) return;
    const root = join(into, stage.name ?? `stage-${index}`);
    const host: PathMap = (path) => join(root, path);
    let workdir = '/';
    const env: Record<string, string> = {};
    let cmd: string[] = [];
    for (const line of stage.instructions) {
      if (line.keyword === 'WORKDIR') {
        workdir = posix.resolve(workdir, line.args);
        mkdirSync(host(workdir), { recursive: true });
      } else if (line.keyword === 'ENV') Object.assign(env, instructionEnv(line));
      else if (line.keyword === 'COPY') copy(line, stage, workdir, host, stages);
      else if (line.keyword === 'CMD') cmd = JSON.parse(line.args) as string[];
      else if (line.keyword === 'RUN' && stage !== final) {
        run(line, host(workdir), { ...process.env, ...runEnv, ...env });
      }
    }
    if (stage.name) stages.set(stage.name, host);
    if (stage === final) rehearsed = { workdir: host(workdir), env, cmd };
  });
  return rehearsed as RehearsedImage;
}
