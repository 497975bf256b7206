import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Response } from 'express';
import { ReadinessChecks } from './readiness-checks';

/**
 * GET /ready: 200 when every dependency answers, else 503; both with
 * terminus' body `{status, info, error, details}`, each dependency `up` or
 * `down` with the reason. No token needed: it names dependencies, never
 * their credentials.
 */
@Controller('ready')
export class ReadyController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(ReadinessChecks) private readonly checks: ReadinessChecks,
  ) {}

  @Get()
  @HealthCheck()
  async ready(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.health.check(this.checks.indicators());
    } catch (error) {
      // The body is the report itself, not the API's {code, message} error shape.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse();
    }
  }
}
