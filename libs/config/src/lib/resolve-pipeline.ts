import { validateCronExpression } from 'cron';
import { validateCustomFilter } from '@tidemark/cdc';
import { tablePrefixProblem } from '@tidemark/object-keys';
import { IdentifierRules } from '@tidemark/schema';
import { parsePipelineName, parseTableKey } from '@tidemark/watermark-model';
import { KeyPath } from './config-problem';
import { ConfigFile } from './config-file';
import { PipelineFile, TableEntry } from './config-schema';
import { PipelineConfig, TABLE_DEFAULTS, TableConfig } from './tidemark-config';
import { tableNameClashes } from './table-name-clashes';
import { continuousSettings, reportContinuousClashes } from './continuous-settings';
import { hasProblemAt, validateSection, Validated } from './validate-section';

/** Runs a check of a pure lib; the error it throws becomes a problem at `path`. */
function check(file: ConfigFile, path: KeyPath, run: () => unknown): void {
  try {
    run();
  } catch (error) {
    file.report(path, (error as Error).message);
  }
}

/** Options not given stay out, so they cannot overwrite defaults. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

/** Where a pipeline's tables keep their files: the object-store prefix (when it is valid) and the pipeline. */
export interface PipelinePlace {
  objectPrefix?: string;
  pipeline: string;
  connection: string;
}

function checkTableKey(file: ConfigFile, key: string, connections: ReadonlySet<string>, place: PipelinePlace): void {
  const path = ['tables', key];
  check(file, path, () => {
    const ref = parseTableKey(key);
    if (!ref.schema) throw new Error('the table key needs its schema: use SCHEMA.TABLE');
    if (ref.connection && !connections.has(ref.connection)) {
      throw new Error(`connection "${ref.connection}" is not defined: there is no connections/${ref.connection}.yml`);
    }
    if (place.objectPrefix === undefined) return;
    const { objectPrefix: prefix, pipeline } = place;
    const connection = ref.connection ?? place.connection;
    const problem = tablePrefixProblem({ prefix, pipeline, connection, schema: ref.schema, table: ref.table });
    if (problem) throw new Error(problem);
  });
}

/** One entry of `tables:`; `already` holds the pipeline's key paths with a problem reported. */
function resolveTable(
  file: ConfigFile,
  key: string,
  entry: unknown,
  connections: ReadonlySet<string>,
  already: ReadonlySet<string>,
  place: PipelinePlace,
): TableConfig | undefined {
  const before = file.problemCount;
  const path = ['tables', key];
  checkTableKey(file, key, connections, place);
  const checked = validateSection(file, TableEntry, entry ?? {}, path, already);
  if (!checked || hasProblemAt(checked, path)) return undefined;
  const t = checked.value;
  if (t.where !== undefined && t.where !== null) {
    check(file, [...path, 'where'], () => validateCustomFilter(t.where as string));
  } else if (t.strategy === 'custom') {
    file.report([...path, 'where'], 'is required by strategy custom (a WHERE filter)');
  }
  if (t.loadMode === 'full_sync' && t.strategy !== 'full_sync') {
    file.report(
      [...path, 'loadMode'],
      'full_sync needs strategy full_sync (a snapshot to swap in); use merge or append',
    );
  }
  return file.problemCount > before ? undefined : { key, ...TABLE_DEFAULTS, ...definedOnly(t) };
}

/**
 * `pipelines/<name>.yml` as a pipeline: its name, connection, schedules and
 * every table checked, each table's defaults filled in. Undefined when it
 * has a problem.
 */
export function resolvePipeline(
  name: string,
  file: ConfigFile,
  checked: Validated<PipelineFile>,
  connections: ReadonlySet<string>,
  rules: IdentifierRules,
  objectPrefix?: string,
): PipelineConfig | undefined {
  const { value: p, faulty } = checked;
  const before = file.problemCount;
  check(file, [], () => parsePipelineName(name));
  if (!hasProblemAt(checked, ['connection']) && !connections.has(p.connection)) {
    const known = [...connections].join(', ') || 'none';
    file.report(
      ['connection'],
      `"${p.connection}" is not defined: there is no connections/${p.connection}.yml (known: ${known})`,
    );
  }
  if (!faulty.has('schedule')) {
    for (const [stage, cron] of Object.entries(p.schedule ?? {})) {
      if (cron === undefined || cron === null || hasProblemAt(checked, ['schedule', stage])) continue;
      const result = validateCronExpression(String(cron));
      if (!result.valid) {
        file.report(['schedule', stage], `"${cron}" is not a cron expression: ${result.error?.message}`);
      }
    }
  }
  if (!faulty.has('continuous') && !faulty.has('schedule')) reportContinuousClashes(file, p);
  const tables = faulty.has('tables')
    ? []
    : Object.entries(p.tables ?? {}).map(([key, entry]) =>
        resolveTable(file, key, entry, connections, faulty, { objectPrefix, pipeline: name, connection: p.connection }),
      );
  if (faulty.size || file.problemCount > before) return undefined;
  const resolved = tables as TableConfig[];
  for (const clash of tableNameClashes({ connection: p.connection, targetSchema: p.targetSchema, tables: resolved }, rules)) {
    file.report(['tables', clash.key], clash.message);
  }
  if (file.problemCount > before) return undefined;
  return {
    name,
    connection: p.connection,
    targetSchema: p.targetSchema,
    schedule: p.schedule,
    continuous: p.continuous && continuousSettings(p.continuous),
    unstorableText: p.unstorableText,
    tinyint1: p.tinyint1,
    nonBooleanValues: p.nonBooleanValues,
    tables: resolved,
  };
}
