import { badInput } from '@tidemark/errors';
import { BinlogCursor } from './cursor';
import { parseBinlogPositionInput } from './cursor-input';

const ORDER = /^(0|[1-9]\d{0,18})$/;

/**
 * A binlog watermark read from outside the process (an export, the HTTP API):
 * every field checked, or BAD_INPUT naming it. Null or undefined: none.
 */
export function readBinlogCursor(value: unknown, name: string): BinlogCursor | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput(`${name} must be an object`);
  const v = value as Record<string, unknown>;
  if (v['phase'] !== 'snapshot' && v['phase'] !== 'stream')
    throw badInput(`${name}.phase must be "snapshot" or "stream"`);
  if (typeof v['file'] !== 'string' || !Number.isSafeInteger(v['pos']))
    throw badInput(`${name} needs file (text) and pos (a whole number)`);
  if (v['gtid'] !== undefined && typeof v['gtid'] !== 'string') throw badInput(`${name}.gtid must be text`);
  if (typeof v['order'] !== 'string' || !ORDER.test(v['order']))
    throw badInput(`${name}.order must be a BIGINT in decimal digits`);
  const position = parseBinlogPositionInput(`${v['file']}:${v['pos']}`, v['gtid'] as string | undefined);
  return { phase: v['phase'], ...position, order: v['order'] };
}
