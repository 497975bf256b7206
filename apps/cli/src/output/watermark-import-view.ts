import { describeCursor, Watermark } from '@tidemark/watermark-model';

/** What `watermark import` did with one file. */
export interface FileImport {
  file: string;
  imported: Watermark[];
  /** Why nothing of this file was imported. */
  error?: string;
}

export function describeImport(results: FileImport[]): string {
  const lines = results.flatMap((r) => {
    if (r.error !== undefined) return [`${r.file}: not imported: ${r.error}`];
    if (r.imported.length === 0) return [`${r.file}: no watermarks in it`];
    return r.imported.map(
      (w) =>
        `${r.file}: imported ${w.pipeline} / ${w.table}, next run starts after ${describeCursor(w.extract.cursor)}`,
    );
  });
  const done = results.filter((r) => r.error === undefined);
  const count = done.reduce((n, r) => n + r.imported.length, 0);
  lines.push(`imported ${count} watermark(s) from ${done.length} of ${results.length} file(s)`);
  return lines.join('\n');
}

/**
 * The files the old tool recorded as processed: kept with the imported
 * watermark as history only. They are no Tidemark manifests, so nothing
 * reloads or restores from them (ADR 0029).
 */
export function describeImportedFiles(w: Watermark): string[] {
  const files = w.metadata['processedFiles'];
  if (!Array.isArray(files) || files.length === 0) return [];
  return [
    `${files.length} file(s) imported from the old tool's watermark (history only, never reloaded):`,
    ...files.map((f) => `  ${String(f)}`),
  ];
}
