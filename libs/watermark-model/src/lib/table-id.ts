import { formatTableKey, parsePipelineName, parseTableKey } from './table-key';
import { TableId } from './watermark-port';

/** Validates a pipeline and a table key into the canonical id every store uses. */
export function parseTableId(pipeline: string, table: string): TableId {
  return { pipeline: parsePipelineName(pipeline), table: formatTableKey(parseTableKey(table)) };
}
