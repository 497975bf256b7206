#!/bin/sh
# Creates the watermark store's database and the warehouse database, each
# owned by its own role. The PostgreSQL image runs this once, when its volume
# is new. Passwords come from the environment, passed to psql as variables
# that psql quotes (:'name'), never pasted into the SQL text.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v store_password="$WATERMARK_DB_PASSWORD" \
  -v warehouse_password="$WAREHOUSE_DB_PASSWORD" <<'SQL'
CREATE ROLE tidemark LOGIN PASSWORD :'store_password';
CREATE DATABASE tidemark OWNER tidemark;
CREATE ROLE warehouse LOGIN PASSWORD :'warehouse_password';
CREATE DATABASE warehouse OWNER warehouse;
SQL
