import { randomInt } from 'node:crypto';
import {
  addsColumnsOnly,
  BinlogPosition,
  describePosition,
  SchemaChange,
  serverPosition,
  streamBinlog,
} from '@tidemark/binlog';
import { TidemarkError } from '@tidemark/errors';
import { BinlogRun } from './binlog-run';
import { ChangeOperation } from './change-files';
import { changeRows } from './change-rows';
import { sqlConnectionOf } from './sql-connection';

// Replica ids a reader announces must be unique on the server: one at random per run, above the usual server ids.
const READER_IDS = { from: 1_000_000, to: 2 ** 31 - 1 };

const samePosition = (a: BinlogPosition, b?: BinlogPosition | null) => b?.file === a.file && b.pos === a.pos;
const positionOf = (b: BinlogPosition): BinlogPosition => ({
  file: b.file,
  pos: b.pos,
  ...(b.gtid ? { gtid: b.gtid } : {}),
});

/**
 * A later run of a binlog table: the changes committed after the watermark's
 * position, up to the server's position when the run began, written in
 * binlog order. Files are cut only at transaction ends, and each manifest
 * carries the commit position after its last change as the watermark.
 */
export async function readStream(run: BinlogRun): Promise<void> {
  const { source, keyset, files, stored } = run;
  const binlog = stored.binlog;
  if (!binlog || binlog.phase !== 'stream')
    throw new Error(`table ${run.tableKey}: the binlog stream needs a completed snapshot`);
  const from = positionOf(binlog);
  const until = await serverPosition(sqlConnectionOf(source));
  const columns = keyset.columns.map((c) => c.name);
  const keys = keyset.keyColumns.map((c) => c.name);
  let committed = from;
  let open: { op: ChangeOperation; values: unknown[]; position: string; at: number }[] = [];
  const stream = streamBinlog({
    server: source.server,
    from,
    until,
    serverId: randomInt(READER_IDS.from, READER_IDS.to),
    tables: [{ schema: keyset.schema, table: keyset.table }],
  });
  const flushAt = (position: BinlogPosition) =>
    files.flush({ primaryKey: null, binlog: { phase: 'stream', ...positionOf(position) } });
  for await (const event of stream) {
    run.signal?.throwIfAborted();
    if (event.kind === 'change') {
      const position = `${event.position.file}:${event.position.pos}`;
      for (const [op, values] of changeRows(event, columns, keys))
        open.push({ op, values, position, at: event.timestamp });
    } else if (event.kind === 'commit') {
      run.progress?.();
      for (const row of open) {
        const wait = files.append(row.values, row.op, row.position, row.at);
        if (wait) await wait;
      }
      open = [];
      committed = event.position;
      if (files.full) await flushAt(committed);
    } else {
      // The changes of a transaction the schema change interrupted are read again after it is handled.
      open = [];
      return schemaChanged(run, event, committed, flushAt);
    }
  }
  // A table with no changes still moves on when the server starts a new binlog file, so its position is never purged.
  if (files.bufferedRows > 0 || committed.file !== from.file) await flushAt(committed);
}

/**
 * ADD COLUMN is carried over: the changes before it are committed with the
 * position after the DDL, and the next run describes the table anew (its
 * manifests then carry the new column, which the loader's schema evolution
 * adds). Anything else stops the table, its changes up to the last commit saved.
 */
async function schemaChanged(
  run: BinlogRun,
  event: SchemaChange,
  committed: BinlogPosition,
  flushAt: (position: BinlogPosition) => Promise<void>,
): Promise<void> {
  if (event.ddl && addsColumnsOnly(event.ddl.statement)) {
    await flushAt(event.ddl.end);
    run.warnings.push(
      `table ${run.tableKey}: columns added at ${describePosition(event.ddl.end)} (${event.ddl.statement.slice(0, 200)}); ` +
        'the next run reads the table with them',
    );
    return;
  }
  if (run.files.bufferedRows > 0 || !samePosition(committed, run.stored.binlog)) await flushAt(committed);
  throw new TidemarkError(
    'CONFLICT',
    `table ${run.tableKey} stopped: its schema changed in the binlog after ${describePosition(event.position)} ` +
      `(${event.reason}), and a binlog table carries only ADD COLUMN over by itself. The changes before it are saved. ` +
      `To go on, take a new snapshot with the new columns: tidemark watermark reset -p ${run.pipeline} -t ${run.tableKey} --yes, then sync ` +
      '(docs/cdc.md, "Schema changes")',
  );
}
