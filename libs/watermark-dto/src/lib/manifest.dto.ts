import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { BinlogPositionDto } from './manual-cursor.dto';
import { CommitReleaseDto } from './lease.dto';
import { ExtractSuccessDto } from './stage-report.dto';

const CANONICAL_TS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;
const ID = /^[A-Za-z0-9_.-]{1,80}$/;

/** A binlog table's watermark (ADR 0041). */
export class BinlogCursorDto extends BinlogPositionDto {
  @ApiProperty({ enum: ['snapshot', 'stream'] }) @IsIn(['snapshot', 'stream']) phase!: 'snapshot' | 'stream';
  @ApiProperty({ example: '4398046511104' }) @Matches(/^(0|[1-9]\d{0,18})$/) order!: string;
}

/** A cursor table's first run read in primary-key order (ADR 0050). */
export class KeyScanCursorDto {
  @ApiProperty({
    example: '2025-08-01 10:00:00.123456',
    description: 'the first run reads rows up to this cursor value',
  })
  @Matches(CANONICAL_TS, { message: 'ceiling must be canonical UTC YYYY-MM-DD HH:MM:SS.ffffff' })
  ceiling!: string;
}

export class CursorDto {
  @ApiProperty({ nullable: true, example: '2025-08-01 10:00:00.123456' })
  @ValidateIf((_, v) => v !== null)
  @Matches(CANONICAL_TS, { message: 'timestamp must be canonical UTC YYYY-MM-DD HH:MM:SS.ffffff' })
  timestamp!: string | null;

  @ApiProperty({ nullable: true, type: [String] })
  @ValidateIf((_, v) => v !== null)
  @IsArray()
  @ArrayMaxSize(16)
  @IsString({ each: true })
  primaryKey!: string[] | null;

  @ApiPropertyOptional({ type: BinlogCursorDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => BinlogCursorDto)
  binlog?: BinlogCursorDto | null;

  @ApiPropertyOptional({ type: KeyScanCursorDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => KeyScanCursorDto)
  keyScan?: KeyScanCursorDto | null;
}

export class ColumnSchemaDto {
  @ApiProperty() @IsString() @MaxLength(64) name!: string;
  @ApiProperty() @IsString() @MaxLength(32) dataType!: string;
  @ApiProperty() @IsString() @MaxLength(4096) columnType!: string;
  @ApiProperty() @IsBoolean() nullable!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) length!: number | null;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) precision!: number | null;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) scale!: number | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) charset!: string | null;
}

export class ManifestFileDto {
  @ApiProperty() @IsString() @MaxLength(1024) key!: string;
  @ApiProperty() @IsString() @MaxLength(2048) uri!: string;
  @ApiProperty() @IsInt() @Min(0) rows!: number;
  @ApiProperty() @IsInt() @Min(0) bytes!: number;
  @ApiProperty() @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lower-case hex digits' }) sha256!: string;
}

/** The column every file of the manifest ends with and its value (ADR 0015); the store checks both. */
export class ManifestLoadOrderDto {
  @ApiProperty({ example: '_tidemark_load_order' }) @IsString() @MaxLength(128) column!: string;
  @ApiProperty({ example: '5242881', description: 'a signed BIGINT in decimal digits' })
  @Matches(/^[1-9]\d{0,18}$/)
  value!: string;
}

/** Binlog tables: the change columns every file carries (manifest.ts ManifestChanges). */
export class ManifestChangesDto {
  @ApiProperty() @IsString() @MaxLength(128) operationColumn!: string;
  @ApiProperty() @IsString() @MaxLength(128) positionColumn!: string;
  @ApiProperty() @IsString() @MaxLength(128) orderColumn!: string;
}

export class SourceCommitTimesDto {
  @ApiProperty() @IsString() @MaxLength(40) oldest!: string;
  @ApiProperty() @IsString() @MaxLength(40) newest!: string;
}

/** A manifest as sent with an extract commit; the store checks that its counts add up. */
export class ManifestDto {
  @ApiProperty({ example: 1 }) @Equals(1) version!: 1;
  @ApiProperty() @Matches(ID) id!: string;
  @ApiProperty() @IsString() @MaxLength(64) pipeline!: string;
  @ApiProperty() @IsString() @MaxLength(200) table!: string;
  @ApiProperty() @Matches(ID) runId!: string;
  @ApiProperty() @IsInt() @Min(1) sequence!: number;
  @ApiProperty() @IsString() @MaxLength(40) createdAt!: string;
  @ApiProperty() @IsString() @MaxLength(32) strategy!: string;
  @ApiProperty({ nullable: true, type: String })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(64)
  cursorColumn!: string | null;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(16) @IsString({ each: true }) primaryKey!: string[];

  @ApiProperty({ type: [ColumnSchemaDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4096)
  @ValidateNested({ each: true })
  @Type(() => ColumnSchemaDto)
  columns!: ColumnSchemaDto[];

  @ApiPropertyOptional({ type: ManifestLoadOrderDto, description: 'absent in manifests of earlier versions' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ManifestLoadOrderDto)
  loadOrder?: ManifestLoadOrderDto;

  @ApiProperty() @Matches(/^[0-9a-f]{8,64}$/) schemaFingerprint!: string;

  /** Empty only for a full_sync snapshot of an empty table. */
  @ApiProperty({ type: [ManifestFileDto] })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => ManifestFileDto)
  files!: ManifestFileDto[];

  @ApiProperty() @IsInt() @Min(0) rowCount!: number;
  @ApiProperty() @IsInt() @Min(0) byteCount!: number;
  @ApiProperty({ type: CursorDto }) @ValidateNested() @Type(() => CursorDto) minCursor!: CursorDto;
  @ApiProperty({ type: CursorDto }) @ValidateNested() @Type(() => CursorDto) maxCursor!: CursorDto;

  @ApiPropertyOptional({ type: ManifestChangesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ManifestChangesDto)
  changes?: ManifestChangesDto;

  @ApiPropertyOptional({ type: SourceCommitTimesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SourceCommitTimesDto)
  sourceCommitTimes?: SourceCommitTimesDto;
}

export class ExtractCommitDto {
  @ApiProperty({ type: ManifestDto }) @ValidateNested() @Type(() => ManifestDto) manifest!: ManifestDto;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) fencingToken?: number;

  @ApiPropertyOptional({
    type: CommitReleaseDto,
    description:
      "the run's last commit: also marks the stage succeeded and releases the lease, in the same transaction",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CommitReleaseDto)
  release?: CommitReleaseDto;

  @ApiPropertyOptional({
    type: ExtractSuccessDto,
    description: 'with release only: what the run saw besides its commits',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExtractSuccessDto)
  summary?: ExtractSuccessDto;
}
