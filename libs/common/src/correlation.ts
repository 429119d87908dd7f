import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,100}$/;

export type CorrelatedRequest = Request & { correlationId?: string };

/**
 * Gives every request a correlation id (the caller's own, if it sent a sane one) and echoes it
 * back, so a problem report, a log line and an audit entry can be tied together.
 */
export function correlationIdMiddleware(req: CorrelatedRequest, res: Response, next: NextFunction): void {
  const offered = req.header(CORRELATION_HEADER);
  req.correlationId = offered && ACCEPTABLE.test(offered) ? offered : randomUUID();
  res.setHeader('X-Correlation-Id', req.correlationId);
  next();
}
