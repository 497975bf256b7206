import { TidemarkConfig } from '@tidemark/config';
import { redshiftFileTypeOf, redshiftTextBytes, redshiftTypeOf } from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';

/**
 * What the destination decides about the files written for it (as dlt's
 * destination capabilities do): their column types, how many files a flush
 * is cut into, and the longest text a column holds.
 */
export interface WarehouseCapabilities {
  /** Parquet type each column is written as; undefined keeps the MySQL column's exact type (PostgreSQL). */
  fileTypeOf?: (c: ColumnSchema) => string;
  /** Files per flush: Redshift loads one per slice. */
  slices: number;
  /** Bytes a text value may hold in its column (null: no limit), when the warehouse has limits. */
  textBytesOf?: (c: ColumnSchema) => number | null;
}

export function warehouseCapabilities(config: TidemarkConfig): WarehouseCapabilities {
  const redshift = config.warehouse.redshift;
  if (config.warehouse.type !== 'redshift' || !redshift) return { slices: 1 };
  const { varcharMode } = redshift;
  return {
    // Redshift's Parquet COPY converts nothing: each file column is typed for the warehouse column.
    fileTypeOf: (c) => redshiftFileTypeOf(redshiftTypeOf(c, { varcharMode })),
    slices: redshift.slices,
    // VARCHAR counts bytes, at most 65535.
    textBytesOf: (c) => redshiftTextBytes(c, { varcharMode }),
  };
}
