import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, Matches } from 'class-validator';

/** `POST …/manifests/files-deleted`: manifests `s3clean` deleted objects of (a restore can no longer load them). */
export class ManifestFilesDeletedDto {
  @ApiProperty({ type: [String], example: ['20251121T101500Z-a1b2c3-00001'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100_000)
  @Matches(/^[A-Za-z0-9_.-]{1,80}$/, { each: true, message: 'each manifest id must be 1-80 letters, digits, _ . -' })
  manifestIds!: string[];
}
