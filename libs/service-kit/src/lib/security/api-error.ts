import { Response } from 'express';

/** Every error the services send has one shape: `{statusCode, code, message}`, message naming the problem. */
export function sendApiError(res: Response, status: number, code: string, message: string | string[]): void {
  res.status(status).json({ statusCode: status, code, message });
}
