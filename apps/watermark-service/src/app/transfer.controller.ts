import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { WatermarkApi } from '@tidemark/watermark-model';
import { ImportDto } from '@tidemark/watermark-dto';
import { Actor } from './actor.decorator';
import { WATERMARK_API } from './watermark-api.provider';

@ApiTags('export and import')
@ApiBearerAuth()
@Controller()
export class TransferController {
  constructor(@Inject(WATERMARK_API) private readonly api: WatermarkApi) {}

  @Get('export')
  export() {
    return this.api.exportAll();
  }

  /** A Tidemark export or one old-tool watermark file; all entries or none. */
  @Post('import')
  async import(@Body() body: ImportDto, @Actor() actor: string) {
    return { imported: await this.api.importDocument(body.document, body, actor) };
  }
}
