import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** A binlog position: file, offset and, on MariaDB, the GTID position there. */
export class BinlogPositionDto {
  @ApiProperty({ example: 'mysql-bin.000042' }) @Matches(/^[A-Za-z0-9_.-]{1,200}\.\d{1,10}$/) file!: string;
  @ApiProperty() @IsInt() @Min(4) pos!: number;
  @ApiPropertyOptional({ example: '0-1-42' })
  @IsOptional()
  @Matches(/^\d{1,10}-\d{1,10}-\d{1,20}(,\d{1,10}-\d{1,10}-\d{1,20})*$/)
  gtid?: string;
}

export class ManualCursorDto {
  @ApiPropertyOptional({ example: '2025-08-01 10:00:00.123456', description: 'UTC unless an offset is given' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  timestamp?: string;

  @ApiPropertyOptional({ type: [String], example: ['12345'], description: 'primary key value(s) of the last row' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @IsString({ each: true })
  primaryKey?: string[];

  @ApiPropertyOptional({ type: BinlogPositionDto, description: 'binlog tables: the commit position to stream from' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BinlogPositionDto)
  binlogPosition?: BinlogPositionDto;
}
