import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
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
  /** Reach the database through this SSH bastion. */
  @IsOptional() @ValidateNested() @Type(() => SshSection) ssh?: SshSection;
}

export class TableEntry {
  @IsOptional() @IsIn(['hybrid', 'timestamp_only', 'id_only', 'full_sync', 'custom']) strategy?: string;
  @IsOptional() @IsString() @MinLength(1) cursorColumn?: string;
  @IsOptional() @IsString() @MinLength(1) where?: string;
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsString({ each: true }) keyColumns?: string[];
  @IsOptional() @IsInt() @Min(0) @Max(7 * 86_400) lagSeconds?: number;
  @IsOptional() @IsInt() @Min(0) @Max(30 * 86_400) lookbackSeconds?: number;
  @IsOptional() @IsInt() @Min(1) @Max(10_000_000) batchSize?: number;
}

export class ScheduleEntry {
  @IsOptional() @IsString() extract?: string;
  @IsOptional() @IsString() load?: string;
}

export class PipelineFile {
  @IsString() @MinLength(1) connection!: string;
  @IsOptional() @IsString() @MinLength(1) targetSchema?: string;
  /** `schema.table: {options}` */
  @IsOptional() @IsObject() tables?: Record<string, TableEntry | null>;
  @IsOptional() @ValidateNested() @Type(() => ScheduleEntry) schedule?: ScheduleEntry;
}

export class StoreSection {
  @IsIn(['sqlite', 'postgres']) type!: 'sqlite' | 'postgres';
  @IsOptional() @IsString() path?: string;
  @IsOptional() @IsString() url?: string;
  /** PostgreSQL schema for the store's tables; default: the connection's search path. */
  @IsOptional() @IsString() schema?: string;
}

export class ObjectStoreSection {
  @IsIn(['local', 's3']) type!: 'local' | 's3';
  @IsOptional() @IsString() directory?: string;
  @IsOptional() @IsString() prefix?: string;
  @IsOptional() @IsString() bucket?: string;
  @IsOptional() @IsString() endpoint?: string;
  @IsOptional() @IsString() region?: string;
  @IsOptional() @IsString() accessKeyId?: string;
  @IsOptional() @IsString() secretAccessKey?: string;
}

export class WarehouseSection {
  @IsIn(['postgres']) type!: 'postgres';
  @IsString() @MinLength(1) url!: string;
}

export class ExtractSection {
  @IsOptional() @IsInt() @Min(64 * 1024) targetFileBytes?: number;
  @IsOptional() @IsInt() @Min(1000) rowGroupRows?: number;
}

export class WatermarkServiceSection {
  @IsString() @MinLength(1) url!: string;
  /** Usually `${TIDEMARK_API_TOKEN}`. */
  @IsString() @MinLength(16) token!: string;
}

export class MainFile {
  @IsOptional() @IsString() workDirectory?: string;
  @ValidateNested() @Type(() => StoreSection) watermarkStore!: StoreSection;
  @IsOptional() @ValidateNested() @Type(() => WatermarkServiceSection) watermarkService?: WatermarkServiceSection;
  @ValidateNested() @Type(() => ObjectStoreSection) objectStore!: ObjectStoreSection;
  @ValidateNested() @Type(() => WarehouseSection) warehouse!: WarehouseSection;
  @IsOptional() @ValidateNested() @Type(() => ExtractSection) extract?: ExtractSection;
}
