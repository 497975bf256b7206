import { TargetColumn } from '@tidemark/schema';
import { TargetTable, Warehouse, WarehouseSession } from '@tidemark/warehouse';
import { Manifest } from '@tidemark/watermark-model';
import { LoadOrderBatch } from './load-order-batch';

export interface StagingArea {
  session: WarehouseSession;
  target: TargetTable;
  /** The staging table, created by the dialect's createStaging, or the empty target table itself. */
  staging: string;
  /** Set when `staging` is the empty target table, which lives in this schema. */
  schema?: string;
}

/**
 * Puts one manifest's rows into the staging table: PostgreSQL streams them
 * through `COPY FROM STDIN`, Redshift runs `COPY … FROM 's3://…'`. Every
 * stager checks the rows it staged against the manifest.
 */
export interface ManifestStager {
  /** Whether it can COPY straight into an empty target table (StagingArea.schema). */
  readonly stagesIntoTarget: boolean;
  /**
   * `columns` are the manifest's columns, in its files' order, with their
   * warehouse names; `order` is the manifest's load order (higher = newer).
   * Returns the rows staged.
   */
  stage(area: StagingArea, manifest: Manifest, columns: TargetColumn[], order: number): Promise<number>;
  /**
   * Stages a whole batch at once (Redshift: one COPY), creating the staging
   * table `area.staging` with exactly the files' columns (`columns`, in file
   * order) and the load-order column. Returns the rows staged per load-order
   * value. Absent when the stager loads manifest by manifest only.
   */
  stageBatch?(area: StagingArea, batch: LoadOrderBatch, columns: TargetColumn[]): Promise<Map<string, number>>;
  /** More detail for a failed load, read after the rollback (Redshift keeps COPY errors in system tables). */
  explainFailure(warehouse: Warehouse): Promise<string | undefined>;
  close(): Promise<void>;
}
