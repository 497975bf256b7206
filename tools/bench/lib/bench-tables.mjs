// The benchmark's MariaDB tables, generated server-side from the Sequence
// engine (`seq_1_to_N`), and the PostgreSQL tables the raw pipe loads into.
// Every identifier here is a constant or a checked name (options.mjs); only
// whole numbers are put into SQL text (seq table names, which cannot be bound).

/** A DATETIME(6) cursor with ties: ten rows per second, microseconds repeating every 7 rows. */
const CURSOR = "TIMESTAMP'2025-01-01 00:00:00' + INTERVAL (seq DIV 10) SECOND + INTERVAL (seq % 7) MICROSECOND";

const column = (name, mysql, pg, value) => ({ name, mysql, pg, value });

const KEY_AND_CURSOR = [
  column('id', 'BIGINT UNSIGNED NOT NULL', 'NUMERIC(20,0) NOT NULL', 'seq'),
  column('updated_at', 'DATETIME(6) NOT NULL', 'TIMESTAMP(6) NOT NULL', CURSOR),
];

/** The issue's shape, also used for the small tables. PostgreSQL types are the ones Tidemark's loader creates. */
export const ORDERS = {
  columns: [
    ...KEY_AND_CURSOR,
    column('customer', 'VARCHAR(64) NOT NULL', 'VARCHAR(64) NOT NULL', "CONCAT('customer ', seq % 9973)"),
    column('amount', 'DECIMAL(12,2) NOT NULL', 'NUMERIC(12,2) NOT NULL', '(seq % 1000000) / 100'),
    column('paid', 'TINYINT(1) NOT NULL', 'BOOLEAN NOT NULL', 'seq % 2'),
    column('note', 'VARCHAR(100) NULL', 'VARCHAR(100)', "IF(seq % 2 = 0, NULL, CONCAT('note ', seq))"),
  ],
  /** Aggregates that read the same in MariaDB and PostgreSQL when both tables hold the same rows. */
  fingerprint: ['COUNT(*)', 'SUM(id)', 'SUM(amount)', 'COUNT(note)'],
};

/** 38 columns of mixed types after the key and cursor, cycling through these kinds (`i` = column number). */
const WIDE_KINDS = [
  (i) => column(`int_${i}`, 'INT NOT NULL', 'INTEGER NOT NULL', `CAST((seq * ${i}) % 2000000000 AS SIGNED) - 1000000000`),
  (i) => column(`big_${i}`, 'BIGINT NOT NULL', 'BIGINT NOT NULL', `seq * 1000003 + ${i}`),
  (i) => column(`small_${i}`, 'SMALLINT NULL', 'SMALLINT', `IF(seq % 5 = 0, NULL, seq % 32000)`),
  (i) => column(`dec_${i}`, 'DECIMAL(18,4) NOT NULL', 'NUMERIC(18,4) NOT NULL', `(seq * ${i}) / 10000`),
  (i) => column(`dbl_${i}`, 'DOUBLE NOT NULL', 'DOUBLE PRECISION NOT NULL', `seq / ${i + 7}`),
  (i) => column(`day_${i}`, 'DATE NOT NULL', 'DATE NOT NULL', `DATE'2020-01-01' + INTERVAL ((seq + ${i}) % 3650) DAY`),
  (i) => column(`dt_${i}`, 'DATETIME NULL', 'TIMESTAMP(6)', `IF(seq % 4 = 0, NULL, TIMESTAMP'2020-01-01 00:00:00' + INTERVAL (seq * ${i}) SECOND)`),
  (i) => column(`ts_${i}`, 'TIMESTAMP(3) NULL', 'TIMESTAMPTZ(6)', `FROM_UNIXTIME(1600000000 + seq + ${i}) + INTERVAL ((seq % 1000) * 1000) MICROSECOND`),
  (i) => column(`name_${i}`, 'VARCHAR(255) NOT NULL', 'VARCHAR(255) NOT NULL', `CONCAT('value ', seq, ' of column ${i}')`),
  (i) => column(`code_${i}`, 'CHAR(12) NOT NULL', 'VARCHAR(12) NOT NULL', `LPAD(seq % 100000, 12, '0')`),
  (i) => column(`text_${i}`, 'TEXT NULL', 'TEXT', `IF(seq % 2 = 0, NULL, REPEAT(CONCAT('t', seq % 10), 20))`),
  (i) => column(`flag_${i}`, 'TINYINT(1) NOT NULL', 'BOOLEAN NOT NULL', `(seq + ${i}) % 3 = 0`),
  (i) => column(`doc_${i}`, 'JSON NOT NULL', 'JSONB NOT NULL', `JSON_OBJECT('k', seq, 'v', CONCAT('x', seq % 17))`),
  (i) => column(`state_${i}`, "ENUM('new','paid','shipped') NOT NULL", 'TEXT NOT NULL', `ELT(1 + (seq + ${i}) % 3, 'new', 'paid', 'shipped')`),
];

export const WIDE = {
  columns: [...KEY_AND_CURSOR, ...Array.from({ length: 38 }, (_, i) => WIDE_KINDS[i % WIDE_KINDS.length](i + 1))],
  fingerprint: ['COUNT(*)', 'SUM(id)', 'SUM(dec_4)', 'COUNT(small_3)'],
};

export const columnNames = (spec) => spec.columns.map((c) => c.name).join(', ');

/** `database.table` in MariaDB, created with `rows` rows (ids 1…rows) in chunks of one million. */
export async function createTable(db, database, table, spec, rows) {
  const name = `\`${database}\`.\`${table}\``;
  await db.query(`DROP TABLE IF EXISTS ${name}`);
  await db.query(
    `CREATE TABLE ${name} (${spec.columns.map((c) => `${c.name} ${c.mysql}`).join(', ')},
     PRIMARY KEY (id), KEY by_cursor (updated_at, id)) CHARACTER SET utf8mb4`,
  );
  for (let from = 1; from <= rows; from += 1_000_000) {
    const to = Math.min(from + 999_999, rows);
    await db.query(
      `INSERT INTO ${name} (${columnNames(spec)}) SELECT ${spec.columns.map((c) => c.value).join(', ')} FROM \`${database}\`.seq_${from}_to_${to}`,
    );
  }
}

/** Moves every 100th row's cursor past all others and changes its amount; returns how many rows changed. */
export async function changeOnePercent(db, database, table) {
  const [result] = await db.query(
    `UPDATE \`${database}\`.\`${table}\`
     SET updated_at = ? + INTERVAL (id DIV 10) MICROSECOND, amount = amount + 1 WHERE id % 100 = 0`,
    ['2025-06-01 00:00:00'],
  );
  return result.affectedRows;
}

/** The raw pipe's target: the same columns and primary key as Tidemark's target table. */
export function postgresTableDdl(schema, table, spec) {
  return `CREATE TABLE "${schema}"."${table}" (${spec.columns.map((c) => `${c.name} ${c.pg}`).join(', ')}, PRIMARY KEY (id))`;
}
