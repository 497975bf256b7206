import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class SshSection {
  @IsString() @MinLength(1) host!: string;
  @IsOptional() @IsInt() @Min(1) @Max(65535) port?: number;
  @IsString() @MinLength(1) username!: string;
  /** Path of the private key file (relative to the config's parent folder). */
  @IsOptional() @IsString() privateKeyPath?: string;
  /** Or the key itself, usually `${SSH_KEY}`. */
  @IsOptional() @IsString() privateKey?: string;
  @IsOptional() @IsString() passphrase?: string;
  /** A known_hosts file to check the bastion's host key against. */
  @IsOptional() @IsString() knownHostsPath?: string;
  /** Or the pinned key fingerprint, `SHA256:…` as `ssh-keygen -lf` prints it. */
  @IsOptional() @IsString() hostKeyFingerprint?: string;
  /** Accept any host key: for tests only, never in production. */
  @IsOptional() @IsBoolean() insecureSkipHostKeyCheck?: boolean;
}

export class ConnectionFile {
  @IsString() @MinLength(1) host!: string;
  @IsInt() @Min(1) @Max(65535) port = 3306;
  @IsString() @MinLength(1) user!: string;
  @IsOptional() @IsString() password?: string;
  @IsOptional() @IsString() database?: string;
  @IsOptional() @IsString() timezone?: string;
  /** Give up connecting after this long (default 10). */
  @IsOptional() @IsInt() @Min(1) @Max(3600) connectTimeoutSeconds?: number;
  /** A query that gets no byte from the server for this long while it is awaited fails the run (default 300). */
  @IsOptional() @IsInt() @Min(1) @Max(86_400) readIdleTimeoutSeconds?: number;
  /** Reach the database through this SSH bastion. */
  @IsOptional() @ValidateNested() @Type(() => SshSection) ssh?: SshSection;
}

/** Column names are source (MySQL) names or warehouse names. */
export class RedshiftTableLayout {
  @IsOptional() @IsString() @MinLength(1) distKey?: string;
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsString({ each: true }) sortKey?: string[];
  /** `column: zstd` compression encodings. */
  @IsOptional() @IsObject() encode?: Record<string, string>;
}

export class TableEntry {
  @IsOptional() @IsIn(['hybrid', 'timestamp_only', 'id_only', 'full_sync', 'custom', 'binlog']) strategy?: string;
  @IsOptional() @IsString() @MinLength(1) cursorColumn?: string;
  /** The warehouse table to load into; default: the source table's name. */
  @IsOptional()
  @IsString()
  @Matches(/^[\p{L}\p{N}_$]{1,64}$/u, {
    message: (a) => `${JSON.stringify(a.value)} is not a table name: use 1 to 64 letters, digits, _ or $`,
  })
  targetTable?: string;
  @IsOptional() @IsString() @MinLength(1) where?: string;
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsString({ each: true }) keyColumns?: string[];
  @IsOptional() @IsInt() @Min(0) @Max(7 * 86_400) lagSeconds?: number;
  @IsOptional() @IsInt() @Min(0) @Max(30 * 86_400) lookbackSeconds?: number;
  /** The lag used when the source user cannot see open transactions (no PROCESS privilege). */
  @IsOptional() @IsInt() @Min(0) @Max(7 * 86_400) fallbackLagSeconds?: number;
  @IsOptional() @IsInt() @Min(1) @Max(10_000_000) batchSize?: number;
  /** merge (default; needs a key), append (every version) or full_sync (default for strategy full_sync). */
  @IsOptional() @IsIn(['merge', 'append', 'full_sync']) loadMode?: 'merge' | 'append' | 'full_sync';
  /** Redshift: a text value longer than its column's bytes fails the sync (default) or is cut. */
  @IsOptional() @IsIn(['fail', 'truncate']) oversizeText?: 'fail' | 'truncate';
  /** Text the warehouse cannot store (NUL, JSON \u0000): fail the extract (default), replace or strip. */
  @IsOptional() @IsIn(['fail', 'replace', 'strip']) unstorableText?: 'fail' | 'replace' | 'strip';
  /** TINYINT(1): SMALLINT (default, lossless) or BOOLEAN. */
  @IsOptional() @IsIn(['smallint', 'boolean']) tinyint1?: 'smallint' | 'boolean';
  /** With tinyint1: boolean, a value other than 0/1 fails the extract (default) or loads NULL, its key reported. */
  @IsOptional() @IsIn(['fail', 'log']) nonBooleanValues?: 'fail' | 'log';
  /** Redshift table layout. */
  @IsOptional() @ValidateNested() @Type(() => RedshiftTableLayout) redshift?: RedshiftTableLayout;
}

