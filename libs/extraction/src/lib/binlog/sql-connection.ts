import { SqlConnection } from '@tidemark/binlog';
import { MysqlSource } from '@tidemark/source';

/** The source's one connection as libs/binlog's SqlConnection: the snapshot's reads must run on it, inside its transaction. */
export function sqlConnectionOf(source: MysqlSource): SqlConnection {
  return { query: async (sql, values) => [await source.query({ sql, params: values ?? [] }), undefined] };
}
