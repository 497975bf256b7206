import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { isPlainValidExtractCommit } from './extract-commit.check';
import { ExtractCommitDto } from './manifest.dto';

/** What the services' ValidationPipe decides (whitelist, forbidNonWhitelisted): true when it accepts the body. */
const classValidatorAccepts = (body: unknown) =>
  validateSync(plainToInstance(ExtractCommitDto, body) as object, { whitelist: true, forbidNonWhitelisted: true })
    .length === 0;

const IDENTITY = { version: 1, id: 'm-1', pipeline: 'p', table: 'shop.orders', runId: 'run-1', sequence: 1 };
const KEY_COLUMN = { name: 'id', dataType: 'bigint', columnType: 'bigint(20) unsigned', nullable: false };
const TEXT_COLUMN = { name: 'note', dataType: 'varchar', columnType: 'varchar(20)', nullable: true };
const FILE = { key: 'k/1.parquet', uri: 'file:///k/1.parquet', rows: 10, bytes: 100, sha256: 'a'.repeat(64) };

const body = () => ({
  manifest: {
    ...IDENTITY,
    createdAt: '2025-08-01T10:00:00.000Z',
    strategy: 'hybrid',
    cursorColumn: 'updated_at',
    primaryKey: ['id'],
    columns: [
      { ...KEY_COLUMN, length: null, precision: 20, scale: 0, charset: null },
      { ...TEXT_COLUMN, length: 20, precision: null, scale: null, charset: 'utf8mb4' },
    ],
    loadOrder: { column: '_tidemark_load_order', value: '5242881' },
    schemaFingerprint: '0123456789abcdef',
    files: [{ ...FILE }],
    rowCount: 10,
    byteCount: 100,
    minCursor: { timestamp: '2025-08-01 00:00:00.000000', primaryKey: ['1'] },
    maxCursor: { timestamp: null, primaryKey: null },
  } as Record<string, unknown>,
  fencingToken: 3 as unknown,
});

type Body = ReturnType<typeof body>;
const at = (b: Body, path: string): Record<string, unknown> =>
  path
    .split('.')
    .reduce(
      (o: Record<string, unknown>, k) => o[k] as Record<string, unknown>,
      b as unknown as Record<string, unknown>,
    );

/** Values that break a field in every way class-validator checks, and edge values it takes. */
const HOSTILE: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  'x'.repeat(65),
  'x'.repeat(4097),
  '😀'.repeat(40),
  0,
  -1,
  1,
  1.5,
  2 ** 53,
  NaN,
  Infinity,
  '1',
  true,
  [],
  ['a'],
  [1],
  Array(17).fill('a'),
  {},
  { a: 1 },
  '2025-08-01 00:00:00.000000',
  '2025-08-01 00:00:00',
  'a'.repeat(64),
  'A'.repeat(64),
  '0123456789abcdef',
  '0',
  '9223372036854775807',
  '99999999999999999999',
  'bad id!',
  'ok-id.1_2',
];

/** Every field of the body, nested ones too, by path. */
const PATHS = [
  'fencingToken',
  'manifest',
  ...Object.keys(body().manifest).map((k) => `manifest.${k}`),
  ...Object.keys((body().manifest['columns'] as object[])[0]).map((k) => `manifest.columns.0.${k}`),
  ...Object.keys((body().manifest['files'] as object[])[0]).map((k) => `manifest.files.0.${k}`),
  'manifest.loadOrder.column',
  'manifest.loadOrder.value',
  'manifest.minCursor.timestamp',
  'manifest.minCursor.primaryKey',
  'manifest.maxCursor.timestamp',
  'manifest.maxCursor.primaryKey',
];

describe('isPlainValidExtractCommit (the quick check before class-validator)', () => {
  it('accepts what an extractor sends, which class-validator accepts too', () => {
    expect(classValidatorAccepts(body())).toBe(true);
    expect(isPlainValidExtractCommit(body())).toBe(true);
    const minimal = body();
    delete minimal.manifest['loadOrder'];
    delete (minimal as Partial<Body>).fencingToken;
    expect(isPlainValidExtractCommit(minimal)).toBe(true);
  });

  it('never accepts a body class-validator refuses: every field set to every hostile value, or an unknown field added', () => {
    let checked = 0;
    let quick = 0;
    for (const path of PATHS) {
      const parent = path.split('.').slice(0, -1).join('.');
      const name = path.split('.').pop() as string;
      for (const value of [...HOSTILE, 'extra-field']) {
        const b = body();
        const target = parent ? at(b, parent) : (b as unknown as Record<string, unknown>);
        if (value === 'extra-field') target['surprise'] = 1;
        else target[name] = value;
        const fast = isPlainValidExtractCommit(b);
        if (fast) {
          quick++;
          expect({ path, value, classValidator: classValidatorAccepts(b) }).toEqual({
            path,
            value,
            classValidator: true,
          });
        }
        checked++;
      }
    }
    // Both sides were exercised: many bodies refused, and a good share of edge values taken by the quick path.
    expect(checked).toBeGreaterThan(1000);
    expect(quick).toBeGreaterThan(50);
  });

  it('refuses what it cannot vouch for, leaving it to class-validator', () => {
    expect(isPlainValidExtractCommit(null)).toBe(false);
    expect(isPlainValidExtractCommit([])).toBe(false);
    expect(isPlainValidExtractCommit(JSON.parse('{"__proto__": {"x": 1}, "manifest": {}}'))).toBe(false);
    const b = body();
    b.manifest['columns'] = [];
    expect(isPlainValidExtractCommit(b)).toBe(false);
  });
});
