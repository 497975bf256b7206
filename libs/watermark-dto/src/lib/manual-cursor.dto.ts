import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

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
}
