import { checkKeyValues } from './key-check';
import { ColumnSchema } from './manifest';

const column = (name: string, dataType: string, columnType: string): ColumnSchema => ({
  name,
  dataType,
  columnType,
  nullable: false,
  length: null,
  precision: null,
  scale: null,
  charset: null,
});

const key = {
  primaryKey: ['tenant', 'id', 'day', 'code'],
  columns: [
    column('id', 'bigint', 'bigint(20) unsigned'),
    column('tenant', 'int', 'int(11)'),
    column('day', 'date', 'date'),
    column('code', 'varchar', 'varchar(20)'),
  ],
};

describe('checkKeyValues', () => {
  it('takes values in the shape of each key column, any printable text for strings', () => {
    expect(() => checkKeyValues(['-3', '18446744073709551615', '2025-08-01', "it's; -- fine"], 't', key)).not.toThrow();
  });

  it.each([
    [['1', '1', '2025-08-01'], 't has a 4-column primary key (tenant, id, day, code): give 4 key value(s), not 3'],
    [
      ["1' OR '1'='1", '1', '2025-08-01', 'x'],
      `invalid id "1' OR '1'='1" for key column tenant (int(11)) of t: give a whole number`,
    ],
    [
      ['1', '-1', '2025-08-01', 'x'],
      'invalid id "-1" for key column id (bigint(20) unsigned) of t: give a whole number from 0',
    ],
    [
      ['1', '1', '2025-08-01; DROP', 'x'],
      'invalid id "2025-08-01; DROP" for key column day (date) of t: give a date YYYY-MM-DD',
    ],
  ])('refuses %j', (values, message) => {
    expect(() => checkKeyValues(values, 't', key)).toThrow(message);
  });
});
