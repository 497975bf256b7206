/** What this lib needs of a mysql2 promise connection (or pool): one query at a time. */
export interface SqlConnection {
  query(sql: string, values?: unknown[]): Promise<[unknown, unknown]>;
}

export async function rowsOf<T>(connection: SqlConnection, sql: string, values: unknown[] = []): Promise<T[]> {
  const [rows] = await connection.query(sql, values);
  return rows as T[];
}
