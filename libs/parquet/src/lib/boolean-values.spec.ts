import { ColumnSchema } from '@tidemark/watermark-model';
import { BooleanValueRule, NonBooleanMode, nulledBooleansWarning } from './boolean-values';
import { describeRowByKey } from './unstorable-text';

const column = (name: string, dataType: string, columnType: string): ColumnSchema => ({
  name,
  dataType,
  columnType,
  nullable: true,
  length: null,
  precision: dataType === 'bit' ? 1 : null,
  scale: null,
  charset: null,
  asBoolean: true,
});
const columns = [column('id', 'int', 'int'), column('flag', 'tinyint', 'tinyint(1)'), column('b', 'bit', 'bit(1)')];
const rule = (mode: NonBooleanMode) =>
  new BooleanValueRule({ mode, table: 'shop.users', describeRow: describeRowByKey(columns, ['id']) });

describe('BooleanValueRule', () => {
  it('turns 0 and 1 (as mysql2 returns them) into false and true, and BIT(1) bytes too', () => {
    const r = rule('fail');
    expect([r.value(columns[1], 0, []), r.value(columns[1], 1, []), r.value(columns[1], '1', [])]).toEqual([false, true, true]);
    expect(r.value(columns[2], Buffer.from([1]), [])).toBe(true);
  });

  it('fails on 5 naming the table, column and key, never coercing it to true', () => {
    expect(() => rule('fail').value(columns[1], 5, [42, 5, null])).toThrow(
      'table shop.users: column flag of the row with id=42 holds 5, which is not a boolean (0 or 1)',
    );
    expect(() => rule('fail').value(columns[1], -1, [43, -1, null])).toThrow('holds -1');
  });

  it('log loads NULL, counts every value and reports the first keys', () => {
    const r = rule('log');
    expect(r.value(columns[1], 5, [1, 5, null])).toBeNull();
    for (let id = 2; id <= 25; id++) r.value(columns[1], 2, [id, 2, null]);
    expect(r.nulled).toBe(25);
    const warning = nulledBooleansWarning('shop.users', r) as string;
    expect(warning).toContain('table shop.users: 25 TINYINT(1) value(s) other than 0/1 loaded as NULL');
    expect(warning).toContain('column flag of the row with id=1 (5)');
    expect(warning).toContain('and 5 more');
    expect(nulledBooleansWarning('shop.users', rule('log'))).toBeNull();
  });
});
