import { BinlogPosition, openConsistentSnapshot, requireRetained, requireRowBinlog } from '@tidemark/binlog';
import { readBatches } from '@tidemark/source';
import { BinlogRun } from './binlog-run';
import { sqlConnectionOf } from './sql-connection';

/**
 * The first run of a binlog table (ADR 0041): the table read in primary-key
 * chunks inside one consistent snapshot, written as `insert` rows. Every
 * file-sized chunk is committed with the key of its last row, so a killed
 * run resumes after the last committed chunk, in a new snapshot. The stream
 * starts at the first chunk's position: changes between it and a later
 * chunk's snapshot are replayed onto rows that already have them, which a
 * merge by key in binlog order makes converge (ADR 0037).
 */
export async function readSnapshot(run: BinlogRun): Promise<void> {
  const { source, keyset, strategy, files, stored } = run;
  const connection = sqlConnectionOf(source);
  const server = source.server.name;
  await requireRowBinlog(connection, server);
  const resumed = stored.binlog?.phase === 'snapshot' ? stored.binlog : null;
  if (resumed) await requireRetained(connection, server, resumed);
  const at = await openConsistentSnapshot(connection, server);
  const streamFrom: BinlogPosition = resumed
    ? { file: resumed.file, pos: resumed.pos, ...(resumed.gtid ? { gtid: resumed.gtid } : {}) }
    : at;
  const position = `${at.file}:${at.pos}`;
  if (resumed) {
    run.warnings.push(
      `table ${run.tableKey}: snapshot resumed after key (${stored.primaryKey?.join(', ') ?? ''}) at ${position}; ` +
        `the table is consistent once the stream passes that position`,
    );
  }
  try {
    let after = strategy.start(stored);
    for (;;) {
      const limit = run.batchSize;
      let pageRows = 0;
      let last: unknown[] | undefined;
      for await (const rows of readBatches<unknown[]>(
        source.stream(strategy.pageQuery(keyset, { after, ceiling: null, limit }, {})),
      )) {
        run.signal?.throwIfAborted();
        run.progress?.();
        for (const row of rows) {
          const wait = files.append(row, 'insert', position);
          if (wait) await wait;
          last = row;
          pageRows++;
        }
      }
      if (last) after = strategy.cursorOf(keyset, last);
      if (pageRows < limit) break;
      if (files.full) await files.flush({ primaryKey: after.primaryKey, binlog: { phase: 'snapshot', ...streamFrom } });
    }
    // The last chunk (empty for an empty table) ends the snapshot: the next run streams.
    await files.flush({ primaryKey: null, binlog: { phase: 'stream', ...streamFrom } });
  } finally {
    await connection.query('ROLLBACK').catch(() => undefined);
  }
}
