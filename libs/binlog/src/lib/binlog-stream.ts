import { TidemarkError } from '@tidemark/errors';
import { MYSQL_EXACT_VALUES } from '@tidemark/schema';
import type ZongJi from '@vlasky/zongji';
import type { AnyBinlogEvent, TableMapEvent, UpdateRowsEvent, WriteRowsEvent, DeleteRowsEvent, QueryEvent } from '@vlasky/zongji';
import { BinlogEvent } from './binlog-event';
import { BinlogPosition } from './binlog-position';
import { BinlogStreamOptions } from './binlog-stream-options';
import { shapeDifference, shapesOfTableMap } from './column-shape';
import { ddlTouchesTable } from './ddl-statement';
import { gtidPositionAfter } from './gtid-position';
import { comparePositions } from './position-order';
import { binlogReadError } from './retained-binlog';
import { DecodedColumn, extractorRow } from './row-values';
import { keyOf, prepareStream } from './stream-preparation';

/**
 * The row changes to `tables` committed after `from`, in binlog order, with a
 * commit event at every transaction end. Checks the server's settings, that
 * the binlog at `from` is still there, and describes the tables before it
 * starts; a table whose columns then differ ends the stream with a
 * schema-change event. Break out of the loop to stop.
 */
// zongji's words when a TABLE_MAP has more columns than the table it describes now.
const DRIFT = /^Table (.+?)\.(.+?) schema changed between binlog event and metadata fetch/;

