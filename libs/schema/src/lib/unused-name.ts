/**
 * A name Tidemark writes into a statement of its own (an alias, a rank or
 * load-order column) must not be a name the statement also uses: a table
 * named `s` or a column named `_tidemark_rank` would be ambiguous, or
 * silently win. So each generated name yields: `wanted` if no taken name is
 * it, else `wanted_2`, `wanted_3`, … Names compare case-insensitively, as
 * MySQL compares column names and Redshift folds even quoted ones.
 *
 * Deterministic: the same statement always gets the same names.
 */
export function unusedName(wanted: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  let candidate = wanted;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${wanted}_${n}`;
  return candidate;
}

/** Several generated names for one statement: each unused by `taken` and by the ones chosen before it. */
export function unusedNames<K extends string>(wanted: Record<K, string>, taken: Iterable<string>): Record<K, string> {
  const used = [...taken];
  const out = {} as Record<K, string>;
  for (const key of Object.keys(wanted) as K[]) {
    out[key] = unusedName(wanted[key], used);
    used.push(out[key]);
  }
  return out;
}
