import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, MaxLength } from 'class-validator';

export class ImportDto {
  @ApiProperty({ description: 'a Tidemark export, or one watermark file of the Python tool (v1 or v2)' })
  @IsDefined()
  document!: unknown;

  @ApiPropertyOptional({ description: 'pipeline for old-tool files', default: 'default' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  pipeline?: string;

  @ApiPropertyOptional({ description: 'table key, when the file does not name it' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  table?: string;
}
