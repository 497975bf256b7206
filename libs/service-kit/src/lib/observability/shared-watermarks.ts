import { Inject, Injectable } from '@nestjs/common';
import { EmbeddedContext } from '@tidemark/sync';
import { WatermarkApi } from '@tidemark/watermark-model';

/**
 * The context's watermark authority for readiness checks and metrics: one
 * opening at a time (a probe and a scrape arriving together open it once),
 * and a failed opening is forgotten so the next call tries again.
 */
@Injectable()
export class SharedWatermarks {
  private opening?: Promise<WatermarkApi>;

  constructor(@Inject(EmbeddedContext) private readonly ctx: EmbeddedContext) {}

  get(): Promise<WatermarkApi> {
    if (!this.opening) {
      const opening = this.ctx.watermarks();
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
    }
    return this.opening;
  }
}
