import { isTinyint1, withTinyint1Choice } from '@tidemark/schema';
import { SourceTable } from '@tidemark/source';
import { ColumnSchema } from '@tidemark/watermark-model';
import { ExtractRequest } from './extract-request';

export interface BooleanChoice {
  table: SourceTable;
  /** Why the warehouse's BOOLEAN columns could not be read, if so. */
  warning?: string;
}

/**
 * The table with each TINYINT(1) column marked as BOOLEAN or not (docs/types.md):
 * BOOLEAN when the table is configured `tinyint1: boolean`, or when the
 * warehouse column is already BOOLEAN (loaded before TINYINT(1) became
 * SMALLINT by default), so an existing table keeps loading; else SMALLINT.
 */
export async function withBooleanChoice(
  table: SourceTable,
  req: Pick<ExtractRequest, 'tinyint1' | 'booleanColumns'>,
): Promise<BooleanChoice> {
  const all = req.tinyint1 === 'boolean';
  const asked = !all && req.booleanColumns && table.columns.some(isTinyint1) ? await req.booleanColumns() : undefined;
  const columns = withTinyint1Choice(table.columns, all, asked?.names);
  const byName = (c: ColumnSchema) => columns.find((d) => d.name === c.name) as ColumnSchema;
  return { table: { ...table, columns, primaryKey: table.primaryKey.map(byName) }, warning: asked?.warning };
}
