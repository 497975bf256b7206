import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '@tidemark/object-store';
import { MYSQL, POSTGRES_URL, RealServers, s3Settings, ServiceProcess } from '@tidemark/testing';
import { Outcome, runCli, SERVICE_MAIN } from './binaries.fixture';

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

export interface Secrets {
  mysqlPassword: string;
  wrongMysqlPassword: string;
  s3Secret: string;
  wrongS3Secret: string;
  warehousePassword: string;
  apiToken: string;
  wrongApiToken: string;
  urlPassword: string;
}

/** `secret name in source` for every secret value found in any of the texts. */
export function collectSecretLeaks(texts: Record<string, string>, secrets: Secrets): string[] {
  return Object.entries(texts).flatMap(([source, text]) =>
    Object.entries(secrets)
      .filter(([, value]) => text.includes(value))
      .map(([name]) => `${name} in ${source}`),
  );
}

/**
 * A config whose every secret comes from an environment variable: a MySQL
 * user with a password, S3 keys, a warehouse password in the URL, and the
 * watermark service's API token. Syncs run through the real service.
 */
export class SecretsWorld {
  private constructor(
    readonly servers: RealServers,
    readonly secrets: Secrets,
    private readonly user: string,
    private readonly config: string,
    private readonly service: ServiceProcess,
  ) {}

  static async open(): Promise<SecretsWorld> {
    const servers = await RealServers.open('tm_secrets');
    const { db } = servers;
    const s3 = s3Settings();
    const secrets: Secrets = {
      mysqlPassword: secret('mysql-pw'),
      wrongMysqlPassword: secret('wrong-mysql-pw'),
      s3Secret: s3.secretAccessKey,
      wrongS3Secret: secret('wrong-s3-secret'),
      warehousePassword: secret('pg-pw'),
      apiToken: secret('api-token'),
      wrongApiToken: secret('wrong-api-token'),
      urlPassword: secret('url-pw'),
    };
    const user = db.database.slice(0, 60);
    for (const host of ['%', 'localhost']) {
      await db.exec('CREATE USER ?@? IDENTIFIED BY ?', [user, host, secrets.mysqlPassword]);
      await db.exec(`GRANT SELECT ON \`${db.database}\`.* TO ?@?`, [user, host]);
    }
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec(
      "INSERT INTO orders VALUES (1, '2025-08-01 10:00:00'), (2, '2025-08-01 11:00:00'), (3, '2025-08-01 12:00:00')",
    );
    const bucket = db.database.replace(/_/g, '-').toLowerCase();
    await (await createS3Client({ bucket, ...s3 })).send(new CreateBucketCommand({ Bucket: bucket }));

    const config = join(servers.dir.path, 'config');
    writeSecretsConfig(config, user, bucket);
    // Every request logged (the service samples 1 % of successes by default): the log is searched for secrets.
    const env = {
      TIDEMARK_CONFIG: config,
      TIDEMARK_API_TOKEN: secrets.apiToken,
      TIDEMARK_REQUEST_LOG_SAMPLE: '1',
      ...secretEnv(secrets),
    };
    const service = await ServiceProcess.start(SERVICE_MAIN, env);
    return new SecretsWorld(servers, secrets, user, config, service);
  }

  /** `tidemark --service … sync -t <table>` with the secrets in the environment, some overridden. */
  async sync(env: NodeJS.ProcessEnv = {}, args: string[] = [], serviceUrl = this.service.url): Promise<Outcome> {
    return this.run(['--service', serviceUrl, 'sync', '-t', `${this.servers.db.database}.orders`, ...args], env);
  }

  private run(args: string[], env: NodeJS.ProcessEnv = {}): Outcome {
    return runCli(this.config, args, { TIDEMARK_API_TOKEN: this.secrets.apiToken, ...secretEnv(this.secrets), ...env });
  }

  exportWatermarks(): string {
    return this.run(['watermark', 'export']).stdout;
  }

  serviceLog(): string {
    return this.service.log;
  }

  /** Every file the runs wrote under the log directory (JSON run reports), by name. */
  runReports(): Record<string, string> {
    const dir = join(this.servers.dir.path, '.tidemark', 'logs');
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      names = [];
    }
    return Object.fromEntries(names.map((name) => [`run report ${name}`, readFileSync(join(dir, name), 'utf8')]));
  }

  async insertRow(id: number): Promise<void> {
    await this.servers.db.exec('INSERT INTO orders VALUES (?, ?)', [id, `2025-08-02 00:00:0${id}`]);
  }

  async warehouseRows(): Promise<number> {
    const [row] = await this.servers.pg.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${this.servers.db.database}"."orders"`,
    );
    return row.n;
  }

  async close(): Promise<void> {
    await this.service?.stop();
    for (const host of ['%', 'localhost']) await this.servers.db.exec('DROP USER IF EXISTS ?@?', [this.user, host]);
    await this.servers.close();
  }
}

function secretEnv(s: Secrets): NodeJS.ProcessEnv {
  return {
    TM_SECRET_MYSQL_PASSWORD: s.mysqlPassword,
    TM_SECRET_S3_KEY: s3Settings().accessKeyId,
    TM_SECRET_S3_SECRET: s.s3Secret,
    TM_SECRET_PG_PASSWORD: s.warehousePassword,
  };
}

function writeSecretsConfig(config: string, user: string, bucket: string): void {
  const s3 = s3Settings();
  const pg = new URL(POSTGRES_URL);
  const warehouseUrl = `${pg.protocol}//${pg.username}:\${TM_SECRET_PG_PASSWORD}@${pg.hostname}:\${TM_SECRET_PG_PORT:-${pg.port || 5432}}${pg.pathname}`;
  mkdirSync(join(config, 'connections'), { recursive: true });
  writeFileSync(
    join(config, 'tidemark.yml'),
    [
      'watermarkStore: { type: sqlite, path: secrets-state/watermarks.sqlite }',
      `objectStore: { type: s3, bucket: ${bucket}, endpoint: "${s3.endpoint}", region: ${s3.region}, accessKeyId: "\${TM_SECRET_S3_KEY}", secretAccessKey: "\${TM_SECRET_S3_SECRET}" }`,
      `warehouse: { type: postgres, url: "${warehouseUrl}" }`,
    ].join('\n'),
  );
  writeFileSync(
    join(config, 'connections', 'default.yml'),
    `host: ${MYSQL.host}\nport: ${MYSQL.port}\nuser: ${user}\npassword: "\${TM_SECRET_MYSQL_PASSWORD}"\n`,
  );
}
