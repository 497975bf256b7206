import { quoteMysql } from '@tidemark/schema';
import { Cursor } from '@tidemark/watermark-model';
import { BoundQuery } from '../bound-query';
import { KeysetPage, KeysetTable, qualifiedName, selectList, whereClause } from '../keyset-query';
import { typedPlaceholder } from '../typed-placeholder';
import { CdcStrategy, StrategyName, StrategyOptions } from './cdc-strategy';
import { cursorColumnOf, upToCeiling } from './hybrid';
import { keyOrderPage } from './key-order-page';
import { rowCursor } from './row-cursor';

/**
 * A cursor table's first run, read in primary-key order (ADR 0050): the
 * rows at or below the first run's ceiling, as the cursor order would read
 * them, but by a scan of the clustered index instead of a lookup per row
 * through the cursor index. Each file leaves the last key behind with the
 * ceiling (`keyScan`), so a run cut short resumes after that key with the
 * same ceiling; the rows changed meanwhile are above the ceiling and the
 * first ordinary run reads them. When the scan ends, the cursor becomes the
 * one the cursor order would have left: the ceiling and the last key there
 * (`lastRowAtQuery`).
 */
export class KeyScanStrategy implements CdcStrategy {
  readonly needsCursorColumn = true;
  readonly needsPrimaryKey = true;
  readonly paged = true;
  readonly snapshot = false;

  /** `ceilingUtc`: the scan's ceiling as the watermark keeps it (canonical UTC). */
  constructor(
    private readonly inner: CdcStrategy,
    readonly ceilingUtc: string,
  ) {}

  get name(): StrategyName {
    return this.inner.name;
  }

  start(stored: Cursor): Cursor {
    return stored;
  }

  ceilingQuery(t: KeysetTable, o: StrategyOptions): BoundQuery | null {
    return this.inner.ceilingQuery(t, o);
  }

  pageQuery(t: KeysetTable, page: KeysetPage, o: StrategyOptions): BoundQuery {
    return keyOrderPage(t, page, o, upToCeiling(t, page), primaryIndexHint(t));
  }

  cursorOf(t: KeysetTable, row: unknown[]): Cursor {
    return { ...rowCursor(t, row, false, true), keyScan: { ceiling: this.ceilingUtc } };
  }
}

/**
 * The key scan a run of `strategy` reads with, from the cursor it starts at:
 * a scan in progress resumes; a `hybrid` table with no cursor at all starts
 * one when its key is its primary key. Undefined: the run reads in the
 * strategy's own order. A `custom` table keeps the cursor order: its filter
 * may pick a few rows through another index, and a scan would read them all.
 */
export function keyScanOf(strategy: CdcStrategy, start: Cursor, t: KeysetTable): { ceilingUtc?: string } | undefined {
  if (start.keyScan) return { ceilingUtc: start.keyScan.ceiling };
  const firstRun = start.timestamp === null && start.primaryKey === null && !start.binlog;
  return firstRun && strategy.name === 'hybrid' && t.keyIsPrimaryIndex ? {} : undefined;
}

/**
 * MariaDB, asked for the first page (no key range yet), reads the rows at or
 * below the ceiling through the cursor index and sorts them, the slowest of
 * the three plans (ADR 0050); the clustered index is read in order at once.
 */
function primaryIndexHint(t: KeysetTable): string {
  return t.keyIsPrimaryIndex ? ' FORCE INDEX (PRIMARY)' : '';
}

/** The last row in (cursor, key) order among those whose cursor is `timestamp`: where the cursor order would have stopped. */
export function lastRowAtQuery(t: KeysetTable, timestamp: string, filter?: string): BoundQuery {
  const column = cursorColumnOf(t);
  const where = whereClause([`${quoteMysql(column.name)} = ${typedPlaceholder(column)}`], filter);
  return {
    sql: `SELECT ${selectList(t)} FROM ${qualifiedName(t)}${where} ORDER BY ${t.keyColumns.map((c) => `${quoteMysql(c.name)} DESC`).join(', ')} LIMIT 1`,
    params: [timestamp],
  };
}