export class ScheduleEntry {
  @IsOptional() @IsString() extract?: string;
  @IsOptional() @IsString() load?: string;
}

/** Micro-batches instead of a cron (issue 20, ADR 0043): for the extractor and loader services. */
export class ContinuousSection {
  /** A micro-batch at least this often, counted from the end of the last one. */
  @IsInt() @Min(1) @Max(86_400) intervalSeconds!: number;
  /** Or sooner, as soon as this many rows wait (extractor: above the watermark; loader: in pending manifests). */
  @IsOptional() @IsInt() @Min(1) @Max(100_000_000) maxBufferedRows?: number;
  /** How often to look for waiting rows (default 1; only with maxBufferedRows). */
  @IsOptional() @IsInt() @Min(1) @Max(3600) probeSeconds?: number;
}

export class PipelineFile {
  @IsString() @MinLength(1) connection!: string;
  /** A warehouse schema name, with the same rule as MySQL names in table keys. */
  @IsOptional()
  @IsString()
  @Matches(/^[\p{L}\p{N}_$]{1,64}$/u, {
    message: (a) => `targetSchema ${JSON.stringify(a.value)} is not a schema name: use 1 to 64 letters, digits, _ or $`,
  })
  targetSchema?: string;
  /** `schema.table: {options}` */
  @IsOptional() @IsObject() tables?: Record<string, TableEntry | null>;
  /** Every table's unstorableText unless the table sets its own. */
  @IsOptional() @IsIn(['fail', 'replace', 'strip']) unstorableText?: 'fail' | 'replace' | 'strip';
  /** Every table's tinyint1 and nonBooleanValues unless the table sets its own. */
  @IsOptional() @IsIn(['smallint', 'boolean']) tinyint1?: 'smallint' | 'boolean';
  @IsOptional() @IsIn(['fail', 'log']) nonBooleanValues?: 'fail' | 'log';
  @IsOptional() @ValidateNested() @Type(() => ScheduleEntry) schedule?: ScheduleEntry;
  @IsOptional() @ValidateNested() @Type(() => ContinuousSection) continuous?: ContinuousSection;
}

export class StoreSection {
  @IsIn(['sqlite', 'postgres']) type!: 'sqlite' | 'postgres';
  @IsOptional() @IsString() path?: string;
  @IsOptional() @IsString() url?: string;
  /** PostgreSQL schema for the store's tables; default: the connection's search path. */
  @IsOptional() @IsString() schema?: string;
  /** PostgreSQL: give up connecting after this long (default 10). */
  @IsOptional() @IsInt() @Min(1) @Max(3600) connectTimeoutSeconds?: number;
  /** PostgreSQL: a store statement is cancelled after this long (default 60). */
  @IsOptional() @IsInt() @Min(1) @Max(3600) statementTimeoutSeconds?: number;
  /** PostgreSQL: connections the process keeps to the store at most (default 20). */
  @IsOptional() @IsInt() @Min(1) @Max(1000) poolSize?: number;
  /** SQLite: wait this long for another process's write lock (default 10). */
  @IsOptional() @IsInt() @Min(1) @Max(3600) busyTimeoutSeconds?: number;
}

