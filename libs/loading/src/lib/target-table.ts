import { sanitizeIdentifier, targetColumns } from '@tidemark/schema';
import { TargetTable, WarehouseDialect } from '@tidemark/warehouse';
import { Manifest } from '@tidemark/watermark-model';

/** The warehouse table a manifest loads into, derived only from the manifest. */
export function targetTableFor(manifest: Manifest, schema: string, sourceTable: string, dialect: WarehouseDialect): TargetTable {
  const columns = targetColumns(manifest.columns, dialect.identifiers, dialect.typeOf);
  const byName = new Map(columns.map((c) => [c.source.name, c.name]));
  return {
    schema: sanitizeIdentifier(schema, dialect.identifiers),
    table: sanitizeIdentifier(sourceTable, dialect.identifiers),
    columns,
    primaryKey: manifest.primaryKey.map((k) => byName.get(k) as string),
  };
}
