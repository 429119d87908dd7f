import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { Problem, ProblemDetailsFilter } from '@app/common';
import { CsrfRefused } from './csrf';
import { isApiRequest } from './web-paths';
import { WebRequest } from './web-session';

interface ErrorPage {
  status: number;
  title: string;
  paragraphs: string[];
}

/**
 * Errors on web pages become pages: a request that needs a signed-in person goes to the sign-in
 * page, and everything else is a page in plain words that shows no internals (a 500 gives only
 * the correlation id to quote). The JSON API's errors stay problem documents.
 */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly problems = new ProblemDetailsFilter()) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<WebRequest & { correlationId?: string }>();
    const res = host.switchToHttp().getResponse<Response>();
    if (isApiRequest(req)) return this.problems.catch(exception, host);
    if (res.headersSent) return;

    if (exception instanceof HttpException && exception.getStatus() === HttpStatus.UNAUTHORIZED) {
      const query = new URLSearchParams();
      if (req.method === 'GET' && req.originalUrl !== '/') query.set('returnTo', req.originalUrl);
      if (req.sessionTimedOut) query.set('timedOut', '1');
      const search = query.toString();
      return res.redirect(303, `/sign-in${search ? `?${search}` : ''}`);
    }
    const page = this.page(exception, req.correlationId);
    res.status(page.status);
    res.render('error.njk', { ...page, correlationId: req.correlationId, user: req.user }, (err: Error | null, html: string) => {
      if (err) {
        this.logger.error({ err: { type: err.name, message: err.message }, correlationId: req.correlationId }, 'The error page could not be rendered');
        res.type('text').send(`${page.title}. Quote ${req.correlationId ?? 'the time'} if you report it.`);
      } else {
        res.type('html').send(html);
      }
    });
  }

  private page(exception: unknown, correlationId?: string): ErrorPage {
    if (exception instanceof CsrfRefused) {
      return {
        status: 403,
        title: 'This form could not be sent',
        paragraphs: ['The page you sent it from had expired or did not come from this service.', 'Go back, reload the page and try again.'],
      };
    }
    if (exception instanceof HttpException && exception.getStatus() === HttpStatus.NOT_FOUND) {
      return {
        status: 404,
        title: 'Page not found',
        paragraphs: ['If you typed the web address, check it is correct.', 'If you followed a link to a review, it may not be one you can see.'],
      };
    }
    if (exception instanceof Problem && exception.getStatus() < 500) {
      const title = exception.getStatus() === HttpStatus.FORBIDDEN ? 'You cannot do this' : 'There is a problem';
      return { status: exception.getStatus(), title, paragraphs: [exception.detail] };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return { status: exception.getStatus(), title: 'There is a problem', paragraphs: ['The service could not handle that request. Go back and try again.'] };
    }
    // Name and stack only: a query error's message can carry what was typed about a case.
    const error = exception instanceof Error ? { type: exception.name, stack: exception.stack } : { type: typeof exception };
    this.logger.error({ err: error, correlationId }, 'Unhandled error on a web page');
    return { status: 500, title: 'Sorry, there is a problem with the service', paragraphs: ['Try again later. Anything you sent may not have been saved.'] };
  }
}
