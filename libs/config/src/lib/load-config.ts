import { checkConfig } from './check-config';
import { configError } from './config-problem';
import { TidemarkConfig } from './tidemark-config';

/**
 * The effective config of `dir` (see `checkConfig`). Throws a CONFIG
 * TidemarkError listing every problem, each with its file, line and key.
 */
export function loadConfig(dir: string, env: NodeJS.ProcessEnv = process.env): TidemarkConfig {
  const { config, problems } = checkConfig(dir, env);
  if (!config) throw configError(problems);
  return config;
}
