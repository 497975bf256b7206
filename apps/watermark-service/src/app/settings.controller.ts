import { Body, Controller, Delete, Get, HttpCode, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { badInput } from '@tidemark/errors';
import { WatermarkApi } from '@tidemark/watermark-model';
import { DefaultWatermarkDto } from '@tidemark/watermark-dto';
import { Actor } from './actor.decorator';
import { WATERMARK_API } from './watermark-api.provider';

/** The system default watermark, used by tables that have none. */
@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings/default-watermark')
export class SettingsController {
  constructor(@Inject(WATERMARK_API) private readonly api: WatermarkApi) {}

  @Get()
  async get() {
    return { defaultWatermark: await this.api.getDefaultWatermark() };
  }

  @Put()
  async set(@Body() body: DefaultWatermarkDto, @Actor() actor: string) {
    if ((body.preset === undefined) === (body.timestamp === undefined)) {
      throw badInput('give exactly one of preset (e.g. 1d) or timestamp');
    }
    const value = body.preset !== undefined ? { preset: body.preset } : { timestamp: body.timestamp as string };
    return { defaultWatermark: await this.api.setDefaultWatermark(value, actor) };
  }

  @Delete()
  @HttpCode(204)
  async clear(@Actor() actor: string) {
    await this.api.setDefaultWatermark(null, actor);
  }
}
