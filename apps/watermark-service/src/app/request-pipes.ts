import { createParamDecorator, ExecutionContext, PipeTransform } from '@nestjs/common';
import { Request } from 'express';
import { badInput } from '@tidemark/errors';

/**
 * The query of a route that takes only `allowed` parameters, each once and
 * as text. Anything else is refused: Express reads `?pipeline[]=x` as a
 * parameter named `pipeline[]` and `?pipeline=a&pipeline=b` as a list, and
 * passed on, either used to filter nothing and answer every watermark.
 */
export class QueryParamsPipe implements PipeTransform<unknown, Record<string, string | undefined>> {
  constructor(private readonly allowed: readonly string[]) {}

  transform(query: unknown): Record<string, string | undefined> {
    const entries = Object.entries((query ?? {}) as Record<string, unknown>);
    for (const [name, value] of entries) {
      if (!this.allowed.includes(name)) {
        throw badInput(`unknown query parameter "${name}": this route takes ${this.allowed.join(', ')}`);
      }
      if (typeof value !== 'string') {
        throw badInput(`query parameter "${name}" must be given once, as plain text (not a list or an object)`);
      }
    }
    return Object.fromEntries(entries) as Record<string, string>;
  }
}

/** The largest id of the history table's INTEGER column in PostgreSQL and SQLite alike. */
const MAX_HISTORY_ID = 2_147_483_647;

export function parseHistoryId(value: string): number {
  const id = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(id >= 1 && id <= MAX_HISTORY_ID)) {
    throw badInput(`invalid history id "${value}": give a whole number from 1 to ${MAX_HISTORY_ID}`);
  }
  return id;
}

/**
 * The `:historyId` of the path as the number a stored id can be, else 400
 * (never a database error). Read from the raw path: the global validation
 * pipe would first turn 99999999999999999999 into 1e20.
 */
export const HistoryIdParam = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  parseHistoryId(ctx.switchToHttp().getRequest<Request>().params['historyId'] ?? ''),
);
