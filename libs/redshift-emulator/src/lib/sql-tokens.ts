/**
 * Just enough SQL lexing to find keywords outside quoted identifiers and
 * string literals, so a column named `"ENCODE zstd"` or `"a) DISTKEY (b"`
 * is never mistaken for syntax.
 */
export type TokenKind = 'ident' | 'string' | 'word' | 'space' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const closing = (quote: string) => {
    let j = i + 1;
    for (;;) {
      const k = sql.indexOf(quote, j);
      if (k < 0) return sql.length;
      if (sql[k + 1] === quote) j = k + 2;
      else return k + 1;
    }
  };
  while (i < sql.length) {
    const c = sql[i];
    let end: number;
    let kind: TokenKind;
    if (c === '"' || c === "'") {
      end = closing(c);
      kind = c === '"' ? 'ident' : 'string';
    } else if (/\s/.test(c)) {
      end = i + (/^\s+/.exec(sql.slice(i))?.[0].length ?? 1);
      kind = 'space';
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      end = nl < 0 ? sql.length : nl;
      kind = 'space';
    } else if (/[A-Za-z0-9_$]/.test(c)) {
      end = i + (/^[A-Za-z0-9_$]+/.exec(sql.slice(i))?.[0].length ?? 1);
      kind = 'word';
    } else {
      end = i + 1;
      kind = 'punct';
    }
    tokens.push({ kind, text: sql.slice(i, end) });
    i = end;
  }
  return tokens;
}

export const render = (tokens: Token[]) => tokens.map((t) => t.text).join('');

/** An identifier token's name: quoted ones unescaped, bare ones case-folded as Redshift and PostgreSQL do. */
export function identifierName(t: Token): string {
  return t.kind === 'ident' ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.toLowerCase();
}

export const isWord = (t: Token | undefined, ...words: string[]) =>
  t?.kind === 'word' && words.includes(t.text.toUpperCase());

/** The tokens without whitespace and comments, each with its index in `tokens`. */
export function significant(tokens: Token[]): { token: Token; at: number }[] {
  return tokens.flatMap((token, at) => (token.kind === 'space' ? [] : [{ token, at }]));
}

/** Index (in `tokens`) of the `)` closing the `(` at `open`. */
export function closingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].kind !== 'punct') continue;
    if (tokens[i].text === '(') depth++;
    if (tokens[i].text === ')' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** Splits tokens[from..to) at commas that are not inside parentheses. */
export function splitTopLevel(tokens: Token[], from: number, to: number): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    if (depth === 0 && t.kind === 'punct' && t.text === ',') parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts;
}
