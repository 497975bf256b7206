import { ColumnSchema } from '@tidemark/watermark-model';
import { ExistingColumn, planSchemaChanges } from './schema-change';
import { InformationSchemaColumn, parseSqlType, typeOfInformationSchema } from './sql-type';
import { TargetColumn } from './target-columns';

function source(name: string, columnType: string, extra: Partial<ColumnSchema> = {}): ColumnSchema {
  const dataType = columnType.replace(/\(.*$/, '').replace(/ .*$/, '');
  return { name, dataType, columnType, nullable: true, length: null, precision: null, scale: null, charset: null, ...extra };
}

/** A wanted warehouse column `name` of `type`, from MySQL column `sourceName` (`columnType`). */
function wanted(name: string, type: string, sourceName = name, columnType = 'varchar(20)'): TargetColumn {
  return { source: source(sourceName, columnType), name, type };
}

/** An existing warehouse column as schema evolution builds it: from an information_schema row. */
function existing(
  name: string,
  data_type: string,
  sizes: Partial<Omit<InformationSchemaColumn, 'column_name' | 'data_type'>> = {},
): ExistingColumn {
  const row: InformationSchemaColumn = {
    column_name: name,
    data_type,
    character_maximum_length: null,
    numeric_precision: null,
    numeric_scale: null,
    ...sizes,
  };
  return { name, type: typeOfInformationSchema(row) };
}

const varchar = (name: string, n: number) => existing(name, 'character varying', { character_maximum_length: n });
const TABLE = 'shop.orders';

describe('planSchemaChanges', () => {
  it('adds a source column the warehouse table lacks', () => {
    const note = wanted('note', 'VARCHAR(80)');
    const changes = planSchemaChanges(TABLE, [existing('id', 'bigint', { numeric_precision: 64, numeric_scale: 0 })], [
      wanted('id', 'BIGINT', 'id', 'bigint(20)'),
      note,
    ]);
    expect(changes).toEqual({ add: [note], widen: [], conflicts: [] });
    expect(changes.add[0]).toBe(note);
  });

  it('adds every missing column, in the order wanted', () => {
    const a = wanted('a', 'TEXT');
    const b = wanted('b', 'NUMERIC(12,2)');
    const c = wanted('c', 'TIMESTAMPTZ(6)');
    const changes = planSchemaChanges(TABLE, [varchar('x', 20)], [c, wanted('x', 'VARCHAR(20)'), a, b]);
    expect(changes.add.map((x) => x.name)).toEqual(['c', 'a', 'b']);
    expect(changes.widen).toEqual([]);
    expect(changes.conflicts).toEqual([]);
  });

  it('adds every column to a table that has none of them', () => {
    const cols = [wanted('a', 'INTEGER'), wanted('b', 'TEXT')];
    expect(planSchemaChanges(TABLE, [], cols)).toEqual({ add: cols, widen: [], conflicts: [] });
  });

  it('widens VARCHAR(20) to VARCHAR(80), remembering the old type', () => {
    const name = wanted('name', 'VARCHAR(80)');
    const changes = planSchemaChanges(TABLE, [varchar('name', 20)], [name]);
    expect(changes).toEqual({ add: [], widen: [{ column: name, from: { base: 'varchar', args: [20] } }], conflicts: [] });
    expect(changes.widen[0].column).toBe(name);
  });

  it('widens VARCHAR(n) to TEXT', () => {
    const body = wanted('body', 'TEXT', 'body', 'text');
    const changes = planSchemaChanges(TABLE, [varchar('body', 65535)], [body]);
    expect(changes).toEqual({ add: [], widen: [{ column: body, from: { base: 'varchar', args: [65535] } }], conflicts: [] });
  });

  it('reports TEXT → VARCHAR(n) as a conflict naming the column, the source column and both types', () => {
    const changes = planSchemaChanges(TABLE, [existing('body', 'text')], [
      wanted('body', 'VARCHAR(80)', 'Body', 'varchar(80)'),
    ]);
    expect(changes.add).toEqual([]);
    expect(changes.widen).toEqual([]);
    expect(changes.conflicts).toHaveLength(1);
    const message = changes.conflicts[0];
    expect(message).toContain(`column body of ${TABLE}`);
    expect(message).toContain('is TEXT in the warehouse');
    expect(message).toContain('source column Body (varchar(80))');
    expect(message).toContain('now needs VARCHAR(80)');
    expect(message).toContain('narrower');
    expect(message).toContain('tidemark watermark reset');
  });

  it('reports a BOOLEAN column meeting a SMALLINT TINYINT(1) with the way on: widen it to SMALLINT', () => {
    const changes = planSchemaChanges('shop.users', [existing('flag', 'boolean')], [wanted('flag', 'SMALLINT', 'flag', 'tinyint(1)')]);
    expect(changes.conflicts).toEqual([
      expect.stringContaining('column flag of shop.users is BOOLEAN in the warehouse, but source column flag (tinyint(1)) was extracted as SMALLINT'),
    ]);
    expect(changes.conflicts[0]).toContain('ALTER COLUMN flag TYPE SMALLINT USING flag::int');
    // Any other BOOLEAN → SMALLINT stays the general conflict.
    expect(planSchemaChanges('t', [existing('n', 'boolean')], [wanted('n', 'SMALLINT', 'n', 'smallint')]).conflicts[0]).toContain(
      'a different type',
    );
  });

  it('reports VARCHAR(80) → VARCHAR(20) as a narrower conflict', () => {
    const changes = planSchemaChanges(TABLE, [varchar('code', 80)], [wanted('code', 'VARCHAR(20)', 'Code', 'varchar(20)')]);
    expect(changes.add).toEqual([]);
    expect(changes.widen).toEqual([]);
    expect(changes.conflicts).toEqual([
      expect.stringContaining(
        `column code of ${TABLE} is VARCHAR(80) in the warehouse, but source column Code (varchar(20)) now needs VARCHAR(20), narrower`,
      ),
    ]);
  });

  it('reports INTEGER → BIGINT as a conflict (not widened automatically)', () => {
    const changes = planSchemaChanges(TABLE, [existing('qty', 'integer', { numeric_precision: 32, numeric_scale: 0 })], [
      wanted('qty', 'BIGINT', 'qty', 'bigint(20)'),
    ]);
    expect(changes.add).toEqual([]);
    expect(changes.widen).toEqual([]);
    expect(changes.conflicts).toEqual([
      expect.stringContaining(
        `column qty of ${TABLE} is INTEGER in the warehouse, but source column qty (bigint(20)) now needs BIGINT, a different type`,
      ),
    ]);
  });

  it('reports NUMERIC(12,2) → NUMERIC(14,2) as a conflict', () => {
    const changes = planSchemaChanges(TABLE, [existing('total', 'numeric', { numeric_precision: 12, numeric_scale: 2 })], [
      wanted('total', 'NUMERIC(14,2)', 'total', 'decimal(14,2)'),
    ]);
    expect(changes.add).toEqual([]);
    expect(changes.widen).toEqual([]);
    expect(changes.conflicts).toHaveLength(1);
    expect(changes.conflicts[0]).toContain('is NUMERIC(12,2) in the warehouse');
    expect(changes.conflicts[0]).toContain('source column total (decimal(14,2)) now needs NUMERIC(14,2)');
    expect(changes.conflicts[0]).toContain('a different type');
  });

  it('reports a text column that became a number (and back) as a conflict', () => {
    const changes = planSchemaChanges(TABLE, [varchar('a', 20), existing('b', 'integer')], [
      wanted('a', 'INTEGER', 'a', 'int(11)'),
      wanted('b', 'TEXT', 'b', 'text'),
    ]);
    expect(changes.widen).toEqual([]);
    expect(changes.conflicts).toHaveLength(2);
    expect(changes.conflicts[0]).toContain('is VARCHAR(20) in the warehouse');
    expect(changes.conflicts[0]).toContain('now needs INTEGER, a different type');
    expect(changes.conflicts[1]).toContain('is INTEGER in the warehouse');
    expect(changes.conflicts[1]).toContain('now needs TEXT, a different type');
  });

  it.each<[string, ExistingColumn, string]>([
    ['TIMESTAMP(6) vs timestamp without time zone', existing('c', 'timestamp without time zone'), 'TIMESTAMP(6)'],
    ['TIMESTAMPTZ(6) vs timestamp with time zone', existing('c', 'timestamp with time zone'), 'TIMESTAMPTZ(6)'],
    ['TIMESTAMP vs timestamp without time zone', existing('c', 'timestamp without time zone'), 'TIMESTAMP'],
    ['VARCHAR(80) vs character varying 80', varchar('c', 80), 'VARCHAR(80)'],
    ['VARCHAR(80) vs character varying "80"', existing('c', 'character varying', { character_maximum_length: '80' }), 'VARCHAR(80)'],
    ['NUMERIC(12,2) vs numeric 12,2', existing('c', 'numeric', { numeric_precision: 12, numeric_scale: 2 }), 'NUMERIC(12,2)'],
    ['DECIMAL(20,0) vs numeric 20,0', existing('c', 'numeric', { numeric_precision: 20, numeric_scale: 0 }), 'DECIMAL(20,0)'],
    ['DOUBLE PRECISION vs double precision 53', existing('c', 'double precision', { numeric_precision: 53 }), 'DOUBLE PRECISION'],
    ['REAL vs real 24', existing('c', 'real', { numeric_precision: 24 }), 'REAL'],
    ['SMALLINT vs smallint 16', existing('c', 'smallint', { numeric_precision: 16, numeric_scale: 0 }), 'SMALLINT'],
    ['INTEGER vs integer 32', existing('c', 'integer', { numeric_precision: 32, numeric_scale: 0 }), 'INTEGER'],
    ['BIGINT vs bigint 64', existing('c', 'bigint', { numeric_precision: 64, numeric_scale: 0 }), 'BIGINT'],
    ['BOOLEAN', existing('c', 'boolean'), 'BOOLEAN'],
    ['DATE', existing('c', 'date'), 'DATE'],
    ['TEXT', existing('c', 'text'), 'TEXT'],
    ['JSONB', existing('c', 'jsonb'), 'JSONB'],
    ['BYTEA', existing('c', 'bytea'), 'BYTEA'],
    ['INTERVAL', existing('c', 'interval'), 'INTERVAL'],
    ['SUPER', existing('c', 'super'), 'SUPER'],
    ['VARBYTE(16) vs binary varying 16', existing('c', 'binary varying', { character_maximum_length: 16 }), 'VARBYTE(16)'],
  ])('plans nothing for an unchanged column: %s', (_label, current, type) => {
    expect(planSchemaChanges(TABLE, [current], [wanted('c', type)])).toEqual({ add: [], widen: [], conflicts: [] });
  });

  it('plans nothing when the existing type was parsed from our own type string', () => {
    for (const t of ['VARCHAR(80)', 'NUMERIC(12,2)', 'TIMESTAMPTZ(6)', 'TEXT', 'BIGINT']) {
      expect(planSchemaChanges(TABLE, [{ name: 'c', type: parseSqlType(t) }], [wanted('c', t)])).toEqual({
        add: [],
        widen: [],
        conflicts: [],
      });
    }
  });

  it('does not call an unbounded VARCHAR → TEXT change "narrower" (both hold any length in PostgreSQL)', () => {
    // information_schema: data_type 'character varying', character_maximum_length NULL for a plain VARCHAR.
    const changes = planSchemaChanges(TABLE, [existing('note', 'character varying')], [wanted('note', 'TEXT', 'note', 'text')]);
    expect(changes.conflicts).toEqual([]);
  });

  it('leaves alone warehouse columns the source dropped', () => {
    const changes = planSchemaChanges(
      TABLE,
      [varchar('kept', 20), existing('dropped_at_source', 'integer'), existing('old_note', 'text')],
      [wanted('kept', 'VARCHAR(20)')],
    );
    expect(changes).toEqual({ add: [], widen: [], conflicts: [] });
  });

  it('reports all conflicts, alongside the additions and widenings', () => {
    const added = wanted('added', 'DATE', 'added', 'date');
    const widened = wanted('w', 'VARCHAR(100)');
    const changes = planSchemaChanges(
      TABLE,
      [
        existing('n', 'integer', { numeric_precision: 32, numeric_scale: 0 }),
        existing('t', 'text'),
        varchar('w', 10),
        existing('p', 'numeric', { numeric_precision: 12, numeric_scale: 2 }),
        varchar('s', 80),
      ],
      [
        wanted('n', 'BIGINT', 'n', 'bigint(20)'),
        wanted('t', 'VARCHAR(10)', 't', 'varchar(10)'),
        widened,
        wanted('p', 'NUMERIC(14,2)', 'p', 'decimal(14,2)'),
        wanted('s', 'VARCHAR(20)', 's', 'varchar(20)'),
        added,
      ],
    );
    expect(changes.add).toEqual([added]);
    expect(changes.widen).toEqual([{ column: widened, from: { base: 'varchar', args: [10] } }]);
    expect(changes.conflicts).toHaveLength(4);
    expect(changes.conflicts[0]).toMatch(/^column n of shop\.orders is INTEGER .* now needs BIGINT/);
    expect(changes.conflicts[1]).toMatch(/^column t of shop\.orders is TEXT .* now needs VARCHAR\(10\)/);
    expect(changes.conflicts[2]).toMatch(/^column p of shop\.orders is NUMERIC\(12,2\) .* now needs NUMERIC\(14,2\)/);
    expect(changes.conflicts[3]).toMatch(/^column s of shop\.orders is VARCHAR\(80\) .* now needs VARCHAR\(20\)/);
  });

  it('matches columns by warehouse name, not by source name', () => {
    // Source column "Order Total" maps to warehouse column order_total: compared with order_total.
    const changes = planSchemaChanges(
      TABLE,
      [existing('order_total', 'numeric', { numeric_precision: 12, numeric_scale: 2 })],
      [wanted('order_total', 'NUMERIC(12,2)', 'Order Total', 'decimal(12,2)')],
    );
    expect(changes).toEqual({ add: [], widen: [], conflicts: [] });
  });
});
