import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { LeaseStage } from '@tidemark/watermark-model';

export class LeaseRefDto {
  @ApiProperty() @IsString() @MaxLength(64) pipeline!: string;
  @ApiProperty() @IsString() @MaxLength(200) table!: string;
  @ApiProperty({ enum: ['extract', 'load'] }) @IsIn(['extract', 'load']) stage!: LeaseStage;
  @ApiProperty() @IsInt() @Min(1) token!: number;
  /** Optional here so a request without it is refused by the store with 403, like a wrong one. */
  @ApiProperty({ description: 'the secret returned by POST /leases; only the holder knows it' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  secret!: string;
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
  @ApiPropertyOptional({
    example: 'host-1:4141',
    description: 'a live holder the requester found dead on its own host: granted over it only if still the holder and on that host',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  takeOverFrom?: string;
}

/** What POST /leases answers: the lease, with the secret only its holder gets. */
export class HeldLeaseDto {
  @ApiProperty() pipeline!: string;
  @ApiProperty() table!: string;
  @ApiProperty({ enum: ['extract', 'load'] }) stage!: LeaseStage;
  @ApiProperty() holder!: string;
  @ApiProperty({ description: 'fencing token: larger for every grant' }) token!: number;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ description: 'send with the token to renew or release; shown nowhere else' }) secret!: string;
}

/** In a commit's body: release the lease the commit is fenced by, in the commit's transaction. */
export class CommitReleaseDto {
  @ApiProperty({ description: 'the secret returned by POST /leases with the fencing token' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  secret!: string;
}
