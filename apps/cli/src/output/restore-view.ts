import { LoadResult, StagingProgress } from '@tidemark/loading';
import { BackupCheck } from '@tidemark/sync';
import { formatCount } from './format';
import { stagedText } from './progress-text';

/** What a restore or reload will read, before it starts. */
export function describeRestoreStart(table: string, check: BackupCheck, into: string, asOf?: string): string {
  const as = asOf ? ` as of ${asOf}` : '';
  return `${table}: building ${into}${as} from ${check.chain.length} manifest(s) in the object store`;
}

/** `T: built S.T from 5 manifest(s) holding 1,234 row versions in 2.1 s` (merge keeps the newest version of each key). */
export function describeRestored(table: string, r: LoadResult): string {
  const replaced = r.replaced ? ', replacing the table that was there' : '';
  return `${table}: built ${r.target} from ${r.manifestsLoaded} manifest(s) holding ${formatCount(r.rowsStaged)} row versions in ${r.seconds.toFixed(1)} s${replaced}`;
}

/** A line per `everyMs` at most while staging goes on. */
export function stagingLines(
  out: NodeJS.WritableStream,
  table: string,
  everyMs = 2_000,
  now: () => number = Date.now,
): (p: StagingProgress) => void {
  let last = now();
  return (p) => {
    if (now() - last < everyMs && p.manifests < p.of) return;
    last = now();
    out.write(`${table}: ${stagedText(p)}\n`);
  };
}
