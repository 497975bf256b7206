import { badInput } from '@tidemark/errors';
import { Cursor, shiftMinutes } from '@tidemark/watermark-model';

/**
 * The zone a source writes its DATETIME values in. The watermark keeps
 * cursors in UTC; queries compare in the column's own wall time. TIMESTAMP
 * columns are read in a UTC session and need no shift. Fixed offsets only:
 * a named zone's offset changes with daylight saving, and a cursor shifted
 * by the wrong hour would skip or repeat rows.
 */
export class SourceZone {
  private constructor(readonly offsetMinutes: number) {}

  static parse(zone: string | undefined): SourceZone {
    if (zone === undefined || zone === '' || zone === 'UTC' || zone === 'Z') return new SourceZone(0);
    const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) {
      throw badInput(`source timezone "${zone}" is not supported: use UTC or a fixed offset such as +02:00`);
    }
    const minutes = Number(m[2]) * 60 + Number(m[3]);
    return new SourceZone(m[1] === '-' ? -minutes : minutes);
  }

  /** UTC → the source's wall time (for query values). */
  toSource(utc: string): string {
    return this.offsetMinutes === 0 ? utc : shiftMinutes(utc, this.offsetMinutes);
  }

  /** The source's wall time → UTC (for the stored cursor). */
  toUtc(local: string): string {
    return this.offsetMinutes === 0 ? local : shiftMinutes(local, -this.offsetMinutes);
  }

  cursorToSource(c: Cursor): Cursor {
    return c.timestamp === null ? c : { ...c, timestamp: this.toSource(c.timestamp) };
  }

  cursorToUtc(c: Cursor): Cursor {
    return c.timestamp === null ? c : { ...c, timestamp: this.toUtc(c.timestamp) };
  }
}

/** The zone a cursor column's values are written in: DATETIME in the source's, TIMESTAMP in UTC. */
export function zoneOfColumn(dataType: string | undefined, sourceZone: SourceZone): SourceZone {
  return dataType === 'datetime' ? sourceZone : SourceZone.parse('UTC');
}
