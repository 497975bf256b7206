import { ColumnSchema } from '@tidemark/watermark-model';
import { ColumnNameMapping, mapColumns, unionColumns } from './column-mapping';
import { postgresTypeOf } from './postgres-type';
import { redshiftTypeOf } from './redshift-type';
import { POSTGRES_IDENTIFIERS, REDSHIFT_IDENTIFIERS } from './sanitize-identifier';

function col(name: string, columnType = 'int(11)', extra: Partial<ColumnSchema> = {}): ColumnSchema {
  const dataType = columnType.replace(/\(.*$/, '').replace(/ .*$/, '');
  return { name, dataType, columnType, nullable: true, length: null, precision: null, scale: null, charset: null, ...extra };
}
const cols = (...names: string[]) => names.map((n) => col(n));
const typeName = (c: ColumnSchema) => `T_${c.name}`;
const names = (columns: ColumnSchema[], recorded: ColumnNameMapping[] = [], reserved: string[] = [], rules = POSTGRES_IDENTIFIERS) =>
  mapColumns(columns, recorded, rules, typeName, reserved).map((c) => c.name);

/** True when `s` has no lone surrogate, i.e. no character was split. */
const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** U+20000, a CJK letter (\p{L}) of 4 UTF-8 bytes (a surrogate pair in JS). */
const WIDE = '\u{20000}';

describe('mapColumns', () => {
  it('sanitizes new columns with no recorded names', () => {
    expect(names(cols('id', '190_time', 'Order Total', 'select'))).toEqual(['id', 'col_190_time', 'order_total', 'select']);
  });

  it('maps 190_time to col_190_time', () => {
    expect(names(cols('190_time'))).toEqual(['col_190_time']);
    expect(names(cols('190_time'), [], [], REDSHIFT_IDENTIFIERS)).toEqual(['col_190_time']);
  });

  it('makes "Order Total" and "order_total" in one table distinct, the already valid name keeping itself', () => {
    expect(names(cols('Order Total', 'order_total'))).toEqual(['order_total_2', 'order_total']);
    expect(names(cols('order_total', 'Order Total'))).toEqual(['order_total', 'order_total_2']);
    expect(names(cols('order-id', 'order_id'))).toEqual(['order_id_2', 'order_id']);
  });

  it('keeps every recorded name as it is, even one sanitizing would not produce', () => {
    const recorded = [
      { source: 'Order Total', target: 'order_total' },
      { source: 'Amount', target: 'amount_legacy' },
      { source: 'id', target: 'id' },
    ];
    expect(names(cols('id', 'Amount', 'Order Total'), recorded)).toEqual(['id', 'amount_legacy', 'order_total']);
  });

  it('keeps a recorded suffixed name when the column it once collided with is gone', () => {
    const recorded = [
      { source: 'Order-Id', target: 'order_id' },
      { source: 'order id', target: 'order_id_2' },
    ];
    // Order-Id was dropped at the source: "order id" must not move to order_id.
    expect(names(cols('order id'), recorded)).toEqual(['order_id_2']);
  });

  it('gives a source column re-added later its recorded warehouse name back', () => {
    const recorded = [
      { source: 'id', target: 'id' },
      { source: 'Note', target: 'note' },
    ];
    // Note dropped, then a new column "note" appears, then "Note" comes back.
    const afterDrop = mapColumns(cols('id', 'note'), recorded, POSTGRES_IDENTIFIERS, typeName);
    expect(afterDrop.map((c) => c.name)).toEqual(['id', 'note_2']);
    const nowRecorded = [...recorded, { source: 'note', target: 'note_2' }];
    expect(names(cols('id', 'note', 'Note'), nowRecorded)).toEqual(['id', 'note_2', 'note']);
  });

  it('never gives a new column a name a dropped column still holds in the warehouse', () => {
    // "x" is recorded but no longer in the source; the warehouse still has column x.
    expect(names(cols('X'), [{ source: 'x', target: 'x' }])).toEqual(['x_2']);
  });

  it('suffixes new columns that sanitize to a taken name with _2, _3 ... in column order', () => {
    const recorded = [{ source: 'order_id', target: 'order_id' }];
    const columns = cols('order_id', 'Order Id', 'other', 'ORDER-ID');
    expect(names(columns, recorded)).toEqual(['order_id', 'order_id_2', 'other', 'order_id_3']);
  });

  it('is deterministic: the same input maps the same way every time', () => {
    const recorded = [{ source: 'a', target: 'a' }];
    const columns = cols('A', 'a', 'a b', 'A-B', '190', 'Order Total', 'order_total');
    const first = names(columns, recorded);
    expect(first).toEqual(['a_2', 'a', 'a_b', 'a_b_2', 'col_190', 'order_total_2', 'order_total']);
    for (let i = 0; i < 3; i++) expect(names(columns, recorded)).toEqual(first);
  });

  it('skips a suffix a name already uses', () => {
    // x_2 is taken by a recorded column: the next x gets x_3.
    const recorded = [
      { source: 'x', target: 'x' },
      { source: 'x_2', target: 'x_2' },
    ];
    expect(names(cols('x', 'x_2', 'X'), recorded)).toEqual(['x', 'x_2', 'x_3']);
    // A new column literally named x_2 keeps it; X, which must change, skips it.
    expect(names(cols('x', 'X', 'x_2'))).toEqual(['x', 'x_3', 'x_2']);
  });

  it('never gives a reserved name to a new column', () => {
    const reserved = ['_tidemark_extracted_at', '_tidemark_manifest'];
    expect(names(cols('id', '_tidemark_manifest', '_Tidemark_Extracted_At'), [], reserved)).toEqual([
      'id',
      '_tidemark_manifest_2',
      '_tidemark_extracted_at_2',
    ]);
    // Without the reservation the same columns keep their plain names.
    expect(names(cols('id', '_tidemark_manifest', '_Tidemark_Extracted_At'))).toEqual([
      'id',
      '_tidemark_manifest',
      '_tidemark_extracted_at',
    ]);
  });

  it('keeps the order of the columns given, not of the recorded names', () => {
    const recorded = [
      { source: 'b', target: 'b' },
      { source: 'a', target: 'a' },
    ];
    const result = mapColumns(cols('c', 'a', 'd', 'b'), recorded, POSTGRES_IDENTIFIERS, typeName);
    expect(result.map((c) => c.source.name)).toEqual(['c', 'a', 'd', 'b']);
    expect(result.map((c) => c.name)).toEqual(['c', 'a', 'd', 'b']);
  });

  it('returns only the columns given, even when more names are recorded', () => {
    const recorded = [
      { source: 'a', target: 'a' },
      { source: 'gone', target: 'gone' },
    ];
    expect(names(cols('a'), recorded)).toEqual(['a']);
  });

  it('carries each source column and its type from typeOf', () => {
    const columns = [
      col('id', 'bigint(20) unsigned'),
      col('Price', 'decimal(12,2)', { precision: 12, scale: 2 }),
      col('name', 'varchar(20)', { length: 20, charset: 'utf8mb4' }),
      col('at', 'datetime(6)', { scale: 6 }),
    ];
    const typeOf = jest.fn(postgresTypeOf);
    const result = mapColumns(columns, [{ source: 'Price', target: 'price_eur' }], POSTGRES_IDENTIFIERS, typeOf);
    expect(result).toEqual([
      { source: columns[0], name: 'id', type: 'NUMERIC(20,0)' },
      { source: columns[1], name: 'price_eur', type: 'NUMERIC(12,2)' },
      { source: columns[2], name: 'name', type: 'VARCHAR(20)' },
      { source: columns[3], name: 'at', type: 'TIMESTAMP(6)' },
    ]);
    result.forEach((c, i) => expect(c.source).toBe(columns[i]));
    expect(typeOf.mock.calls.map((call) => call[0])).toEqual(columns);

    const redshift = mapColumns(columns, [], REDSHIFT_IDENTIFIERS, (c) => redshiftTypeOf(c));
    expect(redshift.map((c) => c.type)).toEqual(['DECIMAL(20,0)', 'DECIMAL(12,2)', 'VARCHAR(80)', 'TIMESTAMP']);
  });

  it('returns nothing for no columns', () => {
    expect(mapColumns([], [{ source: 'a', target: 'a' }], POSTGRES_IDENTIFIERS, typeName, ['r'])).toEqual([]);
  });

  describe('byte limits (PostgreSQL 63, Redshift 127)', () => {
    it('has the documented limits', () => {
      expect(POSTGRES_IDENTIFIERS.maxBytes).toBe(63);
      expect(REDSHIFT_IDENTIFIERS.maxBytes).toBe(127);
    });

    it('shortens long ASCII names to the limit and keeps them distinct', () => {
      const long = 'a'.repeat(100);
      const pg = names(cols(long, long + 'b', long + 'c'));
      expect(pg).toEqual(['a'.repeat(63), 'a'.repeat(61) + '_2', 'a'.repeat(61) + '_3']);
      const rs = names(cols('b'.repeat(200), 'b'.repeat(201)), [], [], REDSHIFT_IDENTIFIERS);
      expect(rs).toEqual(['b'.repeat(127), 'b'.repeat(125) + '_2']);
    });

    it('keeps a name of exactly the limit whole', () => {
      expect(names(cols('a'.repeat(63)))).toEqual(['a'.repeat(63)]);
      expect(names(cols('a'.repeat(127)), [], [], REDSHIFT_IDENTIFIERS)).toEqual(['a'.repeat(127)]);
    });

    it.each([
      ['PostgreSQL', POSTGRES_IDENTIFIERS, 63, 15],
      ['Redshift', REDSHIFT_IDENTIFIERS, 127, 31],
    ])('shortens 4-byte UTF-8 names for %s without splitting a character, still distinct', (_db, rules, limit, fits) => {
      const long = WIDE.repeat(50);
      const out = names(cols(long, long + 'x', long + 'y'), [], [], rules);
      expect(out[0]).toBe(WIDE.repeat(fits));
      expect(out[1]).toBe(WIDE.repeat(fits) + '_2');
      expect(out[2]).toBe(WIDE.repeat(fits) + '_3');
      for (const n of out) {
        expect(wellFormed(n)).toBe(true);
        expect(bytes(n)).toBeLessThanOrEqual(limit);
      }
      expect(new Set(out).size).toBe(3);
    });

    it('drops a whole 4-byte character when the suffix does not fit beside it', () => {
      // 'a' + 15 × 4 bytes = 61 bytes: fits 63; with '_2' (2 bytes) still 63.
      const name = 'a' + WIDE.repeat(15);
      expect(names(cols(name, name.toUpperCase() + WIDE))).toEqual([name, name + '_2']);
      // 'ab' + 15 × 4 = 62 bytes fits alone; with '_2' it needs 64, so the last character goes.
      const two = 'ab' + WIDE.repeat(15);
      const out = names(cols(two, 'AB' + WIDE.repeat(16)));
      expect(out).toEqual([two, 'ab' + WIDE.repeat(14) + '_2']);
      expect(out.every(wellFormed)).toBe(true);
      expect(bytes(out[1])).toBe(60);
    });

    it('handles mixed 2-, 3- and 4-byte letters at the limit', () => {
      const name = ('é' + '日' + WIDE).repeat(10); // 9 bytes per group
      const [first, second] = names(cols(name, name + 'z'));
      expect(first).toBe(('é' + '日' + WIDE).repeat(7)); // 63 bytes exactly
      expect(bytes(first)).toBe(63);
      expect(second.endsWith('_2')).toBe(true);
      expect(bytes(second)).toBeLessThanOrEqual(63);
      expect(wellFormed(second)).toBe(true);
      expect(first.startsWith(second.slice(0, -2))).toBe(true);
    });

    it('keeps a recorded long name and avoids it for a new column', () => {
      const target = 'q'.repeat(63);
      expect(names(cols('Q'.repeat(80)), [{ source: 'q'.repeat(80), target }])).toEqual(['q'.repeat(61) + '_2']);
    });
  });
});

describe('unionColumns', () => {
  it('returns the newest manifest columns in its order, then the columns only older manifests had', () => {
    const older = cols('id', 'legacy', 'name', 'price');
    const newer = cols('price', 'id', 'name', 'added');
    expect(unionColumns([older, newer]).map((c) => c.name)).toEqual(['price', 'id', 'name', 'added', 'legacy']);
  });

  it('takes dropped columns from newer older manifests first', () => {
    const first = cols('id', 'a', 'b');
    const second = cols('id', 'c', 'b');
    const third = cols('id');
    expect(unionColumns([first, second, third]).map((c) => c.name)).toEqual(['id', 'c', 'b', 'a']);
  });

  it("uses the newest manifest's definition of a column", () => {
    const old = col('note', 'varchar(20)', { length: 20 });
    const current = col('note', 'varchar(80)', { length: 80 });
    const union = unionColumns([[col('id'), old], [col('id'), current]]);
    expect(union).toHaveLength(2);
    expect(union[1]).toBe(current);
  });

  it('keeps a dropped column with its last known definition', () => {
    const v1 = col('gone', 'varchar(10)', { length: 10 });
    const v2 = col('gone', 'varchar(30)', { length: 30 });
    const union = unionColumns([[col('id'), v1], [col('id'), v2], [col('id')]]);
    expect(union.map((c) => c.name)).toEqual(['id', 'gone']);
    expect(union[1]).toBe(v2);
  });

  it('returns one manifest columns unchanged, and nothing for none', () => {
    const only = cols('b', 'a', 'c');
    expect(unionColumns([only])).toEqual(only);
    expect(unionColumns([])).toEqual([]);
    expect(unionColumns([[], []])).toEqual([]);
  });

  it('does not modify its input', () => {
    const a = cols('x', 'y');
    const b = cols('y', 'z');
    const schemas = [a, b];
    unionColumns(schemas);
    expect(schemas).toEqual([cols('x', 'y'), cols('y', 'z')]);
    expect(schemas[0]).toBe(a);
    expect(schemas[1]).toBe(b);
  });

  it('feeds mapColumns so a dropped column keeps its recorded name', () => {
    const recorded = [
      { source: 'id', target: 'id' },
      { source: 'Old Name', target: 'old_name' },
    ];
    const union = unionColumns([cols('id', 'Old Name'), cols('id', 'old name')]);
    expect(names(union, recorded)).toEqual(['id', 'old_name_2', 'old_name']);
  });
});
