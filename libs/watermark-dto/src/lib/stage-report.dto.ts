import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CommitReleaseDto } from './lease.dto';

export class ExtractStartDto {
  @ApiProperty({ example: 'hybrid' }) @IsString() @MaxLength(32) strategy!: string;
}

export class ExtractSuccessDto {
  @ApiPropertyOptional({ description: "rows whose cursor was after the source's clock" })
  @IsOptional()
  @IsInt()
  @Min(0)
  futureRows?: number;
}

export class StageFailureDto {
  @ApiProperty() @IsString() @MaxLength(10_000) error!: string;
}

export class LoadCommitDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(100_000)
  @Matches(/^[A-Za-z0-9_.-]{1,80}$/, { each: true, message: 'each manifest id must be 1-80 letters, digits, _ . -' })
  manifestIds!: string[];

  @ApiPropertyOptional({ type: [String], description: 'closed without loading: replaced by a newer full_sync snapshot' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100_000)
  @Matches(/^[A-Za-z0-9_.-]{1,80}$/, { each: true, message: 'each manifest id must be 1-80 letters, digits, _ . -' })
  supersededIds?: string[];

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) fencingToken?: number;

  @ApiPropertyOptional({ description: 'this load replaced the target with every pending manifest: clears load.rebuildPending' })
  @IsOptional()
  @IsBoolean()
  rebuilt?: boolean;

  @ApiPropertyOptional({ type: CommitReleaseDto, description: "the load's last report: also releases the lease, in the same transaction" })
  @IsOptional()
  @ValidateNested()
  @Type(() => CommitReleaseDto)
  release?: CommitReleaseDto;
}
