import { badInput } from '@tidemark/errors';

/**
 * Which table a watermark belongs to. `connection` scopes the same
 * schema.table on two MySQL servers into two independent watermarks.
 */
export interface TableRef {
  connection?: string;
  schema?: string;
  table: string;
}

// Letters (any script), digits, `_` and `$`: what MySQL allows unquoted.
// Quotes, backticks, dots, whitespace, `;` and `-` are refused here so a key
// can never smuggle SQL or path segments anywhere it is used.
const NAME = /^[\p{L}\p{N}_$]{1,64}$/u;
const PIPELINE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function checkName(kind: string, name: string, key: string): string {
  if (!NAME.test(name)) {
    throw badInput(
      `invalid ${kind} name "${name}" in table key "${key}": use letters, digits, _ or $ (at most 64)`,
    );
  }
  return name;
}

/** Parses `table`, `schema.table` or `CONN:schema.table`. */
export function parseTableKey(key: string): TableRef {
  if (typeof key !== 'string' || key.trim() === '') {
    throw badInput('a table key is required: use TABLE, SCHEMA.TABLE or CONNECTION:SCHEMA.TABLE');
  }
  const [head, rest, ...extra] = key.split(':');
  if (extra.length > 0) throw badInput(`invalid table key "${key}": more than one ":"`);
  const connection = rest === undefined ? undefined : checkName('connection', head, key);
  const path = rest === undefined ? head : rest;
  const parts = path.split('.');
  if (parts.length > 2) throw badInput(`invalid table key "${key}": more than one "."`);
  if (parts.length === 2) {
    return { connection, schema: checkName('schema', parts[0], key), table: checkName('table', parts[1], key) };
  }
  return { connection, table: checkName('table', parts[0], key) };
}

export function formatTableKey(ref: TableRef): string {
  const path = ref.schema ? `${ref.schema}.${ref.table}` : ref.table;
  return ref.connection ? `${ref.connection}:${path}` : path;
}

export function parsePipelineName(name: string): string {
  if (typeof name !== 'string' || !PIPELINE.test(name)) {
    throw badInput(
      `invalid pipeline name "${name}": start with a letter or digit, then letters, digits, _ or - (at most 64)`,
    );
  }
  return name;
}
