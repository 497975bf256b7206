import {
  commandArgv,
  exposedPorts,
  finalStage,
  namedStage,
  parseDockerfile,
  shellWords,
  stageCopies,
  stageEnv,
  stageHealthcheck,
  stageUser,
} from './dockerfile';

// The deployment checks read Dockerfiles with this parser, so it must read
// what they contain the way Docker does.
const SAMPLE = `# syntax=docker/dockerfile:1
FROM node:20-bookworm AS build
WORKDIR /repo
COPY package.json package-lock.json ./
RUN npm install \\
  # a comment inside a continued instruction is dropped
  --no-audit

FROM node:20-bookworm-slim
ENV NODE_ENV=production \\
    GREETING="hello world" \\
    PORT=3100
ENV LEGACY some value
COPY --from=build --chown=1000:1000 /repo/dist/main.js ./
USER 1000:1000
EXPOSE 3100 9090/tcp
HEALTHCHECK --interval=15s --retries=3 \\
  CMD ["node", "-e", "process.exit(0)"]
CMD node main.js
`;

describe('the Dockerfile parser', () => {
  const dockerfile = parseDockerfile(SAMPLE);

  it('splits stages at FROM, with their names and images', () => {
    expect(dockerfile.stages.map((s) => [s.name, s.image])).toEqual([
      ['build', 'node:20-bookworm'],
      [undefined, 'node:20-bookworm-slim'],
    ]);
    expect(namedStage(dockerfile, 'build').instructions.map((i) => i.keyword)).toEqual(['WORKDIR', 'COPY', 'RUN']);
  });

  it('joins continued lines, drops comments inside them, and keeps the first line number', () => {
    const run = namedStage(dockerfile, 'build').instructions[2];
    expect(run).toMatchObject({ keyword: 'RUN', args: 'npm install --no-audit', line: 5 });
  });

  it('reads ENV in both forms, with quoted values', () => {
    expect(stageEnv(finalStage(dockerfile))).toEqual({
      NODE_ENV: 'production',
      GREETING: 'hello world',
      PORT: '3100',
      LEGACY: 'some value',
    });
  });

  it('reads COPY flags, sources and destination', () => {
    expect(stageCopies(finalStage(dockerfile))).toEqual([
      { from: 'build', sources: ['/repo/dist/main.js'], destination: './', line: 14 },
    ]);
    expect(stageCopies(namedStage(dockerfile, 'build'))[0]).toMatchObject({
      from: undefined,
      sources: ['package.json', 'package-lock.json'],
    });
  });

  it('reads USER, EXPOSE and HEALTHCHECK of a stage', () => {
    const stage = finalStage(dockerfile);
    expect(stageUser(stage)).toBe('1000:1000');
    expect(stageUser(namedStage(dockerfile, 'build'))).toBe('root');
    expect(exposedPorts(stage)).toEqual([3100, 9090]);
    expect(stageHealthcheck(stage)).toEqual({
      flags: { interval: '15s', retries: '3' },
      argv: ['node', '-e', 'process.exit(0)'],
    });
    expect(stageHealthcheck(namedStage(dockerfile, 'build'))).toBeUndefined();
  });

  it('turns shell-form commands into sh -c and exec form into its argv', () => {
    expect(commandArgv('node main.js')).toEqual(['/bin/sh', '-c', 'node main.js']);
    expect(commandArgv('["node", "main.js"]')).toEqual(['node', 'main.js']);
  });

  it('splits words with quotes and escapes as a shell does', () => {
    expect(shellWords(`a "b c" 'd e' f\\ g ""`)).toEqual(['a', 'b c', 'd e', 'f g', '']);
  });

  it('refuses what it cannot read instead of guessing', () => {
    expect(() => parseDockerfile('RUN true\n')).toThrow('RUN before the first FROM');
    expect(() => parseDockerfile('FROM a AS\n')).toThrow('FROM must be');
    expect(() => parseDockerfile('FROM a\nRUN true \\\n')).toThrow('ends with');
    expect(() => shellWords('"open')).toThrow('unclosed');
  });
});
