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
 * Sanitizes a list of names and makes them distinct. A name that is already
 * a valid warehouse name keeps it, so a query that reads `order_id` still
 * reads the source's `order_id`; only names that must change can collide,
 * and such a name gets `_2`, `_3` ... (shortened to fit) in list order.
 * Names in `taken` (recorded or reserved) are never given out.
 * Deterministic, so every run and every loader maps a table the same way.
 */
export function sanitizeDistinct(names: string[], rules: IdentifierRules, taken: Iterable<string> = []): string[] {
  const used = new Set(taken);
  const bases = names.map((name) => sanitizeIdentifier(name, rules));
  const out = bases.map((base, i) => {
    if (base !== names[i] || used.has(base)) return undefined;
    used.add(base);
    return base;
  });
  return out.map((kept, i) => {
    if (kept !== undefined) return kept;
    const base = bases[i];
    let candidate = base;
    for (let n = 2; used.has(candidate); n++) {
      const suffix = `_${n}`;
      candidate = truncateBytes(base, rules.maxBytes - suffix.length) + suffix;
    }
    used.add(candidate);
    return candidate;
  });
}
