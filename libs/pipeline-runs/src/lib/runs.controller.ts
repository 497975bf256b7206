import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { RunTracker } from './run-tracker';
import { TableRunDto } from './table-run.dto';

@Controller('runs')
export class RunsController {
  constructor(@Inject(RunTracker) private readonly runs: RunTracker) {}

  /** Runs the stage now for the pipeline's tables (or those named) and answers with each table's outcome. */
  @Post()
  @HttpCode(200)
  async run(@Body() body: TableRunDto) {
    return { pipeline: body.pipeline, outcomes: await this.runs.run(body.pipeline, body.tables) };
  }
}
