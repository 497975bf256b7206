import { ColumnSchema } from '@tidemark/watermark-model';
import { ColumnKind } from './column-kind';

/** A source column, the warehouse column it loads into, and how the two are compared. */
export interface VerifyColumn {
  source: ColumnSchema;
  /** Warehouse column name (sanitized). */
  target: string;
  /** Warehouse column type, as the loader creates it. */
  targetType: string;
  kind: ColumnKind;
}
