/** SQL with `?` placeholders and the values bound to them, in order. */
export interface BoundQuery {
  sql: string;
  params: unknown[];
}
