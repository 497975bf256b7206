import { Cursor, TableId } from '@tidemark/watermark-model';
import { manifest } from './sample-manifest.fixture';
import { storeForSuite } from './test-data-source.fixture';

const CEILING = '2025-08-01 10:00:00.000000';
/** A first run read in key order (ADR 0050), done up to key `last`. */
const scanAt = (last: string): Cursor => ({ timestamp: null, primaryKey: [last], keyScan: { ceiling: CEILING } });

/** The cursor of a cursor table whose first run is read in key order: stored, returned, and cleared when it ends. */
describe.each(['sqlite', 'postgres'] as const)('a key-scan cursor (ADR 0050) on %s', (kind) => {
  const suite = storeForSuite(kind);
  const store = () => suite.store;
  const at = (table: string): TableId => ({ pipeline: 'p', table });

  /** Commits manifest `n` of `table` (ids are unique across tables) ending at `maxCursor`. */
  const commit = (table: string, n: number, maxCursor: Cursor) =>
    store().commitExtract({
      ...at(table),
      manifest: { ...manifest(`${table}-${n}`, CEILING, 10, 1, table), maxCursor },
    });
  const cursorOf = async (table: string) => (await store().get(at(table)))?.extract.cursor;

  it('a commit whose maxCursor has keyScan stores it: the commit, a later read and the history return it', async () => {
    const table = 'shop.scanned';
    expect((await commit(table, 1, scanAt('500'))).extract.cursor).toEqual(scanAt('500'));
    expect(await cursorOf(table)).toEqual(scanAt('500'));
    expect((await store().history(at(table))).at(-1)?.after.extract.cursor).toEqual(scanAt('500'));
    await commit(table, 2, scanAt('1000'));
    expect(await cursorOf(table)).toEqual(scanAt('1000'));
  });

  it('the commit that ends the scan, with an ordinary cursor, clears it', async () => {
    const table = 'shop.scan_ends';
    await commit(table, 1, scanAt('500'));
    const ended = await commit(table, 2, { timestamp: CEILING, primaryKey: ['3'] });
    expect(ended.extract.cursor).toEqual({ timestamp: CEILING, primaryKey: ['3'] });
    expect(await cursorOf(table)).not.toHaveProperty('keyScan');
  });

  it.each(['extract', 'all'] as const)('a reset of %s clears it', async (stage) => {
    const table = `shop.scan_reset_${stage}`;
    await commit(table, 1, scanAt('500'));
    expect((await store().reset(at(table), stage, 'tester')).extract.cursor).toEqual({
      timestamp: null,
      primaryKey: null,
    });
    expect(await cursorOf(table)).toEqual({ timestamp: null, primaryKey: null });
  });

  it('a load-stage reset keeps it: the extract side is untouched', async () => {
    const table = 'shop.scan_reset_load';
    await commit(table, 1, scanAt('500'));
    await store().reset(at(table), 'load', 'tester');
    expect(await cursorOf(table)).toEqual(scanAt('500'));
  });

  it.each([
    [
      'a timestamp',
      { timestamp: '2025-07-01 00:00:00.000000' },
      { timestamp: '2025-07-01 00:00:00.000000', primaryKey: null },
    ],
    ['an id', { primaryKey: ['42'] }, { timestamp: null, primaryKey: ['42'] }],
    [
      'both',
      { timestamp: '2025-07-01 00:00:00.000000', primaryKey: ['42'] },
      { timestamp: '2025-07-01 00:00:00.000000', primaryKey: ['42'] },
    ],
  ])('a cursor set by hand with %s replaces it', async (what, manual, expected) => {
    const table = `shop.scan_set_${what.replace(/\W/g, '_')}`;
    await commit(table, 1, scanAt('500'));
    expect((await store().setCursor(at(table), manual, 'tester')).extract.cursor).toEqual(expected);
    expect(await cursorOf(table)).toEqual(expected);
  });

  it('restoring a version taken during the scan brings the scan back', async () => {
    const table = 'shop.scan_restore';
    await commit(table, 1, scanAt('500'));
    const during = (await store().history(at(table))).at(-1);
    await store().reset(at(table), 'extract', 'tester');
    expect((await store().restore(at(table), during?.id ?? 0, 'tester')).extract.cursor).toEqual(scanAt('500'));
  });

  it('an export imports back into the same scan', async () => {
    const table = 'shop.scan_export';
    await commit(table, 1, scanAt('500'));
    const exported = await store().exportAll();
    await store().reset(at(table), 'all', 'tester');
    await store().importDocument(exported, { table }, 'tester');
    expect(await cursorOf(table)).toEqual(scanAt('500'));
  });
});
