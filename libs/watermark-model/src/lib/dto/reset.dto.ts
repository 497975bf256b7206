import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ResetStage } from '../watermark-api';

export class ResetDto {
  @ApiProperty({ enum: ['all', 'extract', 'load'], default: 'all' })
  @IsIn(['all', 'extract', 'load'])
  stage: ResetStage = 'all';
}
