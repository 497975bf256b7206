import { sqlDebugLines } from './sql-debug-line';

const at = '2025-01-01T00:00:00.000Z';

describe('sqlDebugLines', () => {
  it('shows the statement, then its bound values apart', () => {
    expect(
      sqlDebugLines({ database: 'mysql', server: 'db:3306', sql: 'SELECT a\n  FROM t WHERE id > ?', params: [5, 'x'] }, at),
    ).toBe(`debug ${at} sql mysql (db:3306): SELECT a FROM t WHERE id > ?\ndebug ${at}   values: [5, "x"]\n`);
  });

  it('has no values line for a statement without values', () => {
    expect(sqlDebugLines({ database: 'warehouse', server: 'pg', sql: 'COMMIT', params: [] }, at)).toBe(
      `debug ${at} sql warehouse (pg): COMMIT\n`,
    );
  });

  it('never shows a secret of a COPY', () => {
    const sql =
      "COPY \"s\" FROM 's3://b/m' ACCESS_KEY_ID 'AKIAABCDEFGHIJKLMNOP' SECRET_ACCESS_KEY 'abc/def+ghi=jklmnopqrst' SESSION_TOKEN 'tok''en' FORMAT AS PARQUET MANIFEST";
    const line = sqlDebugLines({ database: 'warehouse', server: 'rs', sql, params: [] }, at);
    expect(line).toContain("ACCESS_KEY_ID '***' SECRET_ACCESS_KEY '***' SESSION_TOKEN '***' FORMAT AS PARQUET MANIFEST");
    expect(line).not.toMatch(/AKIA|abc\/def|tok/);
  });

  it('cuts long statements and long values, and shows bytes by their size', () => {
    const line = sqlDebugLines(
      { database: 'mysql', server: 'db', sql: `SELECT '${'y'.repeat(3000)}'`, params: ['z'.repeat(500), Buffer.alloc(70)] },
      at,
    );
    expect(line).toMatch(/y… \(1009 more characters\)\n/);
    expect(line).toMatch(/z… \(302 more characters\), <70 bytes>\]\n$/);
  });
});
