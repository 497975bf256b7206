import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TidemarkError } from '@tidemark/errors';
import { ConfigProblem } from './config-problem';
import { ConfigFile } from './config-file';
import { ConnectionFile, MainFile, PipelineFile } from './config-schema';
import { readConfigFile } from './read-config-file';
import { resolveConnection } from './resolve-connection';
import { resolveMain } from './resolve-main';
import { resolvePipeline } from './resolve-pipeline';
import { crossPipelineClashes, identifierRulesOf } from './table-name-clashes';
import { TidemarkConfig } from './tidemark-config';

export interface ConfigCheck {
  /** Every problem of every file, in file order. */
  problems: ConfigProblem[];
  /** The effective config; set exactly when there is no problem. */
  config?: TidemarkConfig;
}

/** `name → file name` of the YAML files in `dir`, sorted by name. */
function yamlFiles(dir: string): Map<string, string> {
  if (!existsSync(dir)) return new Map();
  const names = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  return new Map(names.map((f) => [f.replace(/\.ya?ml$/, ''), f]));
}

/**
 * Reads `<dir>/tidemark.yml`, `<dir>/connections/*.yml` and
 * `<dir>/pipelines/*.yml` and reports every problem, each with its file,
 * line and key. Relative paths are taken from the directory that holds
 * `<dir>`, so a config works from wherever the command is run. Files are
 * named in problems as `<dir as given>/<file>`.
 */
export function checkConfig(dir: string, env: NodeJS.ProcessEnv = process.env): ConfigCheck {
  const root = resolve(dir);
  const base = resolve(root, '..');
  if (!existsSync(join(root, 'tidemark.yml'))) {
    throw new TidemarkError(
      'CONFIG',
      `no config found: ${join(root, 'tidemark.yml')} does not exist (run \`tidemark init\` or pass --config DIR)`,
    );
  }
  const files: ConfigFile[] = [];
  const read = <T extends object>(relative: string, cls: new () => T) => {
    const r = readConfigFile(join(root, relative), join(dir, relative), cls, env);
    files.push(r.file);
    return r;
  };

  const main = read('tidemark.yml', MainFile);
  const settings = main.checked && resolveMain(main.file, main.checked, base);

  const connectionFiles = yamlFiles(join(root, 'connections'));
  const connections: TidemarkConfig['connections'] = {};
  for (const [name, fileName] of connectionFiles) {
    const c = read(join('connections', fileName), ConnectionFile);
    const resolved = c.checked && resolveConnection(name, c.file, c.checked, base);
    if (resolved) connections[name] = resolved;
  }

  // Pipelines are checked against every connection file, valid or not, so a
  // broken connection file is reported once, not again by each pipeline.
  const known = new Set(connectionFiles.keys());
  const rules = identifierRulesOf(settings ? settings.warehouse.type : undefined);
  const pipelines: TidemarkConfig['pipelines'] = {};
  for (const [name, fileName] of yamlFiles(join(root, 'pipelines'))) {
    const p = read(join('pipelines', fileName), PipelineFile);
    const resolved = p.checked && resolvePipeline(name, p.file, p.checked, known, rules, settings ? settings.objectStore.prefix : undefined);
    if (!resolved) continue;
    const clashes = crossPipelineClashes(Object.values(pipelines), resolved, rules);
    for (const clash of clashes) p.file.report(['tables', clash.key], clash.message);
    if (clashes.length === 0) pipelines[name] = resolved;
  }

  const problems = files.flatMap((f) => f.problems());
  if (problems.length || !settings) return { problems };
  return { problems, config: { ...settings, connections, pipelines } };
}
