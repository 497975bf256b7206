import { NextFunction, Request, Response } from 'express';
import { sendApiError } from './api-error';

/** Deeper than any request body of the services (a manifest is about 4 levels deep). */
export const MAX_BODY_DEPTH = 64;

/** Whether `value` nests objects or arrays deeper than `limit`, measured without recursion. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses a JSON body nested deeper than MAX_BODY_DEPTH with 400 before
 * anything walks it recursively (the prototype-key check, validation),
 * which would overflow the stack and answer 500.
 */
export function refuseDeepBodies(req: Request, res: Response, next: NextFunction): void {
  if (!nestedDeeperThan(req.body, MAX_BODY_DEPTH)) return next();
  sendApiError(res, 400, 'BAD_INPUT', `the request body is nested deeper than ${MAX_BODY_DEPTH} levels`);
}
