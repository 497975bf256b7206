import { notFound, TidemarkError } from '@tidemark/errors';
import { BackupCheck } from './backup-check';

/** How many missing objects the message names before it counts the rest. */
const NAMED = 5;

/** Files a restore needs are gone (s3clean, a lifecycle rule, a hand): which, and how far back the table still restores. */
export function unrestorableError(table: string, check: BackupCheck, asOf?: string): TidemarkError {
  const objects = check.missing.flatMap((m) => m.missing.map((key) => `${key} (manifest ${m.id})`));
  const named = objects.slice(0, NAMED).join(', ');
  const more = objects.length > NAMED ? ` and ${objects.length - NAMED} more` : '';
  const what = asOf ? `restore ${table} as of ${asOf}` : `rebuild ${table}`;
  const oldest = check.oldestRestorable
    ? `the oldest point it can still be restored to is ${check.oldestRestorable}`
    : 'no point of it can be restored any more; `tidemark resync` starts it over from MySQL';
  return notFound(
    `cannot ${what}: ${objects.length} object(s) of ${check.missing.length} manifest(s) it needs are gone from the object store: ${named}${more}. ` +
      `Nothing was changed; ${oldest}`,
  );
}
