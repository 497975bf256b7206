import { ApiPropertyOptional } from '@nestjs/swagger';
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

export class BinlogPositionDto {
  @Matches(/^[A-Za-z0-9_.-]{1,200}\.\d{1,10}$/) file!: string;
  @IsInt() @Min(4) pos!: number;
  @IsOptional() @Matches(/^\d{1,10}-\d{1,10}-\d{1,20}(,\d{1,10}-\d{1,10}-\d{1,20})*$/) gtid?: string;
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
