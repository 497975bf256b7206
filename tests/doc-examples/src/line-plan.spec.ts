import { planLine } from './line-plan';
import { ShellLine } from './shell-lines';

const plan = (text: string, background = false) =>
  planLine({ line: 1, text, expectedExit: 0, background } as ShellLine);

describe('planLine', () => {
  it('runs tidemark commands, written either way, alone or chained', () => {
    expect(plan('tidemark sync -t shop.orders')).toEqual({ kind: 'tidemark' });
    expect(plan('TIDEMARK_API_TOKEN=x npm run tidemark -- watermark list')).toEqual({ kind: 'tidemark' });
    expect(plan('tidemark init && tidemark config validate')).toEqual({ kind: 'tidemark' });
  });

  it('runs builds and background services with a port', () => {
    expect(plan('npx nx build watermark-service')).toEqual({ kind: 'build', project: 'watermark-service' });
    expect(plan('A=1 PORT=3100 node dist/apps/watermark-service/main.js', true)).toEqual({ kind: 'service' });
    expect(plan('PORT=3100 node dist/apps/watermark-service/main.js')).toMatchObject({ kind: 'unknown' });
    expect(plan('node dist/apps/loader/main.js', true)).toMatchObject({ kind: 'unknown' });
  });

  it('skips by rule with every reason, and names what no rule covers', () => {
    expect(plan('npm install && npm run demo')).toEqual({
      kind: 'skip',
      reason: expect.stringMatching(/^npm install: .*; npm run demo: .*readme-demo/),
    });
    expect(plan('docker compose up')).toEqual({
      kind: 'unknown',
      problem: 'no rule runs or skips `docker compose up`',
    });
    expect(plan('npx nx build cli && tidemark status')).toEqual({
      kind: 'unknown',
      problem: 'a build or a service must be alone on its line',
    });
    expect(plan('tidemark sync', true)).toMatchObject({ kind: 'unknown' });
  });
});
