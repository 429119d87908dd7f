import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { CorrelatedRequest } from './correlation';
import { codeForStatus, Problem, ProblemCode, problemType } from './problem';

/**
 * Every error leaves as `application/problem+json` (RFC 9457) carrying the correlation id.
 * Anything that is not a deliberate HTTP error is logged and answered with a bare 500: no stack,
 * no message from inside the product.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<CorrelatedRequest>();
    const res = http.getResponse<Response>();
    const correlationId = req.correlationId;
    const body = this.toProblem(exception, correlationId);
    if (body.status >= 500) {
      // Name, message and stack only: a query error also carries the query's parameters, which can
      // hold what was typed about a case, and that never goes into a log line.
      const error = exception instanceof Error ? { type: exception.name, message: exception.message, stack: exception.stack } : { type: typeof exception };
      this.logger.error({ err: error, correlationId }, 'Unhandled error');
    }
    if (res.headersSent) return;
    if (exception instanceof Problem) for (const [name, value] of Object.entries(exception.headers)) res.setHeader(name, value);
    res
      .status(body.status)
      .type('application/problem+json')
      .send(JSON.stringify({ ...body, instance: req.originalUrl?.split('?')[0] }));
  }

  private toProblem(exception: unknown, correlationId?: string): { status: number; [k: string]: unknown } {
    if (exception instanceof Problem) {
      const status = exception.getStatus();
      // Extensions first: they may add members, never replace the ones RFC 9457 defines (or the code).
      return {
        ...exception.extensions,
        type: problemType(exception.code),
        code: exception.code,
        title: exception.title,
        status,
        detail: exception.detail,
        correlationId,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return problemOf(codeForStatus(status), STATUS_CODES[status] ?? 'Error', status, describe(exception), correlationId);
    }
    // Express's body parser reports malformed JSON and oversized bodies with a status of its own.
    const parserStatus = (exception as { status?: unknown; type?: unknown })?.status;
    if (typeof parserStatus === 'number' && parserStatus >= 400 && parserStatus < 500) {
      const detail = parserStatus === 413 ? 'The request body is larger than the service accepts.' : 'The request body could not be read as JSON.';
      return problemOf(codeForStatus(parserStatus), STATUS_CODES[parserStatus] ?? 'Error', parserStatus, detail, correlationId);
    }
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    return problemOf(
      'internal-error',
      'Internal Server Error',
      status,
      'Something went wrong on our side. Quote the correlation id if you report it.',
      correlationId,
    );
  }
}

function problemOf(code: ProblemCode, title: string, status: number, detail: string, correlationId?: string) {
  return { type: problemType(code), code, title, status, detail, correlationId };
}

function describe(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}
