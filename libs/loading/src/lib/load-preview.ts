import { sanitizeIdentifier } from '@tidemark/schema';
import { LEDGER_TABLE, recordedColumns, REPLACEMENT_SUFFIX, Warehouse, WarehouseDialect } from '@tidemark/warehouse';
import { WatermarkPort } from '@tidemark/watermark-model';
import { manifestsInLedger, otherOwners, sharedTargetError } from './ledger-reads';
import { LoadPreview, LoadRequest } from './load-request';
import { planPending } from './load-plan';
import { inspectSchema } from './schema-evolution';
import { targetTableFor } from './target-table';

export interface LoadPreviewDeps {
  warehouse: Warehouse;
  dialect: WarehouseDialect;
  watermarks: WatermarkPort;
}

/**
 * What the next load would do, without doing it (`sync --dry-run`): the
 * manifests it would load, reconcile or supersede, and the DDL it would
 * run. Takes no lease; reads the warehouse only.
 */
export async function describeLoad(deps: LoadPreviewDeps, req: LoadRequest): Promise<LoadPreview> {
  const { watermarks, warehouse, dialect } = deps;
  const id = { pipeline: req.pipeline, table: req.tableKey };
  const pending = await watermarks.pendingManifests(id);
  const rebuild = (await watermarks.get(id))?.load.rebuildPending === true;
  const schema = sanitizeIdentifier(req.target.schema, dialect.identifiers);
  const table = sanitizeIdentifier(req.target.table, dialect.identifiers);
  const ledgerExists = (await warehouse.query(dialect.tableExists(), [schema, LEDGER_TABLE])).length > 0;
  const inLedger = ledgerExists ? await manifestsInLedger(warehouse, dialect, schema, pending) : new Set<string>();
  const plan = planPending(pending, inLedger, req.target.mode, rebuild);
  const preview: LoadPreview = {
    tableKey: req.tableKey,
    target: `${schema}.${table}`,
    mode: req.target.mode,
    load: plan.toLoad.map((m) => ({ id: m.id, rows: m.rowCount, files: m.files.length })),
    reconcile: plan.reconcile.map((m) => m.id),
    rebuild,
    supersede: plan.superseded.map((m) => m.id),
    ddl: [],
    conflicts: [],
  };
  if (plan.toLoad.length === 0) return preview;
  const recorded = (await recordedColumns(warehouse, dialect, schema, table)).map((c) => ({
    source: c.sourceColumn,
    target: c.warehouseColumn,
  }));
  const target = targetTableFor(plan.toLoad, req.target, recorded, dialect);
  const inspection = await inspectSchema(warehouse, dialect, target);
  const swap = plan.replace && target.mode === 'full_sync';
  const others = ledgerExists ? await otherOwners(warehouse, dialect, req, schema, table) : [];
  preview.conflicts = [
    ...(others.length > 0 ? [sharedTargetError(req, `${schema}.${table}`, others).message] : []),
    ...inspection.changes.conflicts,
  ];
  preview.ddl = [
    ...(swap ? [] : inspection.statements),
    ...(swap || !inspection.rebuild ? [] : dialect.rebuildTable(target, inspection.rebuild.columns)),
    ...(inspection.exists && !swap
      ? []
      : [dialect.createTable(target, swap ? dialect.derivedName(table, REPLACEMENT_SUFFIX) : table)]),
    ...(swap ? dialect.replaceTable(target, dialect.derivedName(table, REPLACEMENT_SUFFIX), inspection.exists) : []),
  ];
  return preview;
}
