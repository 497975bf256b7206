import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { TidemarkError } from '@tidemark/errors';
import { COPY_MANIFEST_SUFFIX, ObjectStore, tablePrefixOfKey } from '@tidemark/object-store';
import { TargetColumn } from '@tidemark/schema';
import {
  copyFromParquetSql,
  loadErrorsFilter,
  loadErrorsSql,
  RedshiftCopyAuth,
  redshiftCopyManifest,
  RedshiftDialect,
  Warehouse,
} from '@tidemark/warehouse';
import { Manifest } from '@tidemark/watermark-model';
import { LoadOrderBatch } from './load-order-batch';
import { ManifestStager, StagingArea } from './manifest-stager';

export interface RedshiftStagerOptions {
  auth: RedshiftCopyAuth;
  /** Redshift Serverless keeps load errors in sys_load_error_detail. */
  serverless: boolean;
}

interface LoadErrorRow {
  file_name: string;
  line_number: number | string;
  column_name: string;
  error_code: number | string;
  error_message: string;
}

/** Where a manifest's COPY manifest is written: next to its data files. */
export function copyManifestKey(manifest: Manifest): string {
  return posix.join(posix.dirname(manifest.files[0].key), `${manifest.id}${COPY_MANIFEST_SUFFIX}`);
}

/**
 * Redshift reads the files itself: check the objects are there with the
 * manifests' sizes, write a COPY manifest naming exactly their files next to
 * them, and COPY. A batch (manifests of one schema whose files carry their
 * load order) takes one COPY straight into the staging table; any other
 * manifest is copied on its own into a temp table of exactly its files'
 * columns, then moved into staging with its load order.
 *
 * Redshift cannot check the sha256 (it reads the files, not us); it checks
 * each file's content_length, and so does this stager before the COPY.
 */
export class RedshiftStager implements ManifestStager {
  /** Redshift COPY goes through a copy table of the file's columns. */
  readonly stagesIntoTarget = false;
  constructor(
    private readonly dialect: RedshiftDialect,
    private readonly store: ObjectStore,
    private readonly options: RedshiftStagerOptions,
  ) {}

  /** The first COPY of this load: which files and since when its errors are. */
  private firstCopy?: { prefix: string; at: Date };

  async stage(area: StagingArea, manifest: Manifest, columns: TargetColumn[], order: number): Promise<number> {
    if (manifest.files.length === 0) return 0;
    await this.checkObjects(manifest);
    const copyTable = `${area.staging}_c${order}_${randomBytes(2).toString('hex')}`;
    await area.session.query(this.dialect.createCopyTable(columns, copyTable, manifest.loadOrder !== undefined));
    await this.copy(area, copyTable, [manifest]);
    const [move, drop] = this.dialect.stageCopied(area.target, columns, copyTable, area.staging);
    const { rowCount } = await area.session.query(move, [order]);
    await area.session.query(drop);
    return rowCount;
  }

  /** Every file of the batch's manifests in one COPY manifest, one COPY, then the rows counted per load order. */
  async stageBatch(area: StagingArea, batch: LoadOrderBatch, columns: TargetColumn[]): Promise<Map<string, number>> {
    await area.session.query(this.dialect.createBatchStaging(area.target, columns, area.staging));
    const withFiles = batch.manifests.filter((m) => m.files.length > 0);
    if (withFiles.length === 0) return new Map();
    for (const manifest of withFiles) await this.checkObjects(manifest);
    await this.copy(area, area.staging, withFiles);
    const { rows } = await area.session.query<{ load_order: string | number; row_count: string | number }>(
      this.dialect.stagedPerLoadOrder(area.target, area.staging),
    );
    return new Map(rows.map((r) => [String(r.load_order), Number(r.row_count)]));
  }

  /**
   * Writes the COPY manifest of `manifests`' files next to the newest one's
   * files, named after it (s3clean counts it as that manifest's), and COPYs it into `table`.
   */
  private async copy(area: StagingArea, table: string, manifests: Manifest[]): Promise<void> {
    const key = copyManifestKey(manifests[manifests.length - 1]);
    this.firstCopy ??= { prefix: this.store.uri(tablePrefixOfKey(key)), at: new Date(Date.now() - 1000) };
    const files = manifests.flatMap((m) => m.files.map((f) => ({ uri: f.uri, bytes: f.bytes })));
    await this.store.putBytes(key, redshiftCopyManifest(files));
    await area.session.query(copyFromParquetSql(table, this.store.uri(key), this.options.auth));
  }

  private async checkObjects(manifest: Manifest): Promise<void> {
    for (const file of manifest.files) {
      const object = await this.store.head(file.key);
      if (!object) {
        throw new TidemarkError('LOAD_MISMATCH', `file ${file.uri} of manifest ${manifest.id} is missing from the object store`);
      }
      if (object.bytes !== file.bytes) {
        throw new TidemarkError(
          'LOAD_MISMATCH',
          `file ${file.uri} of manifest ${manifest.id} has ${object.bytes} bytes, the manifest says ${file.bytes}: it was changed or damaged after upload`,
        );
      }
    }
  }

  async explainFailure(warehouse: Warehouse): Promise<string | undefined> {
    if (!this.firstCopy) return undefined;
    const rows = await warehouse
      .query<LoadErrorRow>(
        loadErrorsSql({ serverless: this.options.serverless, limit: 5 }),
        loadErrorsFilter(`${this.firstCopy.prefix}/`, this.firstCopy.at),
      )
      .catch(() => [] as LoadErrorRow[]);
    if (rows.length === 0) return undefined;
    return rows
      .map((r) => `${r.file_name} line ${r.line_number}, column ${r.column_name}: ${r.error_message} (code ${r.error_code})`)
      .join('; ');
  }

  async close(): Promise<void> {
    return undefined;
  }
}