export async function* streamBinlog(options: BinlogStreamOptions): AsyncGenerator<BinlogEvent> {
  const { server, from } = options;
  const { expected, startGtid } = await prepareStream(options);
  if (options.until && comparePositions(from, options.until) >= 0) return;
  const { default: ZongJiClass } = await import('@vlasky/zongji');
  const zongji: ZongJi = new ZongJiClass({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    ...MYSQL_EXACT_VALUES,
  });
  const queue: BinlogEvent[] = [];
  const highWater = options.highWaterMark ?? 10_000;
  const heartbeatSeconds = options.heartbeatSeconds ?? 5;
  let failure: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  let paused = false;
  let file = from.file;
  let gtidPosition = startGtid;
  let lastCommit: BinlogPosition = { ...from, ...(gtidPosition !== undefined ? { gtid: gtidPosition } : {}) };
  const columnsOf = new Map<number, DecodedColumn[]>();

  const push = (event: BinlogEvent) => {
    queue.push(event);
    // Paused again on every event over the mark: zongji resumes the connection itself after a table lookup.
    if (queue.length >= highWater && zongji.connection) {
      paused = true;
      zongji.connection.pause();
    }
    wake?.();
  };
  const end = () => {
    ended = true;
    wake?.();
  };
  const fail = (error: unknown) => {
    // zongji skips a table's rows whose columns no longer match the table (it reports the drift): the
    // stream must end before the next commit, or a watermark could pass rows nobody saw.
    const drift = DRIFT.exec((error as Error)?.message ?? '');
    if (drift && !ended) return schemaChange(drift[1], drift[2], (error as Error).message);
    failure ??= binlogReadError(server.name, from, error);
    wake?.();
  };
  const schemaChange = (schema: string, table: string, reason: string, ddl?: { statement: string; end: BinlogPosition }) => {
    push({ kind: 'schema-change', schema, table, reason, position: lastCommit, ...(ddl ? { ddl } : {}) });
    end();
  };
  const reached = (pos: number) => options.until !== undefined && comparePositions({ file, pos }, options.until) >= 0;
  const commit = (event: AnyBinlogEvent) => {
    if (gtidPosition !== undefined && event.gtid) gtidPosition = gtidPositionAfter(gtidPosition, event.gtid);
    lastCommit = { file, pos: event.nextPosition, ...(gtidPosition !== undefined ? { gtid: gtidPosition } : {}) };
    push({ kind: 'commit', position: lastCommit });
    if (reached(event.nextPosition)) end();
  };

  zongji.on('error', fail);
  // Queued on the binlog connection before zongji's dump command, which 'ready' immediately precedes.
  zongji.on('ready', () =>
    zongji.connection?.query('SET @master_heartbeat_period = ?', [Math.round(heartbeatSeconds * 1e9)], (error) => error && fail(error)),
  );
  const idleMs = (options.idleTimeoutSeconds ?? 30) * 1000;
  let lastHeard = Date.now();
  const watchdog = setInterval(() => {
    // Time the consumer keeps the connection paused is not the server's silence.
    if (paused) lastHeard = Date.now();
    else if (Date.now() - lastHeard > idleMs) {
      fail(
        new TidemarkError(
          'SOURCE_UNREACHABLE',
          `${server.name} sent nothing on the binlog stream for ${idleMs / 1000} s, not even a heartbeat ` +
            `(every ${heartbeatSeconds} s): the connection was given up`,
        ),
      );
    }
  }, Math.min(1000, idleMs / 4)).unref();
  zongji.on('binlog', (event: AnyBinlogEvent) => {
    lastHeard = Date.now();
    if (ended || failure) return;
    switch (event.getEventName()) {
      case 'rotate':
        file = (event as { binlogName: string }).binlogName;
        return;
      // The head of a binlog file, between transactions: `until` may be there when nothing was committed after a rotation.
      case 'mariadbgtidlist':
      case 'binlogcheckpoint':
        if (reached(event.nextPosition)) end();
        return;
      case 'tablemap': {
        const map = event as TableMapEvent;
        const shapes = expected.get(keyOf(map.schemaName, map.tableName));
        if (!shapes) return;
        const difference = shapeDifference(shapes, shapesOfTableMap(map));
        if (difference) return schemaChange(map.schemaName, map.tableName, difference);
        const columns = map.tableMap[map.tableId]?.columns;
        if (!columns || columns.length !== shapes.length) {
          return schemaChange(map.schemaName, map.tableName, `the binlog decoder found ${columns?.length ?? 'no'} columns, the table has ${shapes.length}`);
        }
        columnsOf.set(map.tableId, columns.map((c) => ({ name: c.name, type: c.type })));
        return;
      }
      case 'writerows':
      case 'updaterows':
      case 'deleterows':
        return pushRows(event as WriteRowsEvent | UpdateRowsEvent | DeleteRowsEvent);
      case 'xid':
        return commit(event);
      case 'query': {
        const query = event as QueryEvent;
        if (/^\s*(BEGIN|XA\s)/i.test(query.query)) return;
        for (const { schema, table } of options.tables) {
          if (ddlTouchesTable(query.query, table)) {
            const after = query.gtid && gtidPosition !== undefined ? gtidPositionAfter(gtidPosition, query.gtid) : undefined;
            const end = { file, pos: query.nextPosition, ...(after !== undefined ? { gtid: after } : {}) };
            return schemaChange(schema, table, `DDL on the table: ${query.query.slice(0, 500)}`, { statement: query.query, end });
          }
        }
        return commit(event);
      }
    }
  });

  function pushRows(event: WriteRowsEvent | UpdateRowsEvent | DeleteRowsEvent): void {
    const entry = event.tableMap[event.tableId];
    const columns = columnsOf.get(event.tableId);
    if (!entry || !columns || !expected.has(keyOf(entry.parentSchema, entry.tableName))) return;
    const position = { file, pos: event.nextPosition, ...(gtidPosition !== undefined ? { gtid: gtidPosition } : {}) };
    const name = { schema: entry.parentSchema, table: entry.tableName, ...(event.gtid ? { transaction: event.gtid } : {}), timestamp: event.timestamp };
    const row = (values: Record<string, unknown>) => extractorRow(values, columns);
    if (event.getEventName() === 'updaterows') {
      for (const r of (event as UpdateRowsEvent).rows) push({ kind: 'change', op: 'update', ...name, before: row(r.before), after: row(r.after), position });
    } else if (event.getEventName() === 'writerows') {
      for (const r of (event as WriteRowsEvent).rows) push({ kind: 'change', op: 'insert', ...name, before: null, after: row(r), position });
    } else {
      for (const r of (event as DeleteRowsEvent).rows) push({ kind: 'change', op: 'delete', ...name, before: row(r), after: null, position });
    }
  }

  const includeSchema: Record<string, string[]> = {};
  for (const { schema, table } of options.tables) (includeSchema[schema] ??= []).push(table);
  zongji.start({
    serverId: options.serverId,
    filename: from.file,
    position: from.pos,
    includeEvents: ['heartbeat', 'rotate', 'mariadbgtidlist', 'binlogcheckpoint', 'tablemap', 'writerows', 'updaterows', 'deleterows', 'xid', 'query'],
    includeSchema,
  });
  try {
    for (;;) {
      while (queue.length > 0) {
        yield queue.shift() as BinlogEvent;
        if (paused && queue.length < highWater / 2 && zongji.connection) {
          paused = false;
          zongji.connection.resume();
        }
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    clearInterval(watchdog);
    await stop(zongji);
  }
}

async function stop(zongji: ZongJi): Promise<void> {
  const stopped = new Promise<void>((resolve) => zongji.once('stopped', () => resolve()));
  zongji.stop();
  await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000).unref())]);
}

