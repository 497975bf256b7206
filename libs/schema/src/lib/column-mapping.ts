import { ColumnSchema } from '@tidemark/watermark-model';
import { IdentifierRules, sanitizeDistinct } from './sanitize-identifier';
import { TargetColumn } from './target-columns';

/** A source column's warehouse name, as recorded by an earlier load. */
export interface ColumnNameMapping {
  source: string;
  target: string;
}

/**
 * Maps source columns to warehouse columns, keeping their order. Names an
 * earlier load recorded are kept as they are, so a column added at the
 * source later can never rename an existing warehouse column; new columns
 * are sanitized and made distinct from every name already taken, a name
 * that is already valid keeping it (sanitizeDistinct).
 */
export function mapColumns(
  columns: ColumnSchema[],
  recorded: ColumnNameMapping[],
  rules: IdentifierRules,
  typeOf: (c: ColumnSchema) => string,
  /** Names new columns must not take (the columns append mode adds). */
  reserved: string[] = [],
): TargetColumn[] {
  const known = new Map(recorded.map((m) => [m.source, m.target]));
  const fresh = columns.filter((c) => !known.has(c.name));
  const taken = [...reserved, ...recorded.map((m) => m.target)];
  const freshNames = sanitizeDistinct(
    fresh.map((c) => c.name),
    rules,
    taken,
  );
  const assigned = new Map(fresh.map((c, i) => [c.name, freshNames[i]]));
  return columns.map((source) => ({
    source,
    name: known.get(source.name) ?? (assigned.get(source.name) as string),
    type: typeOf(source),
  }));
}

/**
 * The columns a batch of manifests loads: the newest manifest's columns in
 * its order, then columns only older manifests still had (dropped at the
 * source since; their older rows keep the values).
 */
export function unionColumns(schemas: ColumnSchema[][]): ColumnSchema[] {
  const out: ColumnSchema[] = [];
  const seen = new Set<string>();
  for (const columns of [...schemas].reverse()) {
    for (const c of columns) {
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      out.push(c);
    }
  }
  return out;
}
