import { unusedName } from './unused-name';

/**
 * Every Parquet file the extractor writes ends with one column more than the
 * source has: its manifest's load order (libs/watermark-model load-order.ts),
 * a signed BIGINT, the same in every row of a manifest. A COPY of many
 * manifests into one table can then still tell which version of a key is
 * the newest (ADR 0015).
 */
export const LOAD_ORDER_COLUMN = '_tidemark_load_order';

/** The load-order column's name in a file of these source columns: LOAD_ORDER_COLUMN unless a column has it. */
export function loadOrderColumnOf(columns: { name: string }[]): string {
  return unusedName(
    LOAD_ORDER_COLUMN,
    columns.map((c) => c.name),
  );
}
