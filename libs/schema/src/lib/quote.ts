/** MySQL/MariaDB: backticks, a backtick inside doubled. */
export function quoteMysql(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** PostgreSQL and Redshift: double quotes, a quote inside doubled. */
export function quotePostgres(name: string): string {
  if (name.includes('\u0000')) throw new Error(`identifier contains a NUL character: ${JSON.stringify(name)}`);
  return '"' + name.replace(/"/g, '""') + '"';
}

export function quotePostgresQualified(schema: string, name: string): string {
  return `${quotePostgres(schema)}.${quotePostgres(name)}`;
}
