import { ColumnSchema } from '@tidemark/watermark-model';
import { describeRowByKey, UnstorableTextMode, UnstorableTextRule } from './unstorable-text';

const column = (name: string, dataType: string): ColumnSchema => ({
  name,
  dataType,
  columnType: dataType,
  nullable: true,
  length: null,
  precision: null,
  scale: null,
  charset: null,
});
const columns = [column('id', 'int'), column('body', 'text'), column('doc', 'json'), column('raw', 'blob')];
const rule = (mode: UnstorableTextMode) =>
  new UnstorableTextRule({ mode, table: 'shop.notes', describeRow: describeRowByKey(columns, ['id']) }, columns);

describe('UnstorableTextRule', () => {
  it('fails on a NUL in text naming the table, the column and the key', () => {
    expect(() => rule('fail').clean(1, 'a\u0000b', [7, 'a\u0000b', null, null])).toThrow(
      'table shop.notes: column body of the row with id=7 holds a NUL character (U+0000), which the warehouse cannot store.',
    );
  });

  it('fails on the JSON escape \\u0000 but not on an escaped backslash before u0000', () => {
    const r = rule('fail');
    expect(() => r.clean(2, '{"a":"x\\u0000"}', [8, null, '{"a":"x\\u0000"}', null])).toThrow(
      'column doc of the row with id=8 holds the JSON escape \\u0000',
    );
    expect(r.clean(2, '{"a":"\\\\u0000"}', [8, null, null, null])).toBe('{"a":"\\\\u0000"}');
    expect(() => r.clean(2, '{"a":"\\\\\\u0000"}', [8, null, null, null])).toThrow('JSON escape');
    // In plain text the six characters are text, not a NUL.
    expect(r.clean(1, 'x\\u0000', [8, null, null, null])).toBe('x\\u0000');
  });

  it('replace writes U+FFFD (\\ufffd in JSON) and counts each changed value once', () => {
    const r = rule('replace');
    expect(r.clean(1, '\u0000a\u0000', [])).toBe('\ufffda\ufffd');
    expect(r.clean(2, '{"a":"\\u0000\\u0000","b":"\\\\u0000"}', [])).toBe('{"a":"\\ufffd\\ufffd","b":"\\\\u0000"}');
    expect(JSON.parse(r.clean(2, '{"a":"x\\u0000y"}', []))).toEqual({ a: 'x\ufffdy' });
    expect(r.clean(1, 'clean', [])).toBe('clean');
    expect(r.changed).toBe(3);
  });

  it('strip removes the NUL and the escape, leaving valid JSON', () => {
    const r = rule('strip');
    expect(r.clean(1, 'a\u0000b', [])).toBe('ab');
    expect(JSON.parse(r.clean(2, '{"a":"x\\u0000y"}', []))).toEqual({ a: 'xy' });
    expect(r.changed).toBe(2);
  });

  it('leaves columns that are not text alone', () => {
    expect(rule('fail').clean(3, 'a\u0000b', [])).toBe('a\u0000b');
  });
});
