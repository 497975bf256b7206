import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { badInput, notFound } from '@tidemark/errors';
import {
  parseBinlogPositionInput,
  parseCursorInput,
  parseKeyInput,
  parsePipelineName,
  parseTableId,
  StageStatus,
  WatermarkApi,
} from '@tidemark/watermark-model';
import { CountUpdateDto, ManifestFilesDeletedDto, ManualCursorDto, ResetDto } from '@tidemark/watermark-dto';
import { Actor } from './actor.decorator';
import { HistoryIdParam, QueryParamsPipe } from './request-pipes';
import { WATERMARK_API } from './watermark-api.provider';

const STATUSES: StageStatus[] = ['pending', 'in_progress', 'success', 'failed'];

const binlogPositionOf = (p: { file: string; pos: number; gtid?: string }) =>
  parseBinlogPositionInput(`${p.file}:${p.pos}`, p.gtid);

@ApiTags('watermarks')
@ApiBearerAuth()
@Controller('watermarks')
export class WatermarksController {
  constructor(@Inject(WATERMARK_API) private readonly api: WatermarkApi) {}

  @Get()
  list(@Query(new QueryParamsPipe(['pipeline', 'status'])) { pipeline, status }: Record<string, string | undefined>) {
    if (status !== undefined && !STATUSES.includes(status as StageStatus)) {
      throw badInput(`invalid status "${status}": use one of ${STATUSES.join(', ')}`);
    }
    return this.api.list({
      pipeline: pipeline === undefined ? undefined : parsePipelineName(pipeline),
      status: status as StageStatus | undefined,
    });
  }

  @Get(':pipeline/:table')
  async get(@Param('pipeline') pipeline: string, @Param('table') table: string) {
    const id = parseTableId(pipeline, table);
    const found = await this.api.get(id);
    if (!found) throw notFound(`no watermark for ${id.pipeline} / ${id.table}: it has never been synced`);
    return found;
  }

  /** Set the cursor by hand (marks the watermark `manual_cli`). */
  @Put(':pipeline/:table/cursor')
  setCursor(
    @Param('pipeline') pipeline: string,
    @Param('table') table: string,
    @Body() body: ManualCursorDto,
    @Actor() actor: string,
  ) {
    return this.api.setCursor(
      parseTableId(pipeline, table),
      {
        timestamp: body.timestamp === undefined ? undefined : parseCursorInput(body.timestamp),
        primaryKey: body.primaryKey?.map(parseKeyInput),
        binlogPosition: body.binlogPosition && binlogPositionOf(body.binlogPosition),
      },
      actor,
    );
  }

  @Post(':pipeline/:table/reset')
  @HttpCode(200)
  reset(@Param('pipeline') pipeline: string, @Param('table') table: string, @Body() body: ResetDto, @Actor() actor: string) {
    return this.api.reset(parseTableId(pipeline, table), body.stage, actor);
  }

  /** The old tool's name for reset; the same final effect. */
  @Post(':pipeline/:table/force-reset')
  @HttpCode(200)
  forceReset(
    @Param('pipeline') pipeline: string,
    @Param('table') table: string,
    @Body() body: ResetDto,
    @Actor() actor: string,
  ) {
    return this.api.reset(parseTableId(pipeline, table), body.stage, actor);
  }

  /** Starts the table over for a rebuild (`tidemark resync`): both stages reset, its manifests superseded. */
  @Post(':pipeline/:table/resync')
  @HttpCode(200)
  resync(@Param('pipeline') pipeline: string, @Param('table') table: string, @Actor() actor: string) {
    return this.api.resync(parseTableId(pipeline, table), actor);
  }

  @Get(':pipeline/:table/history')
  history(@Param('pipeline') pipeline: string, @Param('table') table: string) {
    return this.api.history(parseTableId(pipeline, table));
  }

  @Post(':pipeline/:table/history/:historyId/restore')
  @HttpCode(200)
  restore(
    @Param('pipeline') pipeline: string,
    @Param('table') table: string,
    @HistoryIdParam() historyId: number,
    @Actor() actor: string,
  ) {
    return this.api.restore(parseTableId(pipeline, table), historyId, actor);
  }

  @Patch(':pipeline/:table/counts')
  updateCounts(
    @Param('pipeline') pipeline: string,
    @Param('table') table: string,
    @Body() body: CountUpdateDto,
    @Actor() actor: string,
  ) {
    return this.api.updateCounts(parseTableId(pipeline, table), body, actor);
  }

  @Get(':pipeline/:table/counts/validation')
  validateCounts(@Param('pipeline') pipeline: string, @Param('table') table: string) {
    return this.api.validateCounts(parseTableId(pipeline, table));
  }

  @Get(':pipeline/:table/manifests')
  manifests(@Param('pipeline') pipeline: string, @Param('table') table: string) {
    return this.api.manifests(parseTableId(pipeline, table));
  }

  /** `s3clean` reports the manifests it deleted objects of: restores then know what they can no longer load. */
  @Post(':pipeline/:table/manifests/files-deleted')
  @HttpCode(204)
  async markFilesDeleted(
    @Param('pipeline') pipeline: string,
    @Param('table') table: string,
    @Body() body: ManifestFilesDeletedDto,
    @Actor() actor: string,
  ): Promise<void> {
    await this.api.markFilesDeleted(parseTableId(pipeline, table), body.manifestIds, actor);
  }
}
