import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { TableRunDto } from '../table-run.dto';
import { RunTracker } from './run-tracker';

@Controller('runs')
export class RunsController {
  constructor(private readonly runs: RunTracker) {}

  /** Runs the stage now for the pipeline's tables (or those named) and answers with each table's outcome. */
  @Post()
  @HttpCode(200)
  async run(@Body() body: TableRunDto) {
    return { pipeline: body.pipeline, outcomes: await this.runs.run(body.pipeline, body.tables) };
  }
}
