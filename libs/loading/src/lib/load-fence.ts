import { TidemarkError } from '@tidemark/errors';
import { quotePostgresQualified } from '@tidemark/schema';
import { FENCE_SUFFIX, Warehouse, WarehouseDialect, WarehouseSession } from '@tidemark/warehouse';

/**
 * The fence of one load (ADR 0017): the target's fence table, and the
 * fencing token of the load lease this loader holds.
 */
export interface LoadFence {
  schema: string;
  /** The fence table: `<target>$tidemark_fence`. */
  table: string;
  pipeline: string;
  tableKey: string;
  token: number;
}

export function loadFence(dialect: WarehouseDialect, schema: string, target: string, pipeline: string, tableKey: string, token: number): LoadFence {
  return { schema, table: dialect.derivedName(target, FENCE_SUFFIX), pipeline, tableKey, token };
}

function leaseLost(f: LoadFence, current: number): TidemarkError {
  return new TidemarkError(
    'CONFLICT',
    `lease lost: another loader (token ${current}) took ${f.tableKey} of pipeline ${f.pipeline} while this one ` +
      `(token ${f.token}) was loading it; nothing was committed`,
  );
}

/**
 * At the raise, a fence above this loader's token: a newer loader took the
 * table, or the fence outlived the watermark store that set it (a store
 * replaced or rebuilt numbers its leases from 1 again). Only the user can
 * tell which, so the message names the way out of the second.
 */
function fenceAhead(f: LoadFence, current: number): TidemarkError {
  const lost = leaseLost(f, current);
  return new TidemarkError(
    'CONFLICT',
    `${lost.message}. If no other loader runs and the watermark store was replaced or rebuilt since (its lease tokens ` +
      `start again at 1), drop the fence table: DROP TABLE ${quotePostgresQualified(f.schema, f.table)}`,
  );
}

const key = (f: LoadFence) => [f.pipeline, f.tableKey];

/**
 * Raises the fence to this loader's token in a transaction of its own,
 * before the load reads the ledger. The lock comes first, before the
 * transaction's snapshot, so concurrent raises wait instead of failing to
 * serialize. A fence already higher means a newer loader started: this one
 * is stale and stops. The read includes `committed_token`, which passFence
 * writes: on Redshift that makes a stale pass after this raise
 * unserializable, hence refused (ADR 0017).
 */
export async function raiseFence(warehouse: Warehouse, dialect: WarehouseDialect, f: LoadFence): Promise<void> {
  await warehouse.transaction([], async (session) => {
    await session.query(dialect.lockFence(f.schema, f.table));
    const { rows } = await session.query<{ token: string | number }>(dialect.fenceToken(f.schema, f.table), key(f));
    if (rows.length === 0) return void (await session.query(dialect.fenceInsert(f.schema, f.table), [...key(f), f.token]));
    const current = Number(rows[0].token);
    if (current > f.token) throw fenceAhead(f, current);
    if (current < f.token) await session.query(dialect.fenceRaise(f.schema, f.table), [...key(f), f.token]);
  });
}

/**
 * The last step of the load transaction before its ledger rows and COMMIT:
 * lock the fence and write its row on the condition that it still holds
 * this loader's token. A write, not a read: a read would see the snapshot's
 * fence and miss a raise committed since; a write of a row changed since
 * the snapshot is refused (PostgreSQL SERIALIZABLE, Redshift) or finds the
 * new token (PostgreSQL READ COMMITTED).
 */
export async function passFence(session: WarehouseSession, dialect: WarehouseDialect, f: LoadFence): Promise<void> {
  await session.query(dialect.lockFence(f.schema, f.table));
  const { rowCount } = await session.query(dialect.fencePass(f.schema, f.table), [...key(f), f.token]);
  if (rowCount !== 1) throw new Error(`the fence of ${f.tableKey} no longer holds token ${f.token}`);
}

/**
 * After a load transaction failed at its fence step: the lease-lost error
 * when the fence moved on (read afresh, outside the rolled-back
 * transaction), or undefined when it did not and the failure was another.
 */
export async function fenceMoved(warehouse: Warehouse, dialect: WarehouseDialect, f: LoadFence): Promise<TidemarkError | undefined> {
  const rows = await warehouse.query<{ token: string | number }>(dialect.fenceToken(f.schema, f.table), key(f));
  const current = rows.length === 0 ? undefined : Number(rows[0].token);
  return current !== undefined && current !== f.token ? leaseLost(f, current) : undefined;
}
