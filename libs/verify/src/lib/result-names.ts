import { unusedName, unusedNames } from '@tidemark/schema';
import { VerifyColumn } from './verify-column';

/** What verify's SELECTs call their results, before they yield to the table's column names. */
export const RESULT_NAMES = { pending: '_pending', hash: 'h', ranged: 'range_rows', count: 'row_count', sum: 'hash_sum' } as const;
/** Key texts are `k0`, `k1`, …; compared columns `c0`, `c1`, … */
export const KEY_ALIAS_PREFIX = 'k';
export const COLUMN_ALIAS_PREFIX = 'c';

/**
 * Every result name verify writes that a column could also have (two of
 * each numbered kind): the hostile-names tests make columns of each.
 */
export const VERIFY_GENERATED_NAMES: string[] = [
  ...Object.values(RESULT_NAMES),
  ...[0, 1].flatMap((i) => [`${KEY_ALIAS_PREFIX}${i}`, `${COLUMN_ALIAS_PREFIX}${i}`]),
];

export interface ResultNames extends Record<keyof typeof RESULT_NAMES, string> {
  /** One per key column, in key order. */
  keys: string[];
  /** One per compared column, in the columns' order. */
  columns: string[];
}

/**
 * The result names of one table's SELECTs, none of them a column name on
 * either side: ORDER BY takes a bare name for a result before a column, so
 * a key column named `k0` would otherwise be ordered as another value.
 */
export function resultNames(columns: VerifyColumn[], keyCount: number): ResultNames {
  const used = columns.flatMap((c) => [c.source.name, c.target]);
  const fixed = unusedNames(RESULT_NAMES, used);
  used.push(...Object.values(fixed));
  const numbered = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const name = unusedName(`${prefix}${i}`, used);
      used.push(name);
      return name;
    });
  return { ...fixed, keys: numbered(KEY_ALIAS_PREFIX, keyCount), columns: numbered(COLUMN_ALIAS_PREFIX, columns.length) };
}
