import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeExampleConfig } from '@tidemark/config';
import {
  buildApps,
  closedPort,
  makeTempDir,
  MYSQL,
  MysqlFixture,
  PostgresFixture,
  writeConfigFiles,
} from '@tidemark/testing';
import { PlannedLine } from './block-plan';
import { CLI_MAIN, ROOT } from './repository';
import { applyRewrites, exampleRewrites, Rewrite } from './rewrites';
import { BackgroundLine, runLine, ShellContext } from './shell-runner';
import { commandWords, splitCommands } from './shell-words';
import { createExampleTables, SHOP_TABLES } from './source-tables.fixture';

/**
 * `npx nx build PROJECT` in the repository root: its exit code and output.
 * A project the test setup already built is not built again (buildApps).
 */
export function nxBuild(project: string): { status: number; output: string } {
  try {
    buildApps(project);
    return { status: 0, output: '' };
  } catch (error) {
    return { status: 1, output: (error as Error).message };
  }
}

/** What running one command line gave. */
export interface LineOutcome {
  /** What actually ran (after the substitutions). */
  ran: string;
  status: number;
  output: string;
}

const runsInit = (text: string) =>
  splitCommands(text).some((part) => {
    const { words } = commandWords(part);
    return words[0] === 'tidemark' && words.includes('init');
  });

/**
 * Where one doc's shell examples run, in document order:
 * - a temp project directory (the working directory) with `dist/` linking to
 *   the repository's build, and `tidemark` on PATH running the built CLI;
 * - `config/` as `tidemark init` writes it, before the doc's first tidemark
 *   command that is not itself an `init`;
 * - `.tidemark/demo/config` as `npm run demo` leaves it: pipeline `demo`
 *   with the table `tidemark_demo.orders`, synced once;
 * - MariaDB databases standing in for `shop` (its tables in SHOP_TABLES) and
 *   `tidemark_demo` (`orders`), each table with a few rows; PostgreSQL at
 *   127.0.0.1:5432 as the warehouse. The databases and the warehouse schemas
 *   are dropped at the end.
 */
export class DocSandbox {
  private readonly services: BackgroundLine[] = [];

  private constructor(
    private readonly dir: ReturnType<typeof makeTempDir>,
    private readonly shop: MysqlFixture,
    private readonly demo: MysqlFixture,
    readonly rewrites: Rewrite[],
  ) {}

  static async open(): Promise<DocSandbox> {
    const shop = await MysqlFixture.create('tm_doc_shop');
    const demo = await MysqlFixture.create('tm_doc_demo');
    // Free now, and outside the range other suites are given ports from, so still free when the example binds it.
    const rewrites = exampleRewrites({ shop: shop.database, demo: demo.database, servicePort: await closedPort() });
    const sandbox = new DocSandbox(makeTempDir('tidemark-doc-'), shop, demo, rewrites);
    try {
      await createExampleTables(shop, SHOP_TABLES);
      await createExampleTables(demo, ['orders']);
      sandbox.writeProject();
      sandbox.syncDemo();
      return sandbox;
    } catch (error) {
      await sandbox.close();
      throw error;
    }
  }

  private get project(): string {
    return this.dir.path;
  }

  private writeProject(): void {
    mkdirSync(join(this.project, 'bin'));
    const shim = join(this.project, 'bin/tidemark');
    writeFileSync(shim, `#!/bin/sh\nexec node '${CLI_MAIN}' "$@"\n`);
    chmodSync(shim, 0o755);
    symlinkSync(join(ROOT, 'dist'), join(this.project, 'dist'));
    const table = `${this.demo.database}.orders`;
    writeConfigFiles(join(this.project, '.tidemark/demo'), 'config', {
      pipelines: {
        demo: `connection: default\ntargetSchema: ${this.demo.database}\ntables:\n  ${table}: { cursorColumn: updated_at }\n`,
      },
    });
  }

  private syncDemo(): void {
    const sync = runLine('tidemark --config .tidemark/demo/config sync -p demo', this.context);
    if (sync.status !== 0) throw new Error(`the sandbox's demo sync failed (exit ${sync.status}):\n${sync.stderr}`);
  }

  private get context(): ShellContext {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${join(this.project, 'bin')}:${process.env['PATH']}`,
      MYSQL_PASSWORD: MYSQL.password,
      TEST_MYSQL_PASSWORD: MYSQL.password,
    };
    for (const name of ['TIDEMARK_CONFIG', 'TIDEMARK_SERVICE_URL', 'TIDEMARK_API_TOKEN']) delete env[name];
    return { cwd: this.project, env };
  }

  /** `tidemark init`'s config, with the example schemas substituted like the command lines. */
  private ensureInitConfig(): void {
    const config = join(this.project, 'config');
    if (existsSync(config)) return;
    writeExampleConfig(config);
    const pipeline = join(config, 'pipelines/default.yml');
    writeFileSync(pipeline, applyRewrites(readFileSync(pipeline, 'utf8'), this.rewrites));
  }

  /**
   * Writes a file the doc shows under a name that is not a config file
   * (```json watermarks/v2/orders.json) into the project, with the rewrites
   * applied, so the command lines after it can read it.
   */
  writeExampleFile(name: string, text: string): void {
    const path = join(this.project, name);
    if (relative(this.project, path).startsWith('..')) throw new Error(`example file ${name} is outside the sandbox`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, applyRewrites(text, this.rewrites));
  }

  async run(line: PlannedLine): Promise<LineOutcome> {
    const ran = applyRewrites(line.text, this.rewrites);
    switch (line.plan.kind) {
      case 'tidemark': {
        if (!runsInit(ran)) this.ensureInitConfig();
        const r = runLine(ran, this.context);
        return { ran, status: r.status, output: `--- stdout\n${r.stdout}--- stderr\n${r.stderr}` };
      }
      case 'build': {
        const r = nxBuild(line.plan.project);
        return { ran: `${ran} (in ${ROOT})`, status: r.status, output: r.output };
      }
      case 'service': {
        const service = BackgroundLine.start(ran, this.context);
        this.services.push(service);
        const port = Number(commandWords(ran).env['PORT']);
        try {
          await service.waitForHealth(port);
          return { ran: `${ran} &`, status: 0, output: '' };
        } catch (error) {
          return { ran: `${ran} &`, status: -1, output: (error as Error).message };
        }
      }
      default:
        throw new Error(`${line.plan.kind} lines are not run`);
    }
  }

  async close(): Promise<void> {
    for (const service of this.services) await service.stop();
    const pg = await PostgresFixture.connect();
    try {
      await pg.dropSchema(this.shop.database);
      await pg.dropSchema(this.demo.database);
    } finally {
      await pg.close();
    }
    await this.shop.drop();
    await this.demo.drop();
    this.dir.remove();
  }
}
