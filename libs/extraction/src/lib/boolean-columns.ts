import { withTinyint1Choice } from '@tidemark/schema';
import { SourceTable } from '@tidemark/source';
import { ColumnSchema } from '@tidemark/watermark-model';
import { ExtractRequest } from './extract-request';

/**
 * The table with each TINYINT(1) column marked as BOOLEAN or not (docs/types.md):
 * BOOLEAN when the table is configured `tinyint1: boolean`, or when the
 * warehouse column is already BOOLEAN (loaded before TINYINT(1) became
 * SMALLINT by default), so an existing table keeps loading; else SMALLINT.
 */
export function withBooleanChoice(table: SourceTable, req: Pick<ExtractRequest, 'tinyint1' | 'booleanColumns'>): SourceTable {
  const columns = withTinyint1Choice(table.columns, req.tinyint1 === 'boolean', req.booleanColumns);
  const byName = (c: ColumnSchema) => columns.find((d) => d.name === c.name) as ColumnSchema;
  return { ...table, columns, primaryKey: table.primaryKey.map(byName) };
}
