import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TidemarkError } from '@tidemark/errors';
import { faultPoint } from '@tidemark/fault-injection';
import { ObjectStore, sha256File } from '@tidemark/object-store';
import { claimWorkDirectory, DuckdbSession, ParquetCsvStream, removeStaleWorkDirectories } from '@tidemark/parquet';
import { TargetColumn } from '@tidemark/schema';
import { PostgresDialect } from '@tidemark/warehouse';
import { Manifest } from '@tidemark/watermark-model';
import { ManifestStager, StagingArea } from './manifest-stager';
import { firstUnstorableValue } from './unstorable-scan';

/**
 * Downloads each file, checks its sha256, and decodes it to CSV with DuckDB
 * through a pipe that `COPY … FROM STDIN` reads at the same time (ADR 0049):
 * PostgreSQL cannot read S3.
 */
export class PostgresStager implements ManifestStager {
  readonly stagesIntoTarget = true;
  private session?: DuckdbSession;
  private csv?: ParquetCsvStream;
  private readonly workName = `load-${randomBytes(4).toString('hex')}`;
  /** The file whose COPY failed, kept for explainFailure. */
  private failed?: { parquetPath: string; manifest: Manifest };

  constructor(
    private readonly dialect: PostgresDialect,
    private readonly store: ObjectStore,
    private readonly workDirectory: string,
  ) {}

  private get workDir(): string {
    return join(this.workDirectory, this.workName);
  }

  private async decoder(): Promise<ParquetCsvStream> {
    if (!this.csv) {
      // Killed runs leave their directories behind; each load clears those of dead processes first.
      await removeStaleWorkDirectories(this.workDirectory);
      await claimWorkDirectory(this.workDirectory, this.workName);
      // One thread: one file is decoded in order, and it runs beside the extractor's session (ADR 0046).
      this.session = await DuckdbSession.open({
        tempDirectory: join(this.workDir, 'duckdb'),
        memoryLimit: '96MB',
        threads: 1,
      });
      this.csv = new ParquetCsvStream(this.session, join(this.workDir, 'decoded.csv'));
    }
    return this.csv;
  }

  async stage(area: StagingArea, manifest: Manifest, columns: TargetColumn[]): Promise<number> {
    const decoder = await this.decoder();
    const csvColumns = columns.map((c) => ({ parquetName: c.source.name }));
    const copySql = this.dialect.copyFromStdin(
      area.staging,
      columns.map((c) => c.name),
      area.schema,
    );
    let staged = 0;
    for (const [index, file] of manifest.files.entries()) {
      // A new name for every file: DuckDB caches what it read by path, and a
      // second file at the same path would be decoded with the first's layout.
      const name = `${manifest.id}-${index}`;
      const parquetPath = join(this.workDir, `${name}.parquet`);
      await this.store.downloadTo(file.key, parquetPath);
      const digest = await sha256File(parquetPath);
      if (digest !== file.sha256) {
        throw new TidemarkError(
          'LOAD_MISMATCH',
          `file ${file.uri} of manifest ${manifest.id} has sha256 ${digest}, the manifest says ${file.sha256}: it was changed or damaged after upload`,
        );
      }
      this.failed = { parquetPath, manifest };
      const copied = await decoder.stream(parquetPath, csvColumns, (csv) =>
        area.session.copyCsv(copySql, csv, () => faultPoint('load:during-copy')),
      );
      this.failed = undefined;
      if (copied !== file.rows) {
        throw new TidemarkError(
          'LOAD_MISMATCH',
          `file ${file.uri} of manifest ${manifest.id} staged ${copied} rows but the manifest says ${file.rows}`,
        );
      }
      staged += copied;
      await rm(parquetPath, { force: true });
    }
    return staged;
  }

  /** A value PostgreSQL cannot store in the file whose COPY failed (a NUL), with its column and key. */
  async explainFailure(): Promise<string | undefined> {
    if (!this.failed || !this.session) return undefined;
    return firstUnstorableValue(this.session, this.failed.parquetPath, this.failed.manifest).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.session?.close();
    await rm(this.workDir, { recursive: true, force: true });
  }
}
