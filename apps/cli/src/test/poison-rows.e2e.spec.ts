import { join } from 'node:path';
import { buildApps, MysqlFixture, PostgresFixture, ServiceProcess } from '@tidemark/testing';
import { Manifest } from '@tidemark/watermark-model';
import { CliFixture, CliWorld, ROOT } from './cli.fixture';
import { commitManifestWithoutRule } from './legacy-manifest.fixture';

const TOKEN = 'poison-rows-token-0123456789';

/**
 * Values the warehouse cannot store (a NUL in text, `\u0000` in JSON): the
 * extract's rule (fail / replace / strip), a load that names the manifest,
 * column and key, and `tidemark manifest list|skip|retry` to set a poisoned
 * manifest aside — on the built binary and the real servers.
 */
describe('poison rows (built binary, real servers)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  let config: string;
  let notes: string;
  let docs: string;
  let legacy: Manifest;
  const run = (...args: string[]) => cli.run(config, args);
  const json = (...args: string[]) => JSON.parse(run(...args, '--json').stdout);

  beforeAll(async () => {
    buildApps('watermark-service');
    ({ db, pg, cli } = await world.open('tm_poison'));
    const d = db.database;
    notes = `${d}.notes`;
    docs = `${d}.docs`;
    config = cli.writeConfig('config', {
      pipelines: {
        strict: `connection: default\ntables:\n  ${notes}:\n  ${docs}:\n`,
        replacing: `connection: default\ntargetSchema: ${d}_r\nunstorableText: replace\ntables:\n  ${notes}:\n  ${docs}:\n`,
        stripping: `connection: default\ntargetSchema: ${d}_s\nunstorableText: fail\ntables:\n  ${notes}: { unstorableText: strip }\n  ${docs}: { unstorableText: strip }\n`,
        legacy: `connection: default\ntargetSchema: ${d}_l\ntables:\n  ${notes}:\n`,
      },
    });
    await db.exec('CREATE TABLE notes (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, body TEXT)');
    await db.exec(
      "INSERT INTO notes VALUES (1, '2025-08-01 10:00:00', 'clean'), (2, '2025-08-01 10:00:01', CONCAT('a', CHAR(0), 'b'))," +
        " (3, '2025-08-01 10:00:02', 'also clean')",
    );
    await db.exec('CREATE TABLE docs (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, doc JSON)');
    await db.exec(
      `INSERT INTO docs VALUES (6, '2025-08-01 10:00:00', '{"a": "fine"}'), (7, '2025-08-01 10:00:01', '{"a": "x\\\\u0000y", "b": "\\\\\\\\u0000"}')`,
    );
  });

  afterAll(() => world.close((d) => [`${d}_r`, `${d}_s`, `${d}_l`]));

  it('the default rule fails the extract naming table, key and column of a NUL in TEXT, and commits nothing', async () => {
    const r = run('sync', '-p', 'strict', '-t', notes);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `table ${notes}: column body of the row with id=2 holds a NUL character (U+0000), which the warehouse cannot store. ` +
        'Fix the row in the source, or set `unstorableText: replace` (U+FFFD) or `unstorableText: strip` for this table; ' +
        'nothing from this row on was committed',
    );
    const w = json('watermark', 'get', '-p', 'strict', '-t', notes);
    expect(w.extract).toMatchObject({ status: 'failed', rowsExtracted: 0, cursor: { timestamp: null, primaryKey: null } });
    expect(json('manifest', 'list', '-p', 'strict', '-t', notes)).toEqual([]);
    expect(await pg.rows(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1`, [db.database])).toEqual([]);
  });

  it('the default rule fails the extract on \\u0000 inside JSON, naming the column and key', () => {
    const r = run('sync', '-p', 'strict', '-t', docs);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`table ${docs}: column doc of the row with id=7 holds the JSON escape \\u0000, which the warehouse cannot store.`);
    expect(json('watermark', 'get', '-p', 'strict', '-t', docs).extract.rowsExtracted).toBe(0);
  });

  it('replace writes U+FFFD, loads, and reports how many values it changed', async () => {
    const r = run('sync', '-p', 'replacing', '--json');
    expect(r.status).toBe(0);
    const byTable = Object.fromEntries(JSON.parse(r.stdout).tables.map((t: { table: string }) => [t.table, t]));
    expect(byTable[notes].extract).toMatchObject({ rows: 3, unstorableChanged: 1 });
    expect(byTable[docs].extract).toMatchObject({ rows: 2, unstorableChanged: 1 });
    expect(await pg.rows(`SELECT id, body FROM "${db.database}_r".notes ORDER BY id`)).toEqual([
      { id: 1, body: 'clean' },
      { id: 2, body: 'a\ufffdb' },
      { id: 3, body: 'also clean' },
    ]);
    // The escaped backslash before "u0000" in "b" is text, not a NUL: it stays.
    expect(await pg.rows(`SELECT doc->>'a' AS a, doc->>'b' AS b FROM "${db.database}_r".docs WHERE id = 7`)).toEqual([
      { a: 'x\ufffdy', b: '\\u0000' },
    ]);
    const human = run('sync', '-p', 'replacing', '-t', notes);
    expect(human.status).toBe(0);
  });

  it('strip (set per table over the pipeline rule) drops the NUL and loads, with the count in the summary', async () => {
    const r = run('sync', '-p', 'stripping');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${notes}: extracted 3 rows into 1 file(s)`);
    expect(r.stdout).toMatch(new RegExp(`${notes}: extracted 3 rows .*, 1 unstorable text value\\(s\\) changed`));
    expect(await pg.rows(`SELECT body FROM "${db.database}_s".notes WHERE id = 2`)).toEqual([{ body: 'ab' }]);
    expect(await pg.rows(`SELECT doc->>'a' AS a FROM "${db.database}_s".docs WHERE id = 7`)).toEqual([{ a: 'xy' }]);
  });

  it('a poisoned manifest already pending fails the load naming the manifest, the column and the first key', async () => {
    legacy = await commitManifestWithoutRule(config, 'legacy', notes);
    const r = run('sync', '-p', 'legacy', '-t', notes, '--redshift-only');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`failed on manifest ${legacy.id} (3 rows;`);
    expect(r.stderr).toContain(`tidemark manifest skip ${legacy.id} -p legacy -t ${notes}`);
    expect(r.stderr).toContain('invalid byte sequence for encoding "UTF8": 0x00');
    expect(r.stderr).toContain('column body of the row with id=2 holds a NUL character (U+0000)');
    const [listed] = json('manifest', 'list', '-p', 'legacy', '-t', notes);
    expect(listed).toMatchObject({ id: legacy.id, status: 'pending', rows: 3, files: 1 });
    expect(listed.lastError).toContain('column body of the row with id=2');
    expect(run('manifest', 'list', '-p', 'legacy', '-t', notes).stdout).toMatch(
      new RegExp(`^${legacy.id}\\s+pending\\s+3\\s+1\\s+\\S+\\s+last error: loading 1 manifest`, 'm'),
    );
    // It stays pending: the next load fails the same way.
    expect(run('sync', '-p', 'legacy', '-t', notes, '--redshift-only').status).toBe(1);
  });

  it('manifest skip needs --reason and --yes, then sets the manifest aside: loads continue and status shows it', async () => {
    const noYes = run('manifest', 'skip', legacy.id, '-p', 'legacy', '-t', notes, '--reason', 'NUL in body');
    expect(noYes.status).toBe(1);
    expect(noYes.stderr).toContain('add --yes to confirm');
    const noReason = run('manifest', 'skip', legacy.id, '-p', 'legacy', '-t', notes, '--yes');
    expect(noReason.status).toBe(1);
    expect(noReason.stderr).toContain('give the reason for skipping with --reason');
    const unknown = run('manifest', 'skip', 'no-such-manifest', '-p', 'legacy', '-t', notes, '--reason', 'x', '--yes');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no manifest no-such-manifest for legacy /');

    const skip = run('manifest', 'skip', legacy.id, '-p', 'legacy', '-t', notes, '--reason', 'NUL in body of id=2', '--yes');
    expect(skip.status).toBe(0);
    expect(skip.stdout).toContain(`manifest ${legacy.id} of legacy / ${notes} skipped (3 rows)`);
    const [listed] = json('manifest', 'list', '-p', 'legacy', '-t', notes);
    expect(listed).toMatchObject({ status: 'skipped', skip: { by: expect.stringMatching(/^cli:/), reason: 'NUL in body of id=2' } });
    const history = json('watermark', 'history', '-p', 'legacy', '-t', notes);
    expect(history[history.length - 1]).toMatchObject({
      action: 'manifest-skip',
      actor: expect.stringMatching(/^cli:/),
      after: { metadata: { skippedManifests: 1, skippedRows: 3 } },
    });
    // A second skip of the same manifest is refused: it is no longer pending.
    const again = run('manifest', 'skip', legacy.id, '-p', 'legacy', '-t', notes, '--reason', 'again', '--yes');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('is skipped: only a pending manifest can be skipped');

    const load = run('sync', '-p', 'legacy', '-t', notes, '--redshift-only');
    expect(load.status).toBe(0);
    // The load failure was this manifest's: with it set aside, the table no longer shows as failed.
    const status = run('status', '-p', 'legacy');
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/\bSKIPPED\b/);
    expect(status.stdout).toMatch(new RegExp(`legacy\\s+${notes}\\s+\\S+\\s+\\S+ \\S+\\s+0\\s+1 \\(3 rows\\)\\s+pending`));
    expect(json('status', '-p', 'legacy')[0]).toMatchObject({ skippedManifests: 1, skippedRows: 3 });
  });

  it('fixing the source row (its updated_at moves) and syncing again delivers it', async () => {
    await db.exec("UPDATE notes SET body = 'fixed', updated_at = '2025-08-01 10:00:05' WHERE id = 2");
    const r = run('sync', '-p', 'legacy', '-t', notes);
    expect(r.status).toBe(0);
    expect(await pg.rows(`SELECT id, body FROM "${db.database}_l".notes ORDER BY id`)).toEqual([{ id: 2, body: 'fixed' }]);
  });

  it('manifest retry puts a skipped manifest back to pending, also through the watermark service', async () => {
    const service = await ServiceProcess.start(join(ROOT, 'dist/apps/watermark-service/main.js'), {
      TIDEMARK_CONFIG: config,
      TIDEMARK_API_TOKEN: TOKEN,
    });
    try {
      const viaService = (...args: string[]) => cli.run(config, ['--service', service.url, ...args], { TIDEMARK_API_TOKEN: TOKEN });
      const retry = viaService('manifest', 'retry', legacy.id, '-p', 'legacy', '-t', notes);
      expect(retry.status).toBe(0);
      expect(retry.stdout).toContain(`manifest ${legacy.id} of legacy / ${notes} is pending again (3 rows)`);
      const [listed] = JSON.parse(viaService('manifest', 'list', '-p', 'legacy', '-t', notes, '--json').stdout);
      expect(listed).toMatchObject({ id: legacy.id, status: 'pending' });
      expect(listed.skip).toBeUndefined();
      const notSkipped = viaService('manifest', 'retry', legacy.id, '-p', 'legacy', '-t', notes);
      expect(notSkipped.status).toBe(1);
      expect(notSkipped.stderr).toContain('is pending: only a skipped manifest can be retried');
      const skip = viaService('manifest', 'skip', legacy.id, '-p', 'legacy', '-t', notes, '--reason', 'still poisoned', '--yes');
      expect(skip.status).toBe(0);
    } finally {
      await service.stop();
    }
    const history = json('watermark', 'history', '-p', 'legacy', '-t', notes);
    expect(history.slice(-2).map((h: { action: string }) => h.action)).toEqual(['manifest-retry', 'manifest-skip']);
    expect(history[history.length - 1].after.metadata).toMatchObject({ skippedManifests: 1, skippedRows: 3 });
    expect(run('sync', '-p', 'legacy', '-t', notes).status).toBe(0);
  });
});
