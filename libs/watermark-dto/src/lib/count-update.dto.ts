import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class CountUpdateDto {
  @ApiProperty({ enum: ['extract', 'load'] })
  @IsIn(['extract', 'load'])
  stage!: 'extract' | 'load';

  @ApiProperty({ enum: ['set', 'add'], default: 'set' })
  @IsIn(['set', 'add'])
  mode: 'set' | 'add' = 'set';

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(-Number.MAX_SAFE_INTEGER)
  @Max(Number.MAX_SAFE_INTEGER)
  rows?: number;

  @ApiPropertyOptional({ description: 'files (extract) or manifests (load)' })
  @IsOptional()
  @IsInt()
  @Min(-Number.MAX_SAFE_INTEGER)
  @Max(Number.MAX_SAFE_INTEGER)
  files?: number;
}
