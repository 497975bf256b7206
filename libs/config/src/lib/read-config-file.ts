import { ClassConstructor } from 'class-transformer';
import { formatKeyPath, KeyPath } from './config-problem';
import { ConfigFile } from './config-file';
import { substituteEnv } from './interpolate-env';
import { validateSection, Validated } from './validate-section';

export interface ReadFile<T> {
  file: ConfigFile;
  /** Absent when the file is not valid YAML or not a mapping. */
  checked?: Validated<T>;
}

/**
 * Parses one config file, replaces `${ENV}` references and validates it as
 * `cls`, collecting every problem on the file. A value naming a missing
 * variable is reported once: no rule complains about its unreplaced text.
 */
export function readConfigFile<T extends object>(
  path: string,
  label: string,
  cls: ClassConstructor<T>,
  env: NodeJS.ProcessEnv,
): ReadFile<T> {
  const file = new ConfigFile(path, label);
  if (!file.parsed) return { file };
  const missing: KeyPath[] = [];
  const data = substituteEnv(file.data(), env, (path, name) => {
    file.report(path, `environment variable ${name} is not set`);
    missing.push(path);
  });
  return { file, checked: validateSection(file, cls, data, [], new Set(missing.map(formatKeyPath))) };
}
