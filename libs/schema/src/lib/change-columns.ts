import { ColumnSchema, ManifestChanges } from '@tidemark/watermark-model';
import { unusedNames } from './unused-name';

/** The change columns' names before any clash with a source column (manifest.ts ManifestChanges). */
export const CHANGE_COLUMNS: ManifestChanges = {
  operationColumn: '_tidemark_operation',
  positionColumn: '_tidemark_position',
  orderColumn: '_tidemark_change',
};

/** The change columns of a binlog table's files: CHANGE_COLUMNS, each suffixed where a source column has its name. */
export function changeColumnsOf(columns: { name: string }[]): ManifestChanges {
  return unusedNames(
    CHANGE_COLUMNS,
    columns.map((c) => c.name),
  );
}

const text = (name: string, length: number): ColumnSchema => ({
  name,
  dataType: 'varchar',
  columnType: `varchar(${length})`,
  nullable: false,
  length,
  precision: null,
  scale: null,
  charset: 'ascii',
});

/**
 * The three change columns as the file writer and the warehouse see them,
 * in file order: operation VARCHAR, position VARCHAR (`file:pos`), order BIGINT.
 */
export function changeColumnSchemas(changes: ManifestChanges): ColumnSchema[] {
  return [
    text(changes.operationColumn, 6),
    text(changes.positionColumn, 255),
    {
      name: changes.orderColumn,
      dataType: 'bigint',
      columnType: 'bigint(20)',
      nullable: false,
      length: null,
      precision: 19,
      scale: 0,
      charset: null,
    },
  ];
}
