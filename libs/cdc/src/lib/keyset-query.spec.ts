import { ColumnSchema } from '@tidemark/watermark-model';
import { KeysetTable } from './keyset-query';
import { HybridStrategy } from './strategies/hybrid';
import { column } from '../test/column.fixture';

const hybrid = new HybridStrategy();
const hybridPageQuery = (t: KeysetTable, page: Parameters<HybridStrategy['pageQuery']>[1]) => hybrid.pageQuery(t, page, {});


const id = column('id', 'bigint', 'bigint(20) unsigned');
const region = column('region', 'varchar', 'varchar(8)');
const ts = column('updated_at', 'datetime', 'datetime(6)');
const shape = column('shape', 'geometry');

const table = (keys: ColumnSchema[]): KeysetTable => ({
  schema: 'shop',
  table: 'orders',
  columns: [...keys, ts, shape],
  cursorColumn: ts,
  keyColumns: keys,
});

describe('hybrid strategy pages', () => {
  const ceiling = '2025-08-01 12:00:00.000000';

  it('starts at the beginning with only the ceiling bound', () => {
    const q = hybridPageQuery(table([id]), { after: { timestamp: null, primaryKey: null }, ceiling, limit: 1000 });
    expect(q.sql).toBe(
      'SELECT `id`, `updated_at`, ST_AsBinary(`shape`) AS `shape` FROM `shop`.`orders` ' +
        'WHERE `updated_at` <= CAST(? AS DATETIME(6)) ORDER BY `updated_at`, `id` LIMIT ?',
    );
    expect(q.params).toEqual([ceiling, 1000]);
  });

  it('continues strictly after (timestamp, key), comparing the key as an unsigned integer', () => {
    const after = { timestamp: '2025-08-01 10:00:00.123456', primaryKey: ['18446744073709551615'] };
    const q = hybridPageQuery(table([id]), { after, ceiling, limit: 10 });
    expect(q.sql).toContain(
      'AND (`updated_at` > CAST(? AS DATETIME(6)) OR (`updated_at` = CAST(? AS DATETIME(6)) AND (`id` > CAST(? AS UNSIGNED))))',
    );
    expect(q.params).toEqual([ceiling, after.timestamp, after.timestamp, '18446744073709551615', 10]);
  });

  it('orders and compares over every column of a composite key', () => {
    const after = { timestamp: '2025-08-01 10:00:00.000000', primaryKey: ['eu', '7'] };
    const q = hybridPageQuery(table([region, id]), { after, ceiling, limit: 10 });
    expect(q.sql).toContain('(`region` > ? OR (`region` = ? AND (`id` > CAST(? AS UNSIGNED))))');
    expect(q.sql).toContain('ORDER BY `updated_at`, `region`, `id` LIMIT ?');
    expect(q.params).toEqual([ceiling, after.timestamp, after.timestamp, 'eu', 'eu', '7', 10]);
  });

  it('starts inclusively at a timestamp set without a key', () => {
    const q = hybridPageQuery(table([id]), { after: { timestamp: '2025-08-01 00:00:00.000000', primaryKey: null }, ceiling, limit: 5 });
    expect(q.sql).toContain('AND `updated_at` >= CAST(? AS DATETIME(6))');
    expect(q.params).toEqual([ceiling, '2025-08-01 00:00:00.000000', 5]);
  });

  it('never pastes a value into the SQL text', () => {
    const evil = "2025-08-01' OR 1=1 --";
    const q = hybridPageQuery(table([id]), { after: { timestamp: evil, primaryKey: ["1' OR '1"] }, ceiling, limit: 5 });
    expect(q.sql).not.toContain(evil);
    expect(q.sql).not.toContain("1' OR '1");
    expect(q.params).toContain(evil);
  });

  it('quotes identifiers that contain backticks', () => {
    const odd = column('we`ird', 'int', 'int(11)');
    const q = hybridPageQuery({ ...table([odd]), table: 'or`ders' }, { after: { timestamp: null, primaryKey: null }, ceiling, limit: 1 });
    expect(q.sql).toContain('`we``ird`');
    expect(q.sql).toContain('`shop`.`or``ders`');
  });

  it('refuses a watermark key with the wrong number of parts', () => {
    const after = { timestamp: '2025-08-01 10:00:00.000000', primaryKey: ['1'] };
    expect(() => hybridPageQuery(table([region, id]), { after, ceiling, limit: 1 })).toThrow(/has 1 parts but orders has 2 key columns/);
  });
});

describe('hybrid ceiling', () => {
  it('reads the newest cursor value', () => {
    expect(hybrid.ceilingQuery(table([id]), {}).sql).toBe('SELECT MAX(`updated_at`) AS ceiling FROM `shop`.`orders`');
  });
  it('stays at or below now − lag, and inside the custom filter', () => {
    const q = hybrid.ceilingQuery(table([id]), { notAfter: '2025-08-01 09:59:00.000000', filter: '`region` = 1' });
    expect(q.sql).toBe(
      'SELECT MAX(`updated_at`) AS ceiling FROM `shop`.`orders` WHERE `updated_at` <= CAST(? AS DATETIME(6)) AND (`region` = 1)',
    );
    expect(q.params).toEqual(['2025-08-01 09:59:00.000000']);
  });
});
