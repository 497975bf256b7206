import { anyKey, KeyTerm, keysAfter, keysAtMost, rangeCondition, WHOLE_TABLE } from './key-range';

const id: KeyTerm = { expr: '`id`', param: 'CAST(? AS UNSIGNED)' };
const line: KeyTerm = { expr: 'CAST(`line` AS BINARY)', param: 'CAST(? AS BINARY)' };

describe('key range conditions', () => {
  it('writes (id, line) > (v1, v2) out for the index, binding every value', () => {
    expect(keysAfter([id, line], ['18446744073709551615', "it's"])).toEqual({
      sql: '`id` > CAST(? AS UNSIGNED) OR (`id` = CAST(? AS UNSIGNED) AND (CAST(`line` AS BINARY) > CAST(? AS BINARY)))',
      params: ['18446744073709551615', '18446744073709551615', "it's"],
    });
  });

  it('includes the upper bound itself', () => {
    expect(keysAtMost([id], ['7'])).toEqual({ sql: '`id` <= CAST(? AS UNSIGNED)', params: ['7'] });
    expect(keysAtMost([id, line], ['7', 'b']).sql).toBe(
      '`id` < CAST(? AS UNSIGNED) OR (`id` = CAST(? AS UNSIGNED) AND (CAST(`line` AS BINARY) <= CAST(? AS BINARY)))',
    );
  });

  it('bounds a range on both sides, or not at all for the whole table', () => {
    const range = rangeCondition([id], { after: ['10'], upTo: ['20'] });
    expect(range).toEqual({
      sql: '(`id` > CAST(? AS UNSIGNED)) AND (`id` <= CAST(? AS UNSIGNED))',
      params: ['10', '20'],
    });
    expect(rangeCondition([id], WHOLE_TABLE)).toEqual({ sql: '1 = 1', params: [] });
  });

  it('looks up several composite keys at once', () => {
    expect(
      anyKey(
        [id, line],
        [
          ['1', 'a'],
          ['2', 'b'],
        ],
      ),
    ).toEqual({
      sql:
        '(`id` = CAST(? AS UNSIGNED) AND CAST(`line` AS BINARY) = CAST(? AS BINARY)) OR ' +
        '(`id` = CAST(? AS UNSIGNED) AND CAST(`line` AS BINARY) = CAST(? AS BINARY))',
      params: ['1', 'a', '2', 'b'],
    });
  });
});
