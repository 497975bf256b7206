/**
 * A warehouse column type reduced to what schema evolution compares: a base
 * name shared by both spellings (`VARCHAR(80)` and information_schema's
 * `character varying` + 80) and its size arguments.
 */
export interface SqlType {
  base: string;
  /** Length for varchar/varbyte, precision and scale for numeric; empty otherwise. */
  args: number[];
}

const ALIASES: Record<string, string> = {
  'character varying': 'varchar',
  character: 'char',
  bpchar: 'char',
  'binary varying': 'varbyte',
  varbinary: 'varbyte',
  decimal: 'numeric',
  int: 'integer',
  int4: 'integer',
  int2: 'smallint',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  float: 'double precision',
  bool: 'boolean',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
};

/** Timestamp precision is not compared: Tidemark always asks for microseconds. */
const SIZELESS = new Set(['timestamp', 'timestamptz']);

function normalize(base: string, args: number[]): SqlType {
  const name = base.trim().toLowerCase().replace(/\s+/g, ' ');
  const canonical = ALIASES[name] ?? name;
  return { base: canonical, args: SIZELESS.has(canonical) ? [] : args };
}

/** `VARCHAR(80)` → `{ base: 'varchar', args: [80] }`, `TIMESTAMPTZ(6)` → `{ base: 'timestamptz', args: [] }`. */
export function parseSqlType(text: string): SqlType {
  const m = /^\s*([a-z][a-z0-9 ]*?)\s*(?:\(\s*(\d+(?:\s*,\s*\d+)*)\s*\))?\s*$/i.exec(text);
  if (!m) throw new Error(`not a column type: ${JSON.stringify(text)}`);
  const args = m[2] ? m[2].split(',').map((a) => Number(a.trim())) : [];
  return normalize(m[1], args);
}

/** One row of information_schema.columns, as PostgreSQL and Redshift both return it. */
export interface InformationSchemaColumn {
  column_name: string;
  data_type: string;
  character_maximum_length: number | string | null;
  numeric_precision: number | string | null;
  numeric_scale: number | string | null;
}

export function typeOfInformationSchema(c: InformationSchemaColumn): SqlType {
  const t = normalize(c.data_type, []);
  const n = (v: number | string | null) => (v === null ? null : Number(v));
  const length = n(c.character_maximum_length);
  if ((t.base === 'varchar' || t.base === 'varbyte' || t.base === 'char') && length !== null) {
    return { base: t.base, args: [length] };
  }
  const precision = n(c.numeric_precision);
  if (t.base === 'numeric' && precision !== null) return { base: 'numeric', args: [precision, n(c.numeric_scale) ?? 0] };
  return t;
}

export function formatSqlType(t: SqlType): string {
  return t.args.length ? `${t.base.toUpperCase()}(${t.args.join(',')})` : t.base.toUpperCase();
}
