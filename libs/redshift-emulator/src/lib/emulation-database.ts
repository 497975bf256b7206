import { Client } from 'pg';

/** Serializes the preparation across test files sharing the database. */
const PREPARE_LOCK = 7480;

/**
 * The emulation database with Redshift's names: GETDATE, JSON_PARSE, SUPER
 * (a JSONB domain), stl_load_errors; and the function the proxy raises its
 * refusals with, so they abort the client's transaction in PostgreSQL
 * itself. Created once; safe to call from parallel test files.
 */
export async function prepareEmulationDatabase(postgresUrl: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`).catch(() => undefined); // a parallel file won the race
    }
  } finally {
    await admin.end();
  }
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  try {
    await db.query('SELECT pg_advisory_lock($1)', [PREPARE_LOCK]);
    await db.query(`CREATE OR REPLACE FUNCTION getdate() RETURNS timestamp LANGUAGE sql AS $$SELECT now() AT TIME ZONE 'UTC'$$`);
    await db.query('CREATE OR REPLACE FUNCTION json_parse(text) RETURNS jsonb LANGUAGE sql AS $$SELECT $1::jsonb$$');
    await db.query(
      `DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'super') THEN CREATE DOMAIN super AS jsonb; END IF; END$$`,
    );
    await db.query(
      'CREATE TABLE IF NOT EXISTS stl_load_errors (filename TEXT, line_number BIGINT, colname TEXT, err_code INTEGER, err_reason TEXT, starttime TIMESTAMPTZ)',
    );
    await db.query(
      `CREATE OR REPLACE FUNCTION redshift_emulator_raise(message text, code text, detail text) RETURNS void LANGUAGE plpgsql AS
       $$BEGIN RAISE EXCEPTION USING MESSAGE = message, ERRCODE = code, DETAIL = detail; END$$`,
    );
    // VARBYTE(n): a BYTEA domain per size, made on first use (a racing session's duplicate is fine).
    await db.query(
      `CREATE OR REPLACE FUNCTION redshift_emulator_varbyte(n integer) RETURNS void LANGUAGE plpgsql AS
       $$BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'varbyte_' || n AND typnamespace = 'public'::regnamespace) THEN
           EXECUTE format('CREATE DOMAIN public.%I AS bytea CHECK (octet_length(VALUE) <= %s)', 'varbyte_' || n, n);
         END IF;
       EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
       END$$`,
    );
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [PREPARE_LOCK]).catch(() => undefined);
    await db.end();
  }
}
