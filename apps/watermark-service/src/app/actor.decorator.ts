import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';

/** Who made a change, for the history: the `X-Tidemark-Actor` header, else `api`. */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const header = context.switchToHttp().getRequest<Request>().headers['x-tidemark-actor'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\x20-\x7e]{1,120}$/.test(value) ? value : 'api';
});
