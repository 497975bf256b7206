import { KeysetTable } from '../keyset-query';
import { validateCustomFilter } from './custom-filter';
import { strategyFor } from './strategy-for';
import { column } from '../../test/column.fixture';

const id = column('id', 'bigint', 'bigint(20) unsigned');
const ts = column('updated_at', 'datetime', 'datetime(6)');
const t: KeysetTable = { schema: 's', table: 't', columns: [id, ts], cursorColumn: ts, keyColumns: [id] };
const noKey: KeysetTable = { ...t, keyColumns: [] };
const ceiling = '2025-08-01 12:00:00.000000';

describe('timestamp_only', () => {
  const s = strategyFor('timestamp_only');
  it('streams the whole window after the stored timestamp, with no LIMIT', () => {
    const q = s.pageQuery(noKey, { after: { timestamp: '2025-08-01 10:00:00.000001', primaryKey: null }, ceiling, limit: 10 }, {});
    expect(q.sql).toBe(
      'SELECT `id`, `updated_at` FROM `s`.`t` WHERE `updated_at` <= CAST(? AS DATETIME(6)) AND `updated_at` > CAST(? AS DATETIME(6)) ORDER BY `updated_at`',
    );
    expect(q.params).toEqual([ceiling, '2025-08-01 10:00:00.000001']);
    expect(s.paged).toBe(false);
    expect(s.needsPrimaryKey).toBe(false);
  });
  it('keeps only the timestamp of a row as its cursor', () => {
    expect(s.cursorOf(t, ['5', '2025-08-01 10:00:00.5'])).toEqual({ timestamp: '2025-08-01 10:00:00.500000', primaryKey: null });
  });
});

describe('id_only', () => {
  const s = strategyFor('id_only');
  it('pages by key up to the largest key at start', () => {
    const q = s.pageQuery(t, { after: { timestamp: null, primaryKey: ['9007199254740993'] }, ceiling: '18446744073709551615', limit: 5 }, {});
    expect(q.sql).toBe(
      'SELECT `id`, `updated_at` FROM `s`.`t` WHERE `id` <= CAST(? AS UNSIGNED) AND (`id` > CAST(? AS UNSIGNED)) ORDER BY `id` LIMIT ?',
    );
    expect(q.params).toEqual(['18446744073709551615', '9007199254740993', 5]);
    expect(s.ceilingQuery(t, {})?.sql).toBe('SELECT MAX(`id`) AS ceiling FROM `s`.`t`');
  });
  it('resumes after the stored key, ignoring any timestamp', () => {
    expect(s.start({ timestamp: '2025-01-01 00:00:00.000000', primaryKey: ['7'] })).toEqual({ timestamp: null, primaryKey: ['7'] });
    expect(s.cursorOf(t, ['8', '2025-08-01 10:00:00'])).toEqual({ timestamp: null, primaryKey: ['8'] });
  });
});

describe('full_sync', () => {
  const s = strategyFor('full_sync');
  it('starts at the first key on every run', () => {
    expect(s.start({ timestamp: '2025-01-01 00:00:00.000000', primaryKey: ['7'] })).toEqual({ timestamp: null, primaryKey: null });
    const q = s.pageQuery(t, { after: { timestamp: null, primaryKey: null }, ceiling: '100', limit: 5 }, {});
    expect(q.sql).toBe('SELECT `id`, `updated_at` FROM `s`.`t` WHERE `id` <= CAST(? AS UNSIGNED) ORDER BY `id` LIMIT ?');
  });
  it('has no ceiling for a composite key', () => {
    const region = column('region', 'varchar');
    expect(s.ceilingQuery({ ...t, keyColumns: [region, id] }, {})).toBeNull();
  });
});

describe('custom', () => {
  const s = strategyFor('custom');
  it('is hybrid with the filter added to every query', () => {
    const q = s.pageQuery(t, { after: { timestamp: null, primaryKey: null }, ceiling, limit: 3 }, { filter: "`status` <> 'draft'" });
    expect(q.sql).toContain("WHERE `updated_at` <= CAST(? AS DATETIME(6)) AND (`status` <> 'draft') ORDER BY");
    expect(s.name).toBe('custom');
  });
});

describe('strategyFor', () => {
  it('names the valid strategies when given an unknown one', () => {
    expect(() => strategyFor('magic')).toThrow('unknown CDC strategy "magic": use one of hybrid, timestamp_only, id_only, full_sync, custom, binlog');
  });
});

describe('validateCustomFilter', () => {
  it.each(["`status` <> 'draft'", "region IN ('eu', 'us') AND (amount > 0 OR refunded = 1)", "note = 'a; b -- c'"])('accepts %j', (f) => {
    expect(validateCustomFilter(f)).toBe(f);
  });
  it.each([
    ['', /it is empty/],
    ['1=1; DROP TABLE users', /";" ends a statement/],
    ['1=1 -- rest', /comments are not allowed/],
    ['1=1 /* x */', /comments are not allowed/],
    ['a = 1 # x', /comments are not allowed/],
    ["name = 'open", /a ' quote is not closed/],
    ['(a = 1', /a "\(" is not closed/],
    ['a = 1) OR (1=1', /a "\)" closes nothing/],
    ['id IN (SELECT id FROM other)', /"SELECT" is not allowed/],
    ['1=1 UNION SELECT password FROM users', /"UNION" is not allowed/],
    ['1=1 ORDER BY id', /"ORDER" is not allowed/],
    ['SLEEP(10)', /"SLEEP" is not allowed/],
  ])('refuses %j', (f, message) => {
    expect(() => validateCustomFilter(f)).toThrow(message);
  });
});