export class ObjectStoreSection {
  @IsIn(['local', 's3']) type!: 'local' | 's3';
  @IsOptional() @IsString() directory?: string;
  @IsOptional() @IsString() prefix?: string;
  @IsOptional() @IsString() bucket?: string;
  @IsOptional() @IsString() endpoint?: string;
  /** Accept a plain-http endpoint on another host (a private network); refused by default. */
  @IsOptional() @IsBoolean() allowHttp?: boolean;
  @IsOptional() @IsString() region?: string;
  @IsOptional() @IsString() accessKeyId?: string;
  @IsOptional() @IsString() secretAccessKey?: string;
  /** An S3 request that gets no answer for this long is abandoned and retried (default 60). */
  @IsOptional() @IsInt() @Min(1) @Max(3600) requestTimeoutSeconds?: number;
}

export class RedshiftSection {
  /** COPY reads the files with this role (preferred)... */
  @IsOptional() @IsString() iamRole?: string;
  /** ...or with these keys, usually `${AWS_ACCESS_KEY_ID}`. */
  @IsOptional() @IsString() accessKeyId?: string;
  @IsOptional() @IsString() secretAccessKey?: string;
  @IsOptional() @IsString() sessionToken?: string;
  /** Redshift Serverless: load errors come from sys_load_error_detail. */
  @IsOptional() @IsBoolean() serverless?: boolean;
  /** 'bytes' (default) sizes VARCHAR by charset; 'double' is the old tool's 2 × n. */
  @IsOptional() @IsIn(['bytes', 'double']) varcharMode?: 'bytes' | 'double';
  /** Node slices of the cluster: COPY file counts are rounded to a multiple of it. */
  @IsOptional() @IsInt() @Min(1) @Max(10_000) slices?: number;
}

export class WarehouseSection {
  @IsIn(['postgres', 'redshift']) type!: 'postgres' | 'redshift';
  /** `postgres://user:password@host:port/db`; Redshift speaks the same protocol. */
  @IsString() @MinLength(1) url!: string;
  /** Reach the warehouse through this SSH bastion. */
  @IsOptional() @ValidateNested() @Type(() => SshSection) ssh?: SshSection;
  @IsOptional() @ValidateNested() @Type(() => RedshiftSection) redshift?: RedshiftSection;
  /** Give up connecting after this long (default 10). */
  @IsOptional() @IsInt() @Min(1) @Max(3600) connectTimeoutSeconds?: number;
  /** A statement without an answer this long makes Tidemark check the server on a new connection (default 300). */
  @IsOptional() @IsInt() @Min(1) @Max(86_400) readIdleTimeoutSeconds?: number;
  /** The server cancels a statement that runs longer (default 21600, 6 hours). */
  @IsOptional() @IsInt() @Min(1) @Max(7 * 86_400) statementTimeoutSeconds?: number;
}

export class ExtractSection {
  @IsOptional() @IsInt() @Min(64 * 1024) targetFileBytes?: number;
  @IsOptional() @IsInt() @Min(1000) rowGroupRows?: number;
}

export class WatermarkServiceSection {
  @IsString() @MinLength(1) url!: string;
  /** Usually `${TIDEMARK_API_TOKEN}`. */
  @IsString() @MinLength(16) token!: string;
  /** A request with no answer for this long fails (default 30). */
  @IsOptional() @IsInt() @Min(1) @Max(3600) requestTimeoutSeconds?: number;
}

export class MainFile {
  @IsOptional() @IsString() workDirectory?: string;
  @IsDefined() @ValidateNested() @Type(() => StoreSection) watermarkStore!: StoreSection;
  @IsOptional() @ValidateNested() @Type(() => WatermarkServiceSection) watermarkService?: WatermarkServiceSection;
  @IsDefined() @ValidateNested() @Type(() => ObjectStoreSection) objectStore!: ObjectStoreSection;
  @IsDefined() @ValidateNested() @Type(() => WarehouseSection) warehouse!: WarehouseSection;
  @IsOptional() @ValidateNested() @Type(() => ExtractSection) extract?: ExtractSection;
  /** Tables worked at once by `sync` and by the extractor and loader services. */
  @IsOptional() @IsInt() @Min(1) @Max(64) parallelTables?: number;
  /** Where each run's JSON report is written (relative to the config's parent folder). */
  @IsOptional() @IsString() @MinLength(1) logDirectory?: string;
}
