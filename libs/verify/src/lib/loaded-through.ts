import { CdcStrategy, keysAfter as keysAfterInSourceOrder, SourceZone, typedPlaceholder } from '@tidemark/cdc';
import { quoteMysql } from '@tidemark/schema';
import { ColumnSchema, Cursor, TableId, WatermarkApi } from '@tidemark/watermark-model';
import { Sql } from './sql-fragment';

/**
 * Where the warehouse stands: the max cursor of the newest loaded manifest
 * (manifests are registered in cursor order). Null when nothing was loaded.
 */
export async function loadedThrough(api: WatermarkApi, id: TableId): Promise<Cursor | null> {
  const loaded = (await api.manifests(id)).filter((m) => m.status === 'loaded');
  return loaded.length ? loaded[loaded.length - 1].maxCursor : null;
}

export interface PendingRule {
  strategy: CdcStrategy;
  cursorColumn: ColumnSchema | null;
  keyColumns: ColumnSchema[];
  /** The zone the cursor column's values are written in. */
  zone: SourceZone;
}

/**
 * A MySQL condition true for a source row the sync has not loaded yet: after
 * the loaded cursor in the order the extract reads (cursor, then key; or key
 * alone for id_only). Null when it cannot be told: nothing loaded yet, or a
 * full_sync table, whose every run re-reads everything.
 */
export function notYetLoaded(rule: PendingRule, through: Cursor | null): Sql | null {
  if (!through || rule.strategy.snapshot) return null;
  const key = through.primaryKey?.length === rule.keyColumns.length ? through.primaryKey : null;
  const column = rule.cursorColumn;
  if (rule.strategy.needsCursorColumn) {
    if (!column || through.timestamp === null) return null;
    const c = quoteMysql(column.name);
    const ph = typedPlaceholder(column);
    const ts = rule.zone.toSource(through.timestamp);
    if (!key) return { sql: `${c} > ${ph}`, params: [ts] };
    const after = keysAfterInSourceOrder(rule.keyColumns, key);
    return { sql: `${c} > ${ph} OR (${c} = ${ph} AND (${after.sql}))`, params: [ts, ts, ...after.params] };
  }
  return key ? keysAfterInSourceOrder(rule.keyColumns, key) : null;
}
