import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ResetStage } from '@tidemark/watermark-model';

export class ResetDto {
  @ApiProperty({ enum: ['all', 'extract', 'load'], default: 'all' })
  @IsIn(['all', 'extract', 'load'])
  stage: ResetStage = 'all';
}
