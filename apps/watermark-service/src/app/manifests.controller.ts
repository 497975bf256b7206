import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { badInput } from '@tidemark/errors';
import { parseTableId, WatermarkApi } from '@tidemark/watermark-model';
import { ManifestSkipDto } from '@tidemark/watermark-dto';
import { Actor } from './actor.decorator';
import { WATERMARK_API } from './watermark-api.provider';

const MANIFEST_ID = /^[A-Za-z0-9_.-]{1,80}$/;

function manifestId(value: string): string {
  if (!MANIFEST_ID.test(value)) throw badInput(`"${value}" is not a manifest id: 1 to 80 letters, digits, _ . or -`);
  return value;
}

/** An operator sets a manifest that cannot load aside, or puts it back (`tidemark manifest skip|retry`). */
@ApiTags('manifests')
@ApiBearerAuth()
@Controller('watermarks/:pipeline/:table/manifests/:manifestId')
export class ManifestsController {
  constructor(@Inject(WATERMARK_API) private readonly api: WatermarkApi) {}

  @Post('skip')
  @HttpCode(200)
  skip(
    @Param('pipeline') p: string,
    @Param('table') t: string,
    @Param('manifestId') id: string,
    @Body() body: ManifestSkipDto,
    @Actor() actor: string,
  ) {
    return this.api.skipManifest(parseTableId(p, t), manifestId(id), body.reason, actor);
  }

  @Post('retry')
  @HttpCode(200)
  retry(@Param('pipeline') p: string, @Param('table') t: string, @Param('manifestId') id: string, @Actor() actor: string) {
    return this.api.retryManifest(parseTableId(p, t), manifestId(id), actor);
  }
}
