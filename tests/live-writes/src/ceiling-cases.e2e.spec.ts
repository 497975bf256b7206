import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { MYSQL, mysqlDigest, postgresDigest } from '@tidemark/testing';
import { LiveWorld } from './live-world.fixture';

const COLUMNS = ['id', 'label', 'updated_at'];
const CURSOR = 'DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)';

interface StatusEntry {
  table: string;
  futureRows: number;
  watermark: { extract: { cursor: { timestamp: string | null } } } | null;
}

describe('the ceiling of a run: open transactions, future-dated rows, a user without PROCESS', () => {
  let world: LiveWorld;
  const key = (table: string) => `${world.db.database}.${table}`;
  const createTable = async (table: string) => {
    await world.db.exec(`CREATE TABLE \`${table}\` (id INT PRIMARY KEY, label VARCHAR(40) NOT NULL, updated_at ${CURSOR})`);
  };
  const digests = async (table: string) => ({
    source: await mysqlDigest(world.db, table, COLUMNS),
    target: await postgresDigest(world.pg, world.db.database, table, COLUMNS),
  });
  const status = async (config: string, table: string): Promise<StatusEntry> => {
    const run = await world.cli(config, ['status', '--json']);
    return (JSON.parse(run.stdout) as StatusEntry[]).find((s) => s.table === key(table)) as StatusEntry;
  };
  const sourceNow = async () => (await world.db.rows<{ now: string }>('SELECT NOW(6) AS now'))[0].now;

  beforeAll(async () => {
    world = await LiveWorld.open('tm_ceiling');
  }, 180_000);

  afterAll(() => world?.close());

  it('waits for a transaction that wrote before the run and commits after it, instead of skipping its rows', async () => {
    await createTable('held');
    await world.db.insert('held', ['id', 'label'], [[1, 'a'], [2, 'b']]);
    const config = world.writeConfig('held', 'held', { held: '{}' });
    expect((await world.cli(config, ['sync', '-p', 'held'])).code).toBe(0);

    const open = await createConnection({ ...MYSQL, port: world.server.port, database: world.db.database });
    await open.query("SET time_zone = '+00:00'");
    await open.beginTransaction();
    // Stamped now, but invisible to every reader until the commit below.
    await open.query("UPDATE held SET label = 'late' WHERE id = 1");
    await world.db.exec("UPDATE held SET label = 'early' WHERE id = 2");
    await world.db.exec("INSERT INTO held (id, label) VALUES (3, 'c')");
    const during = await world.cli(config, ['sync', '-p', 'held']);
    await open.commit();
    await open.end();
    expect(during.code).toBe(0);
    // Rows committed after the open transaction began were left for the next run: the cursor stayed before it.
    expect((await world.pg.rows(`SELECT id FROM "${world.db.database}".held WHERE id = 3`)).length).toBe(0);

    await new Promise((r) => setTimeout(r, 1100));
    expect((await world.cli(config, ['sync', '-p', 'held'])).code).toBe(0);
    const { source, target } = await digests('held');
    expect(target).toEqual(source);
  }, 120_000);

  it('delivers a row dated 9999 but never moves the cursor past the clock, so later rows still arrive', async () => {
    await createTable('future');
    await world.db.insert('future', ['id', 'label'], [[1, 'a'], [2, 'b']]);
    await world.db.exec("INSERT INTO future VALUES (3, 'far', '9999-12-31 23:59:59.999999')");
    const config = world.writeConfig('future', 'future', { future: '{}' });
    const first = await world.cli(config, ['sync', '-p', 'future']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("1 row(s) dated after the source's clock");
    expect((await world.pg.rows(`SELECT id FROM "${world.db.database}".future WHERE id = 3`)).length).toBe(1);
    const after = await status(config, 'future');
    expect(after.futureRows).toBe(1);
    expect(String(after.watermark?.extract.cursor.timestamp) < (await sourceNow())).toBe(true);
    expect((await world.cli(config, ['status'])).stdout).toMatch(/FUTURE-DATED/);

    await new Promise((r) => setTimeout(r, 10));
    await world.db.exec("INSERT INTO future (id, label) VALUES (4, 'later')");
    await world.db.exec("UPDATE future SET label = 'changed' WHERE id = 1");
    await new Promise((r) => setTimeout(r, 1100));
    expect((await world.cli(config, ['sync', '-p', 'future'])).code).toBe(0);
    const { source, target } = await digests('future');
    expect(target).toEqual(source);
    const verified = await world.cli(config, ['verify', '-p', 'future', '-t', key('future')]);
    expect({ code: verified.code, out: verified.stdout }).toEqual({ code: 0, out: expect.stringContaining('equal') });
  }, 120_000);

  it('append mode leaves a future-dated row for when its time comes, and counts it', async () => {
    await createTable('future_append');
    await world.db.insert('future_append', ['id', 'label'], [[1, 'a']]);
    await world.db.exec("INSERT INTO future_append VALUES (2, 'far', '9999-12-31 23:59:59')");
    const config = world.writeConfig('future_append', 'fa', { future_append: '{ loadMode: append }' });
    expect((await world.cli(config, ['sync', '-p', 'fa'])).code).toBe(0);
    expect(await world.pg.rows(`SELECT id FROM "${world.db.database}".future_append ORDER BY id`)).toEqual([{ id: 1 }]);
    expect((await status(config, 'future_append')).futureRows).toBe(1);
  }, 120_000);

  it('says once that a user without PROCESS cannot see open transactions, and holds back fallbackLagSeconds', async () => {
    await createTable('blind');
    await world.db.insert('blind', ['id', 'label'], [[1, 'a']]);
    const user = `tm_blind_${process.pid}`;
    await world.db.exec(`CREATE USER '${user}'@'%' IDENTIFIED BY 'blind-secret'`);
    await world.db.exec(`GRANT SELECT ON \`${world.db.database}\`.* TO '${user}'@'%'`);
    const config = world.writeConfig('blind', 'blind', { blind: '{}' });
    writeFileSync(join(config, 'connections', 'default.yml'), `host: 127.0.0.1\nport: ${world.server.port}\nuser: ${user}\npassword: blind-secret\n`);

    const held = await world.cli(config, ['sync', '-p', 'blind']);
    expect(held.code).toBe(0);
    expect(held.stderr.match(/this user cannot read the open transactions/g)).toHaveLength(1);
    expect(held.stderr).toContain('GRANT PROCESS');
    // The row is seconds old: inside the 60 s fallback lag, so not yet read.
    expect(await world.pg.rows(`SELECT id FROM "${world.db.database}".blind`).catch(() => [])).toEqual([]);

    writeFileSync(join(config, 'pipelines', 'blind.yml'), `connection: default\ntargetSchema: ${world.db.database}\ntables:\n  ${key('blind')}: { fallbackLagSeconds: 0 }\n`);
    expect((await world.cli(config, ['sync', '-p', 'blind'])).code).toBe(0);
    const { source, target } = await digests('blind');
    expect(target).toEqual(source);
  }, 120_000);
});
