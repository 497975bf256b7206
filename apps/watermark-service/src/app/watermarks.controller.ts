import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { notFound } from '@tidemark/errors';
import { EmbeddedContext } from '@tidemark/sync';
import { formatTableKey, parsePipelineName, parseTableKey, Watermark } from '@tidemark/watermark-model';

@Controller('watermarks')
export class WatermarksController {
  constructor(@Inject(EmbeddedContext) private readonly ctx: EmbeddedContext) {}

  @Get()
  async list(@Query('pipeline') pipeline?: string): Promise<Watermark[]> {
    return (await this.ctx.watermarks()).list(pipeline === undefined ? undefined : parsePipelineName(pipeline));
  }

  @Get(':pipeline/:table')
  async get(@Param('pipeline') pipeline: string, @Param('table') table: string): Promise<Watermark> {
    const id = { pipeline: parsePipelineName(pipeline), table: formatTableKey(parseTableKey(table)) };
    const found = await (await this.ctx.watermarks()).get(id);
    if (!found) throw notFound(`no watermark for ${id.pipeline} / ${id.table}: it has never been synced`);
    return found;
  }
}
