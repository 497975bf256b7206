import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { badInput } from '@tidemark/errors';
import { LEASE_STAGES, LeaseStage, parseTableId, WatermarkApi } from '@tidemark/watermark-model';
import { HeldLeaseDto, LeaseRefDto, LeaseRenewDto, LeaseRequestDto } from '@tidemark/watermark-dto';
import { WATERMARK_API } from './watermark-api.provider';

@ApiTags('leases')
@ApiBearerAuth()
@Controller('leases')
export class LeasesController {
  constructor(@Inject(WATERMARK_API) private readonly api: WatermarkApi) {}

  /** 201 with a fencing token and the holder's secret, or 409 while another holder's lease is live. */
  @Post()
  @ApiCreatedResponse({ type: HeldLeaseDto })
  acquire(@Body() body: LeaseRequestDto) {
    return this.api.acquireLease({ ...body, ...parseTableId(body.pipeline, body.table) });
  }

  @Post('renew')
  @HttpCode(200)
  @ApiForbiddenResponse({ description: 'the secret is missing or not the one given at acquire' })
  renew(@Body() body: LeaseRenewDto) {
    return this.api.renewLease({ ...body, ...parseTableId(body.pipeline, body.table) }, body.ttlSeconds);
  }

  @Post('release')
  @HttpCode(204)
  @ApiForbiddenResponse({ description: 'the secret is missing or not the one given at acquire' })
  release(@Body() body: LeaseRefDto) {
    return this.api.releaseLease({ ...body, ...parseTableId(body.pipeline, body.table) });
  }

  @Get(':pipeline/:table/:stage')
  async holder(@Param('pipeline') p: string, @Param('table') t: string, @Param('stage') stage: string) {
    if (!LEASE_STAGES.includes(stage as LeaseStage)) throw badInput(`invalid stage "${stage}": use extract or load`);
    return { lease: await this.api.leaseHolder(parseTableId(p, t), stage as LeaseStage) };
  }
}
