import { intColumn } from '../test/int-column.fixture';
import { loadOrderColumn, MERGE_NAMES, mergeNames, WAREHOUSE_GENERATED_NAMES } from './generated-names';
import { postgresDialect } from './postgres-dialect';
import { RedshiftDialect } from './redshift-dialect';
import { LOAD_ORDER_COLUMN, TargetTable } from './warehouse-dialect';

const source = intColumn;
const table = (name: string, columns: string[]): TargetTable => ({
  schema: 'shop',
  table: name,
  columns: columns.map((c) => ({ source: source(c), name: c, type: 'INTEGER' })),
  primaryKey: [columns[0]],
  mode: 'merge',
});
/** A table named `s` whose columns are named like every generated name. */
const hostile = table('s', ['s', ...WAREHOUSE_GENERATED_NAMES.filter((n) => n !== 's')]);
const hostileList = hostile.columns.map((c) => `"${c.name}"`).join(', ');

describe('names the dialects generate inside their statements', () => {
  it('covers the merge aliases, the rank and load-order columns and the append columns', () => {
    expect(WAREHOUSE_GENERATED_NAMES).toEqual([
      's',
      'newest',
      '_tidemark_rank',
      '_tidemark_load_order',
      '_tidemark_extracted_at',
      '_tidemark_manifest',
    ]);
  });

  it('keeps the usual names for a table that uses none of them', () => {
    expect(mergeNames(table('orders', ['id']), 'stage_1', 'orders')).toEqual(MERGE_NAMES);
    expect(loadOrderColumn(table('orders', ['id']))).toBe(LOAD_ORDER_COLUMN);
  });

  it('moves every generated name away from the table, the staging table and every column, in any case', () => {
    expect(mergeNames(hostile, 'stage_1', 's')).toEqual({ staged: 's_2', newest: 'newest_2', rank: '_tidemark_rank_2' });
    expect(mergeNames(table('NEWEST', ['S']), 'stage_1', 'NEWEST')).toEqual({ staged: 's_2', newest: 'newest_2', rank: '_tidemark_rank' });
    expect(mergeNames(table('orders', ['id']), 's', 'orders').staged).toBe('s_2');
    expect(loadOrderColumn(hostile)).toBe('_tidemark_load_order_2');
  });

  it.each([
    ['PostgreSQL', postgresDialect],
    ['Redshift', new RedshiftDialect()],
  ])('%s: a table named s with columns named like the generated names merges with names of its own', (_, d) => {
    expect(d.merge(hostile, 'stage_1')).toEqual([
      'DELETE FROM "shop"."s" USING "stage_1" s_2 WHERE "shop"."s"."s" = s_2."s"',
      `INSERT INTO "shop"."s" (${hostileList}) SELECT ${hostileList} FROM (` +
        'SELECT *, ROW_NUMBER() OVER (PARTITION BY "s" ORDER BY "_tidemark_load_order_2" DESC) AS _tidemark_rank_2 ' +
        'FROM "stage_1") newest_2 WHERE _tidemark_rank_2 = 1',
    ]);
    expect(d.createStaging(hostile, 'stage_1')[0]).toContain(`"_tidemark_manifest" INTEGER, "_tidemark_load_order_2" BIGINT`);
  });

  it('Redshift: moves a copied manifest into staging under the same load-order column', () => {
    const d = new RedshiftDialect();
    const [move] = d.stageCopied(hostile, hostile.columns.slice(0, 2), 'stage_1_c1', 'stage_1');
    expect(move).toBe(
      'INSERT INTO "stage_1" ("s", "newest", "_tidemark_load_order_2") SELECT "s", "newest", CAST($1 AS BIGINT) FROM "stage_1_c1"',
    );
  });
});
