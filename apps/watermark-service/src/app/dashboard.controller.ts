import { Controller, Get, Header, Inject, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { notFound } from '@tidemark/errors';
import { parseTableId, summarizeFreshness, WatermarkApi } from '@tidemark/watermark-model';
import { DASHBOARD_SCRIPT } from '../dashboard/dashboard-client';
import { DASHBOARD_ROOT } from '../dashboard/dashboard-paths';
import { DASHBOARD_STYLES } from '../dashboard/dashboard-styles';
import { SafeHtml } from '../dashboard/safe-html';
import { SHELL_PAGE } from '../dashboard/shell-page';
import { tableView } from '../dashboard/table-view';
import { tablesView } from '../dashboard/tables-view';
import { QueryParamsPipe } from './request-pipes';
import { WATERMARK_API } from './watermark-api.provider';

const HTML = 'text/html; charset=utf-8';

/** A view's headers, set once it is rendered so that an error still goes out as JSON. */
function view(res: Response, page: SafeHtml): string {
  res.setHeader('Content-Type', HTML);
  res.setHeader('Cache-Control', 'no-store');
  return page.value;
}

/**
 * The read-only dashboard: a data-free page shell with its script and
 * styles, and the views it fetches with the bearer token. GET routes only;
 * the views read through the same WatermarkApi as the JSON routes.
 */
@ApiExcludeController()
@Controller(DASHBOARD_ROOT)
export class DashboardController {
  constructor(@Inject(WATERMARK_API) private readonly api: WatermarkApi) {}

  @Get()
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-cache')
  shell(): string {
    return SHELL_PAGE;
  }

  @Get('app.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return DASHBOARD_SCRIPT;
  }

  @Get('app.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  styles(): string {
    return DASHBOARD_STYLES;
  }

  @Get('views/tables')
  async tables(@Res({ passthrough: true }) res: Response): Promise<string> {
    return view(res, tablesView(await this.api.list(), Date.now()));
  }

  @Get('views/table')
  async table(
    @Res({ passthrough: true }) res: Response,
    @Query(new QueryParamsPipe(['pipeline', 'table'])) query: Record<string, string | undefined>,
  ): Promise<string> {
    const id = parseTableId(query['pipeline'] ?? '', query['table'] ?? '');
    const watermark = await this.api.get(id);
    if (!watermark) throw notFound(`no watermark for ${id.pipeline} / ${id.table}: it has never been synced`);
    const [history, extract, load, manifests] = await Promise.all([
      this.api.history(id),
      this.api.leaseHolder(id, 'extract'),
      this.api.leaseHolder(id, 'load'),
      this.api.manifests(id),
    ]);
    const now = Date.now();
    const freshness = summarizeFreshness(manifests, now);
    return view(res, tableView({ watermark, history, leases: { extract, load }, freshness, now }));
  }
}
