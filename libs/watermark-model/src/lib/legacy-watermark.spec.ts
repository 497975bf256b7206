import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTidemarkError, TidemarkError } from '@tidemark/errors';
import { readWatermarkDocument, ReadWatermarkOptions } from './legacy-watermark';
import { ImportedWatermark } from './watermark-import';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8'));

const read = (doc: unknown, options: Partial<ReadWatermarkOptions> = {}): ImportedWatermark[] =>
  readWatermarkDocument(doc, { pipeline: 'main', ...options });
const readOne = (doc: unknown, options: Partial<ReadWatermarkOptions> = {}): ImportedWatermark => {
  const result = read(doc, options);
  expect(result).toHaveLength(1);
  return result[0];
};
const v1 = (fields: Record<string, unknown>) => ({ table_name: 'shop.orders', mysql_status: 'success', ...fields });
const v2 = (mysqlState: Record<string, unknown>, fields: Record<string, unknown> = {}) => ({
  version: '2.0',
  table_name: 'shop.orders',
  mysql_state: mysqlState,
  ...fields,
});

function failure(run: () => unknown): TidemarkError {
  try {
    run();
  } catch (error) {
    if (isTidemarkError(error)) return error;
    throw error;
  }
  throw new Error('expected a TidemarkError, nothing was thrown');
}

const SETTLE_FILES = [1, 2, 3].map(
  (n) =>
    `s3://redshift-dw-qa/incremental/year=2025/month=11/day=27/settlement_settle_orders_20251127_153000_chunk_00${n}.parquet`,
);

describe('readWatermarkDocument: the old tool, v1 (flat)', () => {
  it('maps a real v1 file exactly', () => {
    expect(read(fixture('python-v1-settle_orders.json'), { pipeline: 'settlement' })).toEqual([
      {
        pipeline: 'settlement',
        table: 'settlement.settle_orders',
        cursor: { timestamp: '2025-11-27 15:30:00.000000', primaryKey: ['1000000'] },
        extractStatus: 'success',
        rowsExtracted: 5000000,
        filesCreated: 3,
        lastExtractAt: '2025-11-27T16:00:00.000Z',
        strategy: 'hybrid',
        loadStatus: 'success',
        rowsLoaded: 4990000,
        lastLoadAt: '2025-11-27T16:20:41.512Z',
        backupStrategy: 'sequential',
        metadata: { source: 'python-v1', processedFiles: SETTLE_FILES },
      },
    ]);
  });

  it('fills a nearly empty file with zeros, nulls and defaults', () => {
    expect(readOne({ table_name: 'shop.orders', mysql_status: null })).toEqual({
      pipeline: 'main',
      table: 'shop.orders',
      cursor: { timestamp: null, primaryKey: null },
      extractStatus: 'pending',
      rowsExtracted: 0,
      filesCreated: 0,
      lastExtractAt: null,
      strategy: 'hybrid',
      loadStatus: 'pending',
      rowsLoaded: 0,
      lastLoadAt: null,
      backupStrategy: 'sequential',
      metadata: { source: 'python-v1', processedFiles: [] },
    });
  });

  it('merges backup_s3_files and processed_s3_files into one sorted, distinct list', () => {
    const w = readOne(
      v1({
        processed_s3_files: ['s3://b/2.parquet', 's3://b/1.parquet'],
        backup_s3_files: ['s3://b/2.parquet', 's3://b/3.parquet'],
      }),
    );
    expect(w.metadata['processedFiles']).toEqual(['s3://b/1.parquet', 's3://b/2.parquet', 's3://b/3.parquet']);
    expect(w.filesCreated).toBe(3);
  });

  it('prefers an explicit positive s3_file_count to the list length', () => {
    expect(readOne(v1({ s3_file_count: 7, processed_s3_files: ['s3://b/1.parquet'] })).filesCreated).toBe(7);
  });

  it('takes the CDC strategy from backup_strategy only when it is a strategy name', () => {
    expect(readOne(v1({ backup_strategy: 'timestamp_only' }))).toMatchObject({
      strategy: 'timestamp_only',
      backupStrategy: 'timestamp_only',
    });
    expect(readOne(v1({ backup_strategy: 'manual_cli' }))).toMatchObject({
      strategy: 'hybrid',
      backupStrategy: 'manual_cli',
    });
  });

  it("reads v1's cdc_strategy before backup_strategy", () => {
    expect(readOne(v1({ cdc_strategy: 'id_only', backup_strategy: 'sequential' }))).toMatchObject({
      strategy: 'id_only',
      backupStrategy: 'sequential',
    });
  });

  it('takes the table from options.fallbackTable only when the document names none', () => {
    expect(readOne(v1({ table_name: undefined }), { fallbackTable: 'shop.orders' }).table).toBe('shop.orders');
    expect(readOne(v1({}), { fallbackTable: 'shop.other' }).table).toBe(readOne(v1({})).table);
  });

  it("reads the old tool's last_run_timestamp as a timestamp cursor of the given table", () => {
    expect(readOne({ last_run_timestamp: '2025-08-02 10:00:00' }, { table: 'shop.orders' })).toMatchObject({
      table: 'shop.orders',
      cursor: { timestamp: '2025-08-02 10:00:00.000000', primaryKey: null },
      strategy: 'hybrid',
      metadata: { source: 'python-last-run', processedFiles: [] },
    });
    expect(() => readOne({ last_run_timestamp: '2025-08-02 10:00:00' })).toThrow(
      'a last_run_timestamp file names no table: give the table with -t',
    );
  });

  it('keeps last_error in the metadata', () => {
    expect(readOne(v1({ last_error: 'Lost connection to MySQL server' })).metadata).toEqual({
      source: 'python-v1',
      processedFiles: [],
      lastError: 'Lost connection to MySQL server',
    });
  });
});

