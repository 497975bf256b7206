import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Manifest, parseTableId, WatermarkApi } from '@tidemark/watermark-model';
import { ExtractCommitDto, ExtractStartDto, ExtractSuccessDto, LoadCommitDto, StageFailureDto } from '@tidemark/watermark-dto';
import { WATERMARK_API } from './watermark-api.provider';

/** What the extractor and the loader report while they work a table. */
@ApiTags('stages')
@ApiBearerAuth()
@Controller('watermarks/:pipeline/:table')
export class StagesController {
  constructor(@Inject(WATERMARK_API) private readonly api: WatermarkApi) {}

  @Post('extract/start')
  @HttpCode(204)
  extractStarted(@Param('pipeline') p: string, @Param('table') t: string, @Body() body: ExtractStartDto) {
    return this.api.markExtractStarted(parseTableId(p, t), body.strategy);
  }

  @Post('extract/fail')
  @HttpCode(204)
  extractFailed(@Param('pipeline') p: string, @Param('table') t: string, @Body() body: StageFailureDto) {
    return this.api.markExtractFailed(parseTableId(p, t), body.error);
  }

  @Post('extract/succeed')
  @HttpCode(204)
  extractSucceeded(@Param('pipeline') p: string, @Param('table') t: string, @Body() body: ExtractSuccessDto) {
    return this.api.markExtractSucceeded(parseTableId(p, t), body.futureRows === undefined ? undefined : { futureRows: body.futureRows });
  }

  /** Registers a manifest and advances the cursor to its max, atomically; with `release`, also ends the run. */
  @Post('extract/commits')
  @HttpCode(200)
  commitExtract(@Param('pipeline') p: string, @Param('table') t: string, @Body() body: ExtractCommitDto) {
    return this.api.commitExtract({
      ...parseTableId(p, t),
      manifest: body.manifest as unknown as Manifest,
      fencingToken: body.fencingToken,
      release: body.release && { secret: body.release.secret },
      summary: body.summary && { futureRows: body.summary.futureRows ?? 0 },
    });
  }

  @Get('manifests/pending')
  pending(@Param('pipeline') p: string, @Param('table') t: string) {
    return this.api.pendingManifests(parseTableId(p, t));
  }

  @Post('load/start')
  @HttpCode(204)
  loadStarted(@Param('pipeline') p: string, @Param('table') t: string) {
    return this.api.markLoadStarted(parseTableId(p, t));
  }

  @Post('load/fail')
  @HttpCode(204)
  loadFailed(@Param('pipeline') p: string, @Param('table') t: string, @Body() body: StageFailureDto) {
    return this.api.markLoadFailed(parseTableId(p, t), body.error);
  }

  /** Marks manifests loaded; reporting one twice changes nothing. With `release`, also releases the lease. */
  @Post('load/commits')
  @HttpCode(200)
  commitLoad(@Param('pipeline') p: string, @Param('table') t: string, @Body() body: LoadCommitDto) {
    return this.api.commitLoad({
      ...parseTableId(p, t),
      manifestIds: body.manifestIds,
      supersededIds: body.supersededIds,
      fencingToken: body.fencingToken,
      rebuilt: body.rebuilt,
      release: body.release && { secret: body.release.secret },
    });
  }
}
