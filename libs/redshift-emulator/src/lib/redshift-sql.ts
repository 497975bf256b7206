import { closingParen, identifierName, isWord, render, significant, splitTopLevel, Token, tokenize } from './sql-tokens';

/** What CREATE TABLE / ADD COLUMN said about physical layout, which PostgreSQL has no syntax for. */
export interface DeclaredLayout {
  /** Column name → encoding (lower case), for columns declared with ENCODE. */
  encodings: Record<string, string>;
  distKey: string[];
  sortKey: string[];
}

export interface Translation {
  /** The statement as PostgreSQL runs it. */
  postgres: string;
  layout: DeclaredLayout;
  /** VARBYTE sizes it uses: each is a domain `varbyte_<n>` that must exist before PostgreSQL runs it. */
  varbyteSizes: number[];
}

/** Redshift's VARBYTE without a size holds 64000 bytes. */
const VARBYTE_DEFAULT = 64000;
export const varbyteDomain = (n: number) => `public.varbyte_${n}`;
/** information_schema's length of a VARBYTE column, which PostgreSQL keeps in the domain's name. */
const VARBYTE_LENGTH = `COALESCE(character_maximum_length, CASE WHEN domain_name ~ '^varbyte_[0-9]+$' THEN substr(domain_name, 9)::int END)`;

/**
 * Redshift SQL → PostgreSQL SQL: DISTKEY / SORTKEY / DISTSTYLE / ENCODE are
 * removed (and returned, so refusals can use them); VARBYTE(n) becomes the
 * BYTEA domain `varbyte_<n>` (its CHECK holds n bytes, its name the size
 * information_schema reports).
 * GETDATE, JSON_PARSE and SUPER exist in the emulation database as a
 * function, a function and a JSONB domain.
 */
export function translate(sql: string): Translation {
  const tokens = tokenize(sql);
  const out: Token[] = [];
  const layout: DeclaredLayout = { encodings: {}, distKey: [], sortKey: [] };
  const varbyteSizes: number[] = [];
  const readsColumns = tokens.some((t) => isWord(t, 'INFORMATION_SCHEMA'));
  let selectList = isWord(significant(tokens)[0]?.token, 'SELECT');
  let depth = 0;
  let expectColumn = isWord(significant(tokens)[0]?.token, 'CREATE');
  let column: string | undefined;
  const dropTrailingSpace = () => {
    while (out.length && out[out.length - 1].kind === 'space') out.pop();
  };
  const next = (i: number) => {
    let j = i + 1;
    while (tokens[j]?.kind === 'space') j++;
    return j;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && t.text === '(') {
      depth++;
      if (depth === 1) expectColumn = true;
    } else if (t.kind === 'punct' && t.text === ')') depth--;
    else if (t.kind === 'punct' && t.text === ',' && depth === 1) expectColumn = true;
    else if (isWord(t, 'COLUMN')) expectColumn = true;
    else if ((t.kind === 'ident' || t.kind === 'word') && expectColumn && !isWord(t, 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CONSTRAINT')) {
      column = identifierName(t);
      expectColumn = false;
    }
    if (isWord(t, 'ENCODE') && tokens[next(i)]?.kind === 'word') {
      const j = next(i);
      if (column !== undefined) layout.encodings[column] = tokens[j].text.toLowerCase();
      dropTrailingSpace();
      i = j;
      continue;
    }
    if (isWord(t, 'DISTSTYLE') && tokens[next(i)]?.kind === 'word') {
      dropTrailingSpace();
      i = next(i);
      continue;
    }
    if (isWord(t, 'COMPOUND', 'INTERLEAVED') && isWord(tokens[next(i)], 'SORTKEY')) {
      dropTrailingSpace();
      continue;
    }
    if (isWord(t, 'DISTKEY', 'SORTKEY')) {
      const keys = isWord(t, 'DISTKEY') ? layout.distKey : layout.sortKey;
      dropTrailingSpace();
      const j = next(i);
      if (tokens[j]?.kind === 'punct' && tokens[j].text === '(') {
        const close = closingParen(tokens, j);
        for (const part of splitTopLevel(tokens, j + 1, close)) {
          const name = part.find((p) => p.kind !== 'space');
          if (name) keys.push(identifierName(name));
        }
        i = close;
      } else if (column !== undefined) keys.push(column);
      continue;
    }
    if (isWord(t, 'FROM') && depth === 0) selectList = false;
    if (readsColumns && selectList && depth === 0 && isWord(t, 'CHARACTER_MAXIMUM_LENGTH') && out[out.length - 1]?.text !== '.') {
      const aliased = isWord(tokens[next(i)], 'AS');
      out.push({ kind: 'word', text: aliased ? VARBYTE_LENGTH : `${VARBYTE_LENGTH} AS character_maximum_length` });
      continue;
    }
    if (isWord(t, 'VARBYTE')) {
      const j = next(i);
      let size = VARBYTE_DEFAULT;
      if (tokens[j]?.kind === 'punct' && tokens[j].text === '(') {
        const close = closingParen(tokens, j);
        size = Number(render(tokens.slice(j + 1, close)).trim());
        i = close;
      }
      varbyteSizes.push(size);
      out.push({ kind: 'word', text: varbyteDomain(size) });
      continue;
    }
    out.push(t);
  }
  return { postgres: render(out), layout, varbyteSizes };
}