describe('readWatermarkDocument: the old tool, v2 (nested)', () => {
  it('maps a real v2 file exactly', () => {
    expect(read(fixture('python-v2-settle_orders.json'), { pipeline: 'settlement' })).toEqual([
      {
        pipeline: 'settlement',
        table: 'settlement.settle_orders',
        cursor: { timestamp: '2025-11-27 15:30:00.000000', primaryKey: ['1000000'] },
        extractStatus: 'success',
        rowsExtracted: 5000000,
        filesCreated: 3,
        lastExtractAt: '2025-11-27T16:00:00.123Z',
        strategy: 'hybrid',
        loadStatus: 'success',
        rowsLoaded: 4990000,
        lastLoadAt: '2025-11-27T16:20:41.512Z',
        backupStrategy: 'sequential',
        metadata: { source: 'python-v2', processedFiles: SETTLE_FILES },
      },
    ]);
  });

  it('maps the documented variant: s3_state, rows_loaded, top-level cursor, connection scope, manual override', () => {
    expect(read(fixture('python-v2-dw_parcel_pricing_temp.json'), { pipeline: 'unidw' })).toEqual([
      {
        pipeline: 'unidw',
        table: 'US_DW_UNIDW_SSH:unidw.dw_parcel_pricing_temp',
        cursor: { timestamp: null, primaryKey: ['18446744073709551615'] },
        extractStatus: 'failed',
        rowsExtracted: 120000,
        filesCreated: 2,
        lastExtractAt: null,
        strategy: 'id_only',
        loadStatus: 'pending',
        rowsLoaded: 60000,
        lastLoadAt: null,
        backupStrategy: 'manual_cli',
        metadata: {
          source: 'python-v2',
          processedFiles: [
            's3://redshift-dw-qa/incremental/unidw/dw_parcel_pricing_temp/batch_0001.parquet',
            's3://redshift-dw-qa/incremental/unidw/dw_parcel_pricing_temp/batch_0002.parquet',
          ],
          lastError: 'fromisoformat: argument must be str',
        },
      },
    ]);
  });

  it('agrees with v1 on the same table', () => {
    const [fromV1] = read(fixture('python-v1-settle_orders.json'));
    const [fromV2] = read(fixture('python-v2-settle_orders.json'));
    // Only the source and v2's extra run-time precision differ.
    const comparable = (w: ImportedWatermark) => ({
      ...w,
      lastExtractAt: null,
      metadata: { ...w.metadata, source: null },
    });
    expect(comparable(fromV2)).toEqual(comparable(fromV1));
  });

  it('is recognised by a numeric version or by mysql_state alone', () => {
    expect(readOne({ version: 2, table_name: 'shop.orders' }).metadata['source']).toBe('python-v2');
    expect(readOne({ table_name: 'shop.orders', mysql_state: { total_rows: 9 } })).toMatchObject({
      rowsExtracted: 9,
      metadata: { source: 'python-v2' },
    });
  });

  it('prefers redshift_state.total_rows to rows_loaded and mysql_state.last_timestamp to the top-level one', () => {
    const w = readOne(
      v2(
        { last_timestamp: '2025-11-27 15:30:00' },
        { last_mysql_data_timestamp: '2020-01-01 00:00:00', redshift_state: { total_rows: 5, rows_loaded: 4 } },
      ),
    );
    expect(w.cursor.timestamp).toBe('2025-11-27 15:30:00.000000');
    expect(w.rowsLoaded).toBe(5);
  });

  it('uses mysql_state.s3_files_created when it is positive', () => {
    expect(readOne(v2({ s3_files_created: 12 }, { processed_files: ['s3://b/1.parquet'] })).filesCreated).toBe(12);
    expect(readOne(v2({ s3_files_created: 0 }, { processed_files: ['s3://b/1.parquet'] })).filesCreated).toBe(1);
  });

  it('takes the extraction error before the load error', () => {
    const w = readOne(v2({ error: 'extract broke' }, { redshift_state: { error: 'load broke' } }));
    expect(w.metadata['lastError']).toBe('extract broke');
    expect(readOne(v2({}, { redshift_state: { error: 'load broke' } })).metadata['lastError']).toBe('load broke');
  });

  it('maps unknown statuses to pending and an unknown cdc_strategy to hybrid', () => {
    expect(
      readOne(v2({ status: 'running' }, { cdc_strategy: 'magic', redshift_state: { status: 'completed' } })),
    ).toMatchObject({
      extractStatus: 'pending',
      loadStatus: 'pending',
      strategy: 'hybrid',
    });
    expect(readOne(v2({ status: 'in_progress' }, { cdc_strategy: 'full_sync' }))).toMatchObject({
      extractStatus: 'in_progress',
      strategy: 'full_sync',
    });
  });
});

