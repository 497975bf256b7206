import { channel } from 'node:diagnostics_channel';

/** One statement as it is sent: its text and its bound values, apart. */
export interface SqlTraceEvent {
  database: 'mysql' | 'warehouse';
  /** Which server: the connection's name or address, never its credentials. */
  server: string;
  sql: string;
  params: readonly unknown[];
}

// A diagnostics channel: publishing costs nothing while nobody listens (`--debug` off).
const sqlChannel = channel('tidemark:sql');

/** Called by the source and the warehouse right before a statement goes out. */
export function traceSql(event: SqlTraceEvent): void {
  if (sqlChannel.hasSubscribers) sqlChannel.publish(event);
}

/** Every statement sent from now on goes to `listener`; returns how to stop. */
export function onSqlSent(listener: (event: SqlTraceEvent) => void): () => void {
  const handler = (message: unknown) => listener(message as SqlTraceEvent);
  sqlChannel.subscribe(handler);
  return () => sqlChannel.unsubscribe(handler);
}
