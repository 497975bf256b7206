import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { LeaseStage } from '@tidemark/watermark-model';

export class LeaseRefDto {
  @ApiProperty() @IsString() @MaxLength(64) pipeline!: string;
  @ApiProperty() @IsString() @MaxLength(200) table!: string;
  @ApiProperty({ enum: ['extract', 'load'] }) @IsIn(['extract', 'load']) stage!: LeaseStage;
  @ApiProperty() @IsInt() @Min(1) token!: number;
}

export class LeaseRenewDto extends LeaseRefDto {
  @ApiProperty({ type: Number, default: 60 }) @IsInt() @Min(1) @Max(86_400) ttlSeconds = 60;
}

export class LeaseRequestDto {
  @ApiProperty() @IsString() @MaxLength(64) pipeline!: string;
  @ApiProperty() @IsString() @MaxLength(200) table!: string;
  @ApiProperty({ enum: ['extract', 'load'] }) @IsIn(['extract', 'load']) stage!: LeaseStage;
  @ApiProperty({ example: 'host-1:4242' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[\x20-\x7e]+$/, { message: 'holder must be printable ASCII' })
  holder!: string;
  @ApiProperty({ type: Number, default: 60 }) @IsInt() @Min(1) @Max(86_400) ttlSeconds = 60;
}