describe('readWatermarkDocument: cursors', () => {
  it.each(['None', 'null', '', '  None  ', 'NULL'])('reads the timestamp %j as no timestamp', (text) => {
    expect(readOne(v1({ last_mysql_data_timestamp: text })).cursor.timestamp).toBeNull();
    expect(readOne(v2({ last_timestamp: text })).cursor.timestamp).toBeNull();
  });

  it.each([
    ['2025-11-27T15:30:00Z', '2025-11-27 15:30:00.000000'],
    ['2025-11-27 15:30:00', '2025-11-27 15:30:00.000000'],
    ['2025-11-27T15:30:00.123456+02:00', '2025-11-27 13:30:00.123456'],
    ['2025-11-27T01:30:00-05:00', '2025-11-27 06:30:00.000000'],
  ])('reads %s as UTC %s', (text, canonical) => {
    expect(readOne(v1({ last_mysql_data_timestamp: text })).cursor.timestamp).toBe(canonical);
  });

  it('turns run times into ISO UTC like Tidemark writes them', () => {
    expect(readOne(v1({ last_mysql_extraction_time: '2025-11-27T18:00:00.987654+02:00' })).lastExtractAt).toBe(
      '2025-11-27T16:00:00.987Z',
    );
  });

  it.each([
    [1000000, ['1000000']],
    ['1000000', ['1000000']],
    ['18446744073709551615', ['18446744073709551615']],
    [0, ['0']],
    ['None', null],
    [null, null],
  ])('reads the id %j as %j', (id, primaryKey) => {
    expect(readOne(v1({ last_processed_id: id })).cursor.primaryKey).toEqual(primaryKey);
    expect(readOne(v2({ last_id: id })).cursor.primaryKey).toEqual(primaryKey);
  });
});

