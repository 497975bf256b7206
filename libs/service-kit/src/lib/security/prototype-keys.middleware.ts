import { NextFunction, Request, Response } from 'express';
import { sendApiError } from './api-error';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** The first key at any depth that could reach an object's prototype, as a path. */
function prototypeKey(value: unknown, path: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const key of Object.keys(value)) {
    const here = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (FORBIDDEN.has(key)) return here;
    const deeper = prototypeKey((value as Record<string, unknown>)[key], here);
    if (deeper) return deeper;
  }
  return null;
}

/**
 * JSON.parse keeps `__proto__` as a plain key, and class-transformer would
 * then set the prototype of the DTO it builds instead of refusing an
 * unknown field. Bodies holding such a key are refused before validation.
 */
export function refusePrototypeKeys(req: Request, res: Response, next: NextFunction): void {
  const key = prototypeKey(req.body, '');
  if (key === null) return next();
  sendApiError(res, 400, 'BAD_INPUT', `the request body has the key "${key}", which is not allowed`);
}
