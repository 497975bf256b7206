import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsOptional, IsString, MaxLength } from 'class-validator';

export class ImportDto {
  @ApiProperty({ description: 'a Tidemark export, or one watermark file of the Python tool (v1 or v2)' })
  @IsDefined()
  document!: unknown;

  @ApiPropertyOptional({
    description: "pipeline for old-tool files (default: default); for a Tidemark export, only that pipeline's entries",
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  pipeline?: string;

  @ApiPropertyOptional({ description: 'table key, when the file does not name it' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  table?: string;

  @ApiPropertyOptional({
    description: 'table key when an old-tool file names none and table is not given (its file name)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fallbackTable?: string;

  @ApiPropertyOptional({ description: 'allow moving a cursor back', default: false })
  @IsOptional()
  @IsBoolean()
  allowRewind?: boolean;
}
