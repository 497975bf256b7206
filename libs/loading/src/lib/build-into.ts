import { badInput } from '@tidemark/errors';
import { sanitizeIdentifier } from '@tidemark/schema';
import { recordedMapping, recordedNames, Warehouse } from '@tidemark/warehouse';
import { Manifest, Progress } from '@tidemark/watermark-model';
import { EnsuredSchemas, ensureFence } from './bookkeeping';
import { otherOwners } from './ledger-reads';
import { loadFence, raiseFence } from './load-fence';
import { planLoad } from './load-plan';
import { emptyLoadResult, LoadRequest, LoadResult } from './load-request';
import { LoadWriter, LoadWriterDeps } from './load-writer';
import { targetTableFor } from './target-table';

export interface BuildIntoRequest extends LoadRequest {
  /** The manifests to build from, oldest first: a restore chain (a snapshot first, when there is one). */
  manifests: Manifest[];
  /** The table to build, not the table's own target; replaced in one transaction when it exists. */
  into: { schema: string; table: string };
}

export interface BuildIntoDeps extends LoadWriterDeps {
  ensuredSchemas: EnsuredSchemas;
}

/**
 * Builds another table from a table's manifests (`tidemark restore`, and
 * `reload --into`), under the table's load lease: built aside and swapped in,
 * in one transaction, so a killed run leaves nothing behind and a rerun starts
 * clean. Column names are the table's own recorded ones. Writes no ledger
 * row: the manifests stay the table's own, loaded (or not) where they are.
 */
export async function buildInto(
  deps: BuildIntoDeps,
  req: BuildIntoRequest,
  warehouse: Warehouse,
  fencingToken: number,
  progress?: Progress,
  signal?: AbortSignal,
): Promise<LoadResult> {
  const started = Date.now();
  const { dialect } = deps;
  const schema = sanitizeIdentifier(req.target.schema, dialect.identifiers);
  const table = sanitizeIdentifier(req.target.table, dialect.identifiers);
  const into = {
    schema: sanitizeIdentifier(req.into.schema, dialect.identifiers),
    table: sanitizeIdentifier(req.into.table, dialect.identifiers),
  };
  const name = `${into.schema}.${into.table}`;
  if (into.schema === schema && into.table === table) {
    throw badInput(`${name} is the table's own target: rebuild it with \`tidemark reload -t ${req.tableKey} --yes\`, or name another table`);
  }
  const plan = planLoad(req.manifests, req.target.mode);
  if (plan.toLoad.length === 0) throw badInput(`no manifest of ${req.tableKey} to build ${name} from`);
  const fence = loadFence(dialect, schema, table, req.pipeline, req.tableKey, fencingToken);
  await deps.ensuredSchemas.ensure(warehouse, dialect, schema);
  await deps.ensuredSchemas.ensure(warehouse, dialect, into.schema);
  await ensureFence(warehouse, dialect, schema, fence.table);
  await raiseFence(warehouse, dialect, fence);
  const owners = await otherOwners(warehouse, dialect, req, into.schema, into.table);
  if (owners.length > 0) {
    throw badInput(`${name} is where ${owners.join(', ')} load(s): restore into a table no pipeline loads. Nothing was changed`);
  }
  const names = recordedNames(await recordedMapping(warehouse, dialect, schema, table));
  const target = targetTableFor(plan.toLoad, { ...req.target, ...req.into }, names, dialect);
  const exists = (await warehouse.query(dialect.tableExists(), [target.schema, target.table])).length > 0;
  const staged = await new LoadWriter(deps).write({
    req,
    target,
    manifests: plan.toLoad,
    ledger: [],
    replace: 'swap',
    targetExists: exists,
    rebuild: [],
    recorded: await recordedMapping(warehouse, dialect, target.schema, target.table),
    progress,
    fence,
    signal,
  });
  return {
    ...emptyLoadResult(req),
    target: name,
    manifestsLoaded: plan.toLoad.length,
    rowsStaged: staged.rows,
    rowsExpected: plan.toLoad.reduce((n, m) => n + m.rowCount, 0),
    replaced: exists,
    copiedIntoEmptyTable: staged.copiedIntoEmptyTable,
    seconds: (Date.now() - started) / 1000,
  };
}
