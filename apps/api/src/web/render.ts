import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { SessionAuth } from '@app/access';
import { CsrfGuard } from './csrf';
import { WebLocalsInterceptor } from './web-locals.interceptor';

/**
 * A controller of web pages: signed in by the session cookie (the global auth guard), every
 * form checked for its CSRF token, the layout's locals set, and kept out of the OpenAPI document.
 */
export function WebController(path = ''): ClassDecorator {
  return applyDecorators(Controller(path), SessionAuth(), UseGuards(CsrfGuard), UseInterceptors(WebLocalsInterceptor), ApiExcludeController());
}

/**
 * What a template is given: a page model built for it (page-models/), never an API DTO. The
 * layout reads `title` and `width`; `errors`, where a page has them, fill the error summary.
 */
export interface PageModel {
  title: string;
  width?: 'full';
}

/** Renders a page model with its template; a template error rejects, so the error page shows. */
export function render(res: Response, view: string, context: PageModel, status = 200): Promise<void> {
  return new Promise((resolve, reject) => {
    res.render(view, context, (err: Error | null, html: string) => {
      if (err) return reject(err);
      res.status(status).type('html').send(html);
      resolve();
    });
  });
}

/** After a successful POST: the next page, with a one-off confirmation on it. */
export function redirectWithFlash(req: { session?: { flash?: string } | null }, res: Response, to: string, flash?: string): void {
  if (flash && req.session) req.session.flash = flash;
  res.redirect(303, to);
}
