import { TidemarkError } from '@tidemark/errors';

/** Where a value sits in a YAML file: map keys, or list positions. */
export type KeyPath = readonly (string | number)[];

/** One thing wrong with the config, located to the file, line and key. */
export interface ConfigProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** `tables.shop.orders.strategy`; empty for the file as a whole. */
  key: string;
  message: string;
}

export function formatKeyPath(path: KeyPath): string {
  return path.reduce<string>(
    (out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg),
    '',
  );
}

/** `config/pipelines/orders.yml:7 tables.shop.orders.strategy: must be one of …` */
export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line} ${p.key ? `${p.key}: ` : ''}${p.message}`;
}

/** One problem on one line; several as a count, then one per line. */
export function configError(problems: ConfigProblem[]): TidemarkError {
  if (problems.length === 1) return new TidemarkError('CONFIG', formatProblem(problems[0]));
  const lines = problems.map((p) => `  ${formatProblem(p)}`);
  return new TidemarkError('CONFIG', [`the config has ${problems.length} problems:`, ...lines].join('\n'));
}
