import { selectExpression } from '@tidemark/cdc';
import { isTidemarkError, TidemarkError } from '@tidemark/errors';
import { quotePostgres } from '@tidemark/schema';
import { WarehouseSession } from '@tidemark/warehouse';
import { anyKey } from './key-range';
import { RowDifference } from './row-difference';
import { allOf, sqlText } from './sql-fragment';
import { VerifyPlan } from './verify-plan';
import { warehouseValue } from './warehouse-value';

export interface RepairResult {
  /** Warehouse rows deleted: extra rows, and the old versions of different ones. */
  deletedRows: number;
  /** Current source rows inserted for missing and different keys. */
  insertedRows: number;
}

/** Keys per DELETE or source read; rows per INSERT stay under PostgreSQL's 65535 parameters. */
const KEYS_PER_STATEMENT = 500;
const PARAMETERS_PER_INSERT = 30_000;

function* batches<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Makes the warehouse rows of the differing keys equal to the source, in ONE
 * warehouse transaction: delete every differing key, then insert the current
 * source row of each missing or different key (a row gone from the source
 * meanwhile is simply not inserted). The caller holds the table's load lease.
 */
export async function repairDifferences(plan: VerifyPlan, differences: RowDifference[]): Promise<RepairResult> {
  const { warehouseSql: pg } = plan;
  const lookup = plan.keyColumns.map((c) => pg.keyLookup(c));
  const differing = differences.map((d) => d.key);
  const toCopy = differences.filter((d) => d.kind !== 'extra').map((d) => d.key);
  try {
    return await plan.warehouse.transaction(plan.dialect.sessionSetup(), async (session) => {
      const result: RepairResult = { deletedRows: 0, insertedRows: 0 };
      for (const keys of batches(differing, KEYS_PER_STATEMENT)) {
        const which = anyKey(lookup, keys);
        const deleted = await session.query(pg.text(`DELETE FROM ${pg.table} WHERE ${which.sql}`), which.params);
        result.deletedRows += deleted.rowCount;
      }
      for (const keys of batches(toCopy, KEYS_PER_STATEMENT)) {
        result.insertedRows += await insertRows(session, plan, await sourceRows(plan, keys));
      }
      return result;
    });
  } catch (error) {
    if (isTidemarkError(error)) throw error;
    throw new TidemarkError(
      'WAREHOUSE',
      `repairing ${differing.length} row(s) of ${plan.id.table} in ${plan.target} failed, nothing was committed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** The source rows of these keys, read as the extract reads them, as the loader would write them. */
async function sourceRows(plan: VerifyPlan, keys: string[][]): Promise<unknown[][]> {
  const { sourceSql: my } = plan;
  const lookup = plan.keyColumns.map((c) => my.keyLookup(c));
  const which = allOf([anyKey(lookup, keys), plan.filter ? sqlText(plan.filter) : null]);
  const select = plan.columns.map((c) => selectExpression(c.source)).join(', ');
  const rows = await plan.source.query<Record<string, unknown>>({
    sql: `SELECT ${select} FROM ${my.table} WHERE ${which.sql}`,
    params: which.params,
  });
  return rows.map((row) => plan.columns.map((c) => warehouseValue(c.source, row[c.source.name])));
}

async function insertRows(session: WarehouseSession, plan: VerifyPlan, rows: unknown[][]): Promise<number> {
  const { warehouseSql: pg, columns } = plan;
  const names = columns.map((c) => quotePostgres(c.target)).join(', ');
  const tuple = `(${columns.map((c) => `CAST(? AS ${c.targetType})`).join(', ')})`;
  let inserted = 0;
  for (const batch of batches(rows, Math.max(1, Math.floor(PARAMETERS_PER_INSERT / columns.length)))) {
    const sql = `INSERT INTO ${pg.table} (${names}) VALUES ${batch.map(() => tuple).join(', ')}`;
    inserted += (await session.query(pg.text(sql), batch.flat())).rowCount;
  }
  return inserted;
}
