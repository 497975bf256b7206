import { ColumnSchema, ManifestChanges } from '@tidemark/watermark-model';

/** The operations a binlog change file's operation column holds. */
export const CHANGE_OPERATIONS = ['insert', 'update', 'delete'] as const;
export type ChangeOperation = (typeof CHANGE_OPERATIONS)[number];

/**
 * `<file>:<position>`: MariaDB caps a binlog file's path at 512 characters
 * (FN_REFLEN), a position is at most 20 digits.
 */
const POSITION_LENGTH = 540;

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
 * The change columns of a binlog manifest (ManifestChanges) as columns, in
 * the order they follow the source columns in its files: operation,
 * position, order. One description for both sides, so the file types the
 * extractor writes are the warehouse types the loader creates (ascii text:
 * Redshift sizes VARCHAR in bytes; the order a signed BIGINT).
 */
export function changeColumnSchemas(changes: ManifestChanges): [ColumnSchema, ColumnSchema, ColumnSchema] {
  return [
    text(changes.operationColumn, 6),
    text(changes.positionColumn, POSITION_LENGTH),
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
