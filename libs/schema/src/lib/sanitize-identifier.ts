/**
 * Warehouse identifier rules. Names are always quoted in generated SQL, so
 * reserved words such as `select` stay usable as they are; sanitizing only
 * makes names portable (Redshift folds case, tools choke on odd characters).
 */
export interface IdentifierRules {
  /** PostgreSQL keeps 63 bytes of a name, Redshift 127. */
  maxBytes: number;
}

export const POSTGRES_IDENTIFIERS: IdentifierRules = { maxBytes: 63 };
export const REDSHIFT_IDENTIFIERS: IdentifierRules = { maxBytes: 127 };

/** `name` shortened to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateBytes(name: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of name) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}

/** `190_time` → `col_190_time`, `Order Total` → `order_total`. */
export function sanitizeIdentifier(name: string, rules: IdentifierRules): string {
  let out = name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]+/gu, '_');
  if (out === '' || /^_*$/.test(out)) out = 'col' + out;
  if (/^\p{N}/u.test(out)) out = 'col_' + out;
  return truncateBytes(out, rules.maxBytes);
}

/**
 * Sanitizes a list of names in order and makes them distinct: a later name
 * that collides with an earlier one gets `_2`, `_3` ... (shortened to fit).
 * Deterministic, so every run and every loader maps a table the same way.
 */
export function sanitizeDistinct(names: string[], rules: IdentifierRules): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = sanitizeIdentifier(name, rules);
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) {
      const suffix = `_${n}`;
      candidate = truncateBytes(base, rules.maxBytes - suffix.length) + suffix;
    }
    taken.add(candidate);
    return candidate;
  });
}