describe('readWatermarkDocument: table and pipeline', () => {
  it('lets options.table override the table name, in canonical form', () => {
    const doc = { ...(fixture('python-v2-settle_orders.json') as object), table_name: 'settlement_settle_orders' };
    expect(readOne(doc, { table: 'EU:settlement.settle_orders' }).table).toBe('EU:settlement.settle_orders');
  });

  it('needs no table_name when options.table is given', () => {
    expect(readOne({ mysql_status: 'success' }, { table: 'shop.orders' }).table).toBe('shop.orders');
  });

  it('keeps connection-scoped names', () => {
    expect(readOne(v1({ table_name: 'US_DW_UNIDW_SSH:unidw.dw_parcel_pricing_temp' })).table).toBe(
      'US_DW_UNIDW_SSH:unidw.dw_parcel_pricing_temp',
    );
  });
});

describe('readWatermarkDocument: Tidemark export', () => {
  const exported = () => fixture('tidemark-export.json');
  const readExport = (doc: unknown, options: ReadWatermarkOptions = {}) => readWatermarkDocument(doc, options);

  it('reads every entry with its own pipeline when no pipeline is given', () => {
    expect(readExport(exported())).toEqual([
      {
        pipeline: 'settlement',
        table: 'settlement.settle_orders',
        cursor: { timestamp: '2025-11-27 15:30:00.123456', primaryKey: ['1000000'] },
        extractStatus: 'success',
        rowsExtracted: 5000000,
        filesCreated: 3,
        lastExtractAt: '2026-11-22T10:00:00.000Z',
        strategy: 'hybrid',
        loadStatus: 'success',
        rowsLoaded: 5000000,
        lastLoadAt: '2026-11-22T10:05:00.000Z',
        backupStrategy: 'sequential',
        metadata: {},
      },
      {
        pipeline: 'eu-shop',
        table: 'eu:shop.order_lines',
        cursor: { timestamp: null, primaryKey: ['18446744073709551615', '7'] },
        extractStatus: 'in_progress',
        rowsExtracted: 0,
        filesCreated: 0,
        lastExtractAt: null,
        strategy: 'hybrid',
        loadStatus: 'failed',
        rowsLoaded: 0,
        lastLoadAt: '2026-11-22T10:06:30.250Z',
        backupStrategy: 'sequential',
        // An export keeps Tidemark's own metadata as it was.
        metadata: {},
      },
    ]);
  });

  it('keeps only the entry of options.table', () => {
    const result = readExport(exported(), { table: 'eu:shop.order_lines' });
    expect(result.map((w) => [w.pipeline, w.table])).toEqual([['eu-shop', 'eu:shop.order_lines']]);
  });

  it('keeps only the entries of options.pipeline, and refuses a pipeline the export does not have', () => {
    expect(readExport(exported(), { pipeline: 'settlement' }).map((w) => w.pipeline)).toEqual(['settlement']);
    expect(() => readExport(exported(), { pipeline: 'ignored' })).toThrow(
      'the tidemark export has no watermark of pipeline "ignored"',
    );
  });

  it('reads an empty export as no watermarks', () => {
    expect(readExport({ format: 'tidemark-watermarks', version: 1, watermarks: [] })).toEqual([]);
  });

  it("carries a first run's key scan (ADR 0050) from the export into the cursor, as the store writes it", () => {
    const doc = fixture('tidemark-export.json') as { watermarks: { extract: { cursor: object } }[] };
    const cursor = { timestamp: null, primaryKey: ['4200'], keyScan: { ceiling: '2025-11-27 15:30:00.123456' } };
    doc.watermarks[1].extract.cursor = cursor;
    expect(readExport(doc, { table: 'eu:shop.order_lines' })[0].cursor).toEqual(cursor);
    // The other entry has none, and gets none.
    expect(readExport(doc, { table: 'settlement.settle_orders' })[0].cursor).not.toHaveProperty('keyScan');
  });

  it("never reads a key scan from the old tool's files, which have none", () => {
    const extract = { cursor: { keyScan: { ceiling: '2025-11-27 15:30:00.123456' } } };
    expect(readOne(v2({ last_id: '5' }, { extract })).cursor).toEqual({ timestamp: null, primaryKey: ['5'] });
  });
});

