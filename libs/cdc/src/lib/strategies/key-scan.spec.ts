import { Cursor, EMPTY_CURSOR } from '@tidemark/watermark-model';
import { KeysetTable } from '../keyset-query';
import { KeyScanStrategy, keyScanOf, lastRowAtQuery } from './key-scan';
import { strategyFor } from './strategy-for';
import { column } from '../../test/column.fixture';

const id = column('id', 'bigint', 'bigint(20) unsigned');
const region = column('region', 'varchar');
const ts = column('updated_at', 'datetime', 'datetime(6)');
const t: KeysetTable = {
  schema: 's',
  table: 't',
  columns: [id, ts],
  cursorColumn: ts,
  keyColumns: [id],
  keyIsPrimaryIndex: true,
};
const composite: KeysetTable = { ...t, columns: [region, id, ts], keyColumns: [region, id] };
const ceiling = '2025-08-01 12:00:00.000000';
const scan = new KeyScanStrategy(strategyFor('hybrid'), ceiling);

describe('KeyScanStrategy (a first run in key order, ADR 0050)', () => {
  it('pages by key among the rows at or below the ceiling, with the custom filter', () => {
    const q = scan.pageQuery(
      t,
      { after: { timestamp: null, primaryKey: ['41'] }, ceiling, limit: 5 },
      { filter: '`id` > 3' },
    );
    expect(q.sql).toBe(
      'SELECT `id`, `updated_at` FROM `s`.`t` FORCE INDEX (PRIMARY) WHERE `updated_at` <= CAST(? AS DATETIME(6)) AND (`id` > CAST(? AS UNSIGNED)) AND (`id` > 3) ORDER BY `id` LIMIT ?',
    );
    expect(q.params).toEqual([ceiling, '41', 5]);
  });
  it('starts at the first key and orders a composite key part by part', () => {
    const q = scan.pageQuery(composite, { after: EMPTY_CURSOR, ceiling, limit: 5 }, {});
    expect(q.sql).toBe(
      'SELECT `region`, `id`, `updated_at` FROM `s`.`t` FORCE INDEX (PRIMARY) WHERE `updated_at` <= CAST(? AS DATETIME(6)) ORDER BY `region`, `id` LIMIT ?',
    );
  });
  it('names no index for a key from the pipeline config (the table may have no PRIMARY KEY)', () => {
    const q = scan.pageQuery({ ...t, keyIsPrimaryIndex: false }, { after: EMPTY_CURSOR, ceiling, limit: 5 }, {});
    expect(q.sql).toBe(
      'SELECT `id`, `updated_at` FROM `s`.`t` WHERE `updated_at` <= CAST(? AS DATETIME(6)) ORDER BY `id` LIMIT ?',
    );
  });
  it('leaves the key behind with the scan ceiling, and no timestamp', () => {
    expect(scan.cursorOf(composite, ['eu', '8', '2025-08-01 10:00:00'])).toEqual({
      timestamp: null,
      primaryKey: ['eu', '8'],
      keyScan: { ceiling },
    });
    expect(scan.name).toBe('hybrid');
    expect(scan.paged).toBe(true);
    expect(scan.snapshot).toBe(false);
  });
  it('ends where the cursor order would have stopped: the last key among the rows at the ceiling', () => {
    const q = lastRowAtQuery(composite, ceiling, '`id` > 3');
    expect(q.sql).toBe(
      'SELECT `region`, `id`, `updated_at` FROM `s`.`t` WHERE `updated_at` = CAST(? AS DATETIME(6)) AND (`id` > 3) ORDER BY `region` DESC, `id` DESC LIMIT 1',
    );
    expect(q.params).toEqual([ceiling]);
  });
});

describe('keyScanOf: which runs read in key order', () => {
  const first: Cursor = EMPTY_CURSOR;
  it('starts a scan for a hybrid table with no cursor, keyed by its primary key', () => {
    expect(keyScanOf(strategyFor('hybrid'), first, t)).toEqual({});
    expect(keyScanOf(strategyFor('hybrid'), first, { ...t, keyIsPrimaryIndex: false })).toBeUndefined();
  });
  it('resumes a scan in progress with its own ceiling', () => {
    expect(keyScanOf(strategyFor('hybrid'), { timestamp: null, primaryKey: ['9'], keyScan: { ceiling } }, t)).toEqual({
      ceilingUtc: ceiling,
    });
  });
  it('reads in cursor order once a cursor exists, or a default start gives one', () => {
    expect(keyScanOf(strategyFor('hybrid'), { timestamp: ceiling, primaryKey: ['9'] }, t)).toBeUndefined();
    expect(keyScanOf(strategyFor('hybrid'), { timestamp: ceiling, primaryKey: null }, t)).toBeUndefined();
  });
  it('leaves the other strategies, and tables without a key, to their own order', () => {
    for (const name of ['custom', 'timestamp_only', 'id_only', 'full_sync', 'binlog']) {
      expect(keyScanOf(strategyFor(name), first, t)).toBeUndefined();
    }
  });
});
