import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Registry } from 'prom-client';
import { TidemarkMetrics } from './tidemark-metrics';

/**
 * GET /metrics in Prometheus' text format. Without TIDEMARK_METRICS_TOKEN
 * it is public (it holds counts and table names, no secrets); with it, a
 * middleware asks for that token (see ServiceRuntimeModule).
 */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(TidemarkMetrics) private readonly metrics: TidemarkMetrics) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
