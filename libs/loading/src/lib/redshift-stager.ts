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
 * Redshift reads the files itself: for each manifest, check the objects are
 * there with the manifest's sizes, write a COPY manifest naming exactly its
 * files next to them, COPY into a temp table of exactly the files' columns,
 * then move the rows into staging with the manifest's load order.
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
    const key = copyManifestKey(manifest);
    this.firstCopy ??= { prefix: this.store.uri(tablePrefixOfKey(key)), at: new Date(Date.now() - 1000) };
    await this.store.putBytes(key, redshiftCopyManifest(manifest.files.map((f) => ({ uri: f.uri, bytes: f.bytes }))));
    const copyTable = `${area.staging}_c${order}_${randomBytes(2).toString('hex')}`;
    await area.session.query(this.dialect.createCopyTable(columns, copyTable, manifest.loadOrder !== undefined));
    await area.session.query(copyFromParquetSql(copyTable, this.store.uri(key), this.options.auth));
    const [move, drop] = this.dialect.stageCopied(area.target, columns, copyTable, area.staging);
    const { rowCount } = await area.session.query(move, [order]);
    await area.session.query(drop);
    return rowCount;
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