describe('readWatermarkDocument: errors', () => {
  const entry = (changes: Record<string, unknown>) => {
    const doc = fixture('tidemark-export.json') as { watermarks: Record<string, unknown>[] };
    doc.watermarks[1] = { ...doc.watermarks[1], ...changes };
    return doc;
  };

  it.each<[string, unknown, Partial<ReadWatermarkOptions>, RegExp]>([
    ['a string', 'settlement.settle_orders', {}, /^not a watermark document: expected a JSON object, got "settlement/],
    ['a list', [v1({})], {}, /^not a watermark document: expected a JSON object, got a list$/],
    ['null', null, {}, /^not a watermark document/],
    ['an unrelated object', { name: 'orders', rows: 5 }, {}, /^not a watermark document: no Tidemark export header/],
    [
      'no table anywhere',
      { mysql_status: 'success' },
      {},
      /^no table name: table_name is missing and the file name is no table key: give the table with -t/,
    ],
    ['an invalid table name', v1({ table_name: 'shop.ord ers' }), {}, /invalid table name "ord ers"/],
    ['an invalid table override', v1({}), { table: 'a.b.c' }, /invalid table key "a\.b\.c"/],
    ['an invalid pipeline', v1({}), { pipeline: '-bad' }, /invalid pipeline name "-bad"/],
    [
      'an unparsable timestamp',
      v1({ last_mysql_data_timestamp: 'yesterday' }),
      {},
      /^last_mysql_data_timestamp: invalid timestamp "yesterday"/,
    ],
    [
      'a zero date',
      v2({ last_timestamp: '0000-00-00 00:00:00' }),
      {},
      /^mysql_state\.last_timestamp: invalid timestamp "0000-00-00 00:00:00[".]/,
    ],
    [
      'an epoch number as timestamp',
      v1({ last_mysql_data_timestamp: 1732721400 }),
      {},
      /^last_mysql_data_timestamp must be a string, got 1732721400$/,
    ],
    [
      'a bad run time',
      v1({ last_redshift_load_time: 'later' }),
      {},
      /^last_redshift_load_time: invalid timestamp "later"/,
    ],
    [
      'a negative count',
      v1({ mysql_rows_extracted: -1 }),
      {},
      /^mysql_rows_extracted must be a non-negative integer, got -1$/,
    ],
    [
      'a fractional count',
      v2({ total_rows: 1.5 }),
      {},
      /^mysql_state\.total_rows must be a non-negative integer, got 1\.5$/,
    ],
    [
      'a count as text',
      v1({ redshift_rows_loaded: '5000' }),
      {},
      /^redshift_rows_loaded must be a non-negative integer, got "5000"$/,
    ],
    [
      'a file count as text',
      v1({ s3_file_count: 'None' }),
      {},
      /^s3_file_count must be a non-negative integer, got "None"$/,
    ],
    [
      'mysql_state as a string',
      { version: '2.0', table_name: 'shop.orders', mysql_state: 'success' },
      {},
      /^mysql_state must be an object, got "success"$/,
    ],
    ['redshift_state as a list', v2({}, { redshift_state: [] }), {}, /^redshift_state must be an object, got a list$/],
    ['metadata as a string', v2({}, { metadata: 'manual' }), {}, /^metadata must be an object, got "manual"$/],
    ['a status as a number', v1({ mysql_status: 1 }), {}, /^mysql_status must be a string, got 1$/],
    [
      'a file list as a string',
      v2({}, { processed_files: 's3://b/1.parquet' }),
      {},
      /^processed_files must be a list of file names, got "s3:\/\/b\/1\.parquet"$/,
    ],
    [
      'a file that is not a name',
      v1({ processed_s3_files: ['s3://b/1.parquet', 3] }),
      {},
      /^processed_s3_files\[1\] must be a file name, got 3$/,
    ],
    [
      'an id rounded by JSON.parse',
      v1({ last_processed_id: 2 ** 53 + 2 }),
      {},
      /^last_processed_id 9007199254740994 is beyond 2\^53 .* pass the id as a string$/,
    ],
    ['a fractional id', v2({ last_id: 12.5 }), {}, /^mysql_state\.last_id must be an integer or a string, got 12\.5$/],
    [
      'a boolean id',
      v1({ last_processed_id: true }),
      {},
      /^last_processed_id must be an integer or a string, got true$/,
    ],
    [
      'an export of another version',
      { format: 'tidemark-watermarks', version: 2, watermarks: [] },
      {},
      /^tidemark export version must be 1, got 2$/,
    ],
    [
      'an export without a list',
      { format: 'tidemark-watermarks', version: 1, watermarks: {} },
      {},
      /^watermarks must be a list, got an object$/,
    ],
    [
      'an export entry that is not an object',
      { format: 'tidemark-watermarks', version: 1, watermarks: ['x'] },
      {},
      /^watermarks\[0\]: expected an object, got "x"$/,
    ],
    [
      'an export entry with a bad count',
      entry({ load: { rowsLoaded: -5 } }),
      {},
      /^watermarks\[1\]: load\.rowsLoaded must be a non-negative integer, got -5$/,
    ],
    [
      'an export entry without a pipeline',
      entry({ pipeline: undefined }),
      {},
      /^watermarks\[1\]: invalid pipeline name ""/,
    ],
    [
      'an export entry without a table',
      entry({ table: null }),
      {},
      /^watermarks\[1\]: no table name: table is missing/,
    ],
    [
      'an export entry with a bad key part',
      entry({ extract: { cursor: { primaryKey: ['1', null] } } }),
      {},
      /^watermarks\[1\]: extract\.cursor\.primaryKey\[1\] must be an integer or a string, got null$/,
    ],
    [
      'an export entry with a key scan that is not an object',
      entry({ extract: { cursor: { timestamp: null, primaryKey: ['1'], keyScan: '2025-01-01 00:00:00.000000' } } }),
      {},
      /^watermarks\[1\]: extract\.cursor\.keyScan must be an object$/,
    ],
    [
      'an export entry with a key scan ceiling that is not canonical UTC',
      entry({
        extract: { cursor: { timestamp: null, primaryKey: ['1'], keyScan: { ceiling: '2025-01-01T00:00:00Z' } } },
      }),
      {},
      /^watermarks\[1\]: extract\.cursor\.keyScan\.ceiling must be a canonical UTC timestamp YYYY-MM-DD HH:MM:SS\.ffffff, got "2025-01-01T00:00:00Z"$/,
    ],
    [
      'an export entry with a key scan ceiling on no calendar day',
      entry({
        extract: { cursor: { timestamp: null, primaryKey: ['1'], keyScan: { ceiling: '2025-02-30 00:00:00.000000' } } },
      }),
      {},
      /^watermarks\[1\]: extract\.cursor\.keyScan\.ceiling must be a canonical UTC timestamp/,
    ],
    [
      'an export entry with a key scan without a ceiling',
      entry({ extract: { cursor: { timestamp: null, primaryKey: ['1'], keyScan: {} } } }),
      {},
      /^watermarks\[1\]: extract\.cursor\.keyScan\.ceiling must be a canonical UTC timestamp YYYY-MM-DD HH:MM:SS\.ffffff, got nothing$/,
    ],
    [
      'an export without the asked table',
      fixture('tidemark-export.json'),
      { table: 'shop.missing', pipeline: undefined },
      /^the tidemark export has no watermark for table "shop\.missing"$/,
    ],
  ])('refuses %s', (_label, doc, options, message) => {
    expect(failure(() => read(doc, options))).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(message),
    });
  });
});