/** A qualified name as written (`"s"."t"`), for to_regclass, and its last part. */
export interface WrittenName {
  text: string;
  name: string;
}

function readName(tokens: { token: Token }[], from: number): { name: WrittenName; end: number } | undefined {
  let i = from;
  const parts: Token[] = [];
  for (;;) {
    const t = tokens[i]?.token;
    if (!t || (t.kind !== 'ident' && t.kind !== 'word')) return undefined;
    parts.push(t);
    i++;
    if (tokens[i]?.token.text !== '.') break;
    i++;
  }
  return { name: { text: parts.map((p) => p.text).join('.'), name: identifierName(parts[parts.length - 1]) }, end: i };
}

export type Statement =
  | { kind: 'copy-s3'; table: WrittenName; manifest: string; parquetManifest: boolean }
  | { kind: 'alter-column-type'; table: WrittenName; column: string; type: string }
  | { kind: 'create-table'; table: WrittenName; ifNotExists: boolean }
  | { kind: 'add-column'; table: WrittenName }
  | { kind: 'truncate' }
  | { kind: 'unsupported'; what: string }
  | { kind: 'other' };

/** What the proxy must do itself for a statement; most are `other` and go to PostgreSQL translated. */
export function classify(sql: string): Statement {
  const all = tokenize(sql);
  const s = significant(all);
  const word = (i: number, ...words: string[]) => isWord(s[i]?.token, ...words);
  const upper = s.map((x) => (x.token.kind === 'word' ? x.token.text.toUpperCase() : ''));
  const has = (...seq: string[]) => upper.some((_, i) => seq.every((w, k) => upper[i + k] === w));
  if (has('ON', 'COMMIT', 'DROP')) return { kind: 'unsupported', what: 'ON COMMIT DROP' };
  if (has('FOR', 'UPDATE') && word(0, 'SELECT')) return { kind: 'unsupported', what: 'SELECT … FOR UPDATE' };
  if (word(0, 'COPY')) {
    const table = readName(s, 1);
    const from = s.findIndex((x) => isWord(x.token, 'FROM'));
    const source = s[from + 1]?.token;
    if (isWord(source, 'STDIN')) return { kind: 'unsupported', what: 'COPY … FROM STDIN' };
    if (table && source?.kind === 'string' && source.text.startsWith("'s3://")) {
      return {
        kind: 'copy-s3',
        table: table.name,
        manifest: source.text.slice(1, -1).replace(/''/g, "'"),
        parquetManifest: has('FORMAT', 'AS', 'PARQUET') && upper.includes('MANIFEST'),
      };
    }
  }
  if (word(0, 'TRUNCATE')) return { kind: 'truncate' };
  if (word(0, 'CREATE')) {
    let i = 1;
    if (word(i, 'TEMP', 'TEMPORARY')) i++;
    if (word(i, 'TABLE')) {
      i++;
      const ifNotExists = word(i, 'IF') && word(i + 1, 'NOT') && word(i + 2, 'EXISTS');
      const table = readName(s, ifNotExists ? i + 3 : i);
      if (table) return { kind: 'create-table', table: table.name, ifNotExists };
    }
  }
  if (word(0, 'ALTER') && word(1, 'TABLE')) {
    const table = readName(s, 2);
    if (table) {
      let i = table.end;
      if (word(i, 'ADD')) return { kind: 'add-column', table: table.name };
      if (word(i, 'ALTER')) {
        i++;
        if (word(i, 'COLUMN')) i++;
        const column = s[i]?.token;
        if (column && word(i + 1, 'TYPE')) {
          const type = render(all.slice(s[i + 2]?.at ?? all.length)).trim();
          return { kind: 'alter-column-type', table: table.name, column: identifierName(column), type };
        }
      }
    }
  }
  return { kind: 'other' };
}
