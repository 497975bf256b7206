import { Body, Controller, Inject, Post } from '@nestjs/common';
import { TableRunDto } from '@tidemark/service-kit';
import { EmbeddedContext, syncTable } from '@tidemark/sync';

@Controller('runs')
export class RunsController {
  constructor(@Inject(EmbeddedContext) private readonly ctx: EmbeddedContext) {}

  /** Extracts the tables now, one after another; the response lists what each wrote. */
  @Post()
  async run(@Body() body: TableRunDto) {
    const results = [];
    for (const table of body.tables) {
      results.push((await syncTable(this.ctx, body.pipeline, table, { load: false })).extract);
    }
    return { results };
  }
}
