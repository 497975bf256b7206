import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApps, closedPort, makeTempDir, writeConfigFiles } from '@tidemark/testing';
import { logLines, runUntilExit, ServiceApp } from './observed-service.fixture';

const TOKEN = 'boot-token-0123456789abcdef';

/**
 * Each case starts a built service with one thing wrong in its environment
 * or its config directory. It must exit 1 without listening, having printed
 * exactly one line: a JSON `fatal` line `<service> could not start: <why>`.
 */
describe('a service with a bad config stops with exit code 1 and one line saying why (built, real processes)', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let good: string;
  let badStrategy: string;
  let missingVariable: string;

  beforeAll(() => {
    buildApps('extractor', 'loader', 'watermark-service');
    dir = makeTempDir();
    good = writeConfigFiles(dir.path, 'good');
    badStrategy = writeConfigFiles(dir.path, 'bad-strategy', {
      pipelines: { shop: 'connection: default\ntables:\n  shop.orders: { strategy: sideways }\n' },
    });
    missingVariable = writeConfigFiles(dir.path, 'missing-variable');
    writeFileSync(
      join(missingVariable, 'connections', 'default.yml'),
      'host: 127.0.0.1\nuser: root\npassword: "${BOOT_TEST_UNSET_PASSWORD}"\n',
    );
  });

  afterAll(() => dir?.remove());

  const cases: Array<[string, ServiceApp, () => NodeJS.ProcessEnv, RegExp]> = [
    [
      'a config directory that does not exist',
      'extractor',
      () => ({ TIDEMARK_CONFIG: join(dir.path, 'nowhere') }),
      /^no config found: .*nowhere\/tidemark\.yml does not exist/,
    ],
    [
      'a pipeline with an unknown strategy',
      'extractor',
      () => ({ TIDEMARK_CONFIG: badStrategy }),
      /pipelines\/shop\.yml:3 tables\.shop\.orders\.strategy: .*sideways/,
    ],
    [
      'a config variable that is not set',
      'loader',
      () => ({ TIDEMARK_CONFIG: missingVariable }),
      /BOOT_TEST_UNSET_PASSWORD/,
    ],
    [
      'a PORT that is not a port',
      'loader',
      () => ({ TIDEMARK_CONFIG: good, PORT: '70000' }),
      /^PORT must be a whole number from 1 to 65535, got "70000"$/,
    ],
    [
      'an unknown LOG_LEVEL',
      'loader',
      () => ({ TIDEMARK_CONFIG: good, LOG_LEVEL: 'chatty' }),
      /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "chatty"$/,
    ],
    [
      'no TIDEMARK_API_TOKEN for the watermark service',
      'watermark-service',
      () => ({ TIDEMARK_CONFIG: good, TIDEMARK_API_TOKEN: '' }),
      /^TIDEMARK_API_TOKEN must be set to a secret of at least 16 characters$/,
    ],
    [
      'a TIDEMARK_METRICS_TOKEN too short to be a secret',
      'watermark-service',
      () => ({ TIDEMARK_CONFIG: good, TIDEMARK_API_TOKEN: TOKEN, TIDEMARK_METRICS_TOKEN: 'short' }),
      /^TIDEMARK_METRICS_TOKEN must be a secret of at least 16 characters, or unset$/,
    ],
  ];

  it.each(cases)('%s (%s)', async (_case, app, env, why) => {
    // A free port, so a service that wrongly starts is caught by the exit code, not by a port clash.
    const { code, output } = await runUntilExit(app, { PORT: String(await closedPort()), ...env() });
    expect(code).toBe(1);
    const lines = logLines(output);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'fatal', service: app });
    const prefix = `${app} could not start: `;
    expect(lines[0].msg.startsWith(prefix)).toBe(true);
    expect(lines[0].msg.slice(prefix.length)).toMatch(why);
  });
});
