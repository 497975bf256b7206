import { Body, Controller, Inject, Post } from '@nestjs/common';
import { TableRunDto } from '@tidemark/service-kit';
import { EmbeddedContext, syncTable } from '@tidemark/sync';

@Controller('runs')
export class RunsController {
  constructor(@Inject(EmbeddedContext) private readonly ctx: EmbeddedContext) {}

  /** Loads the tables' registered manifests now; never opens a MySQL connection. */
  @Post()
  async run(@Body() body: TableRunDto) {
    const results = [];
    for (const table of body.tables) {
      results.push((await syncTable(this.ctx, body.pipeline, table, { extract: false })).load);
    }
    return { results };
  }
}
