import { MysqlSource } from '@tidemark/source';
import { PostgresWarehouse } from '@tidemark/warehouse';
import { WatermarkApi } from '@tidemark/watermark-model';
import { EmbeddedContext } from './embedded-context';

/**
 * What tables running at once on one context must share or take turns at.
 *
 * EmbeddedContext opens each resource on first use, but two tables starting
 * at once would each open their own, and only one of them would ever be
 * closed. Through here the first table to need a resource opens it and the
 * others wait for the same one. A failed opening fails every table waiting
 * for it and is then forgotten, so a later run tries again.
 */
export class RunResources {
  private readonly opening = new Map<string, Promise<unknown>>();
  private readonly firstLoads = new Map<string, Promise<unknown>>();

  constructor(private readonly ctx: EmbeddedContext) {}

  watermarks(): Promise<WatermarkApi> {
    return this.once('watermarks', () => this.ctx.watermarks());
  }

  warehouse(): Promise<PostgresWarehouse> {
    return this.once('warehouse', () => this.ctx.warehouse());
  }

  source(connection: string): Promise<MysqlSource> {
    return this.once(`source:${connection}`, () => this.ctx.source(connection));
  }

  /**
   * Before each load the loader runs `CREATE SCHEMA IF NOT EXISTS` and
   * `CREATE TABLE IF NOT EXISTS` for the ledger, and PostgreSQL fails one of
   * two such statements running at once for the same name (a unique
   * violation in its catalog). So the first load into each target schema
   * runs alone; once it is over, the others into that schema run at once.
   */
  async loadInto<T>(schema: string, load: () => Promise<T>): Promise<T> {
    const first = this.firstLoads.get(schema);
    if (first) {
      await first.catch(() => undefined);
      return load();
    }
    const started = load();
    this.firstLoads.set(schema, started);
    return started;
  }

  private once<T>(key: string, open: () => Promise<T>): Promise<T> {
    const known = this.opening.get(key) as Promise<T> | undefined;
    if (known) return known;
    const opened = open();
    this.opening.set(key, opened);
    opened.catch(() => this.opening.delete(key));
    return opened;
  }
}

const byContext = new WeakMap<EmbeddedContext, RunResources>();

/** One RunResources per context, shared by every run on it (the services run several pipelines on one context). */
export function runResources(ctx: EmbeddedContext): RunResources {
  let resources = byContext.get(ctx);
  if (!resources) {
    resources = new RunResources(ctx);
    byContext.set(ctx, resources);
  }
  return resources;
}
