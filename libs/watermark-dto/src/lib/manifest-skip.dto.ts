import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** `POST …/manifests/:id/skip`: why the manifest is set aside (kept with it and in the history). */
export class ManifestSkipDto {
  @ApiProperty({ example: 'NUL byte in notes.body of id=7; row fixed at the source' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}
