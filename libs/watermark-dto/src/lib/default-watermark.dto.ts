import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class DefaultWatermarkDto {
  @ApiPropertyOptional({ example: '1d', description: 'relative to each run: 12h, 1d, 1week, 1month' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  preset?: string;

  @ApiPropertyOptional({ example: '2025-01-01 00:00:00' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  timestamp?: string;
}
