import { NestExpressApplication } from '@nestjs/platform-express';
import cookieSession from 'cookie-session';
import express, { NextFunction, Request, Response } from 'express';
import helmet, { HelmetOptions } from 'helmet';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';
import { Clock } from '@app/common';
import { Environment } from '@app/config';
import { addViewFilters } from './view-filters';
import { isApiRequest } from './web-paths';
import { idleTimeout, sessionCookieOptions } from './web-session';

const ONE_DAY_SECONDS = 86_400;

/** The folder of this app's templates: beside this file in the source, copied beside main.js in a build. */
function viewsDirectory(): string {
  const candidates = [join(__dirname, 'views'), join(__dirname, 'web', 'views')];
  const found = candidates.find((dir) => existsSync(join(dir, 'layout.njk')));
  if (!found) throw new Error(`The web page templates are missing (looked in ${candidates.join(', ')})`);
  return found;
}

/** This app's own static files (the print stylesheet, the print button), found as the templates are. */
function publicDirectory(): string {
  const candidates = [join(__dirname, 'public'), join(__dirname, 'web', 'public')];
  const found = candidates.find((dir) => existsSync(join(dir, 'print.css')));
  if (!found) throw new Error(`The web pages' static files are missing (looked in ${candidates.join(', ')})`);
  return found;
}

/** Node's own resolver (a bundler's `require.resolve` would give a module number, not a path). */
function govukFrontendDirectory(): string {
  return join(dirname(createRequire(__filename).resolve('govuk-frontend/package.json')), 'dist');
}

/** Runs a middleware on web pages only: the JSON API keeps bearer tokens and no cookies. */
function webOnly(middleware: (req: Request, res: Response, next: NextFunction) => void) {
  return (req: Request, res: Response, next: NextFunction) => (isApiRequest(req) ? next() : middleware(req, res, next));
}

const ONE_YEAR_SECONDS = 365 * ONE_DAY_SECONDS;

/**
 * helmet's headers as this app sends them: a Content Security Policy that allows scripts only from
 * this site or carrying the response's nonce, forms posted only here, and no framing by anyone
 * (frame-ancestors 'none', with X-Frame-Options for older browsers); no Referer sent on; nosniff;
 * and Strict-Transport-Security for a year everywhere but development, where the api is plain
 * http on localhost and HSTS would stick to localhost for every other local site.
 */
export function helmetOptions(env: Pick<Environment, 'NODE_ENV'>): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: env.NODE_ENV === 'development' ? false : { maxAge: ONE_YEAR_SECONDS, includeSubDomains: true },
  };
}

/** A fresh nonce per response, for the one inline script GOV.UK Frontend's page template needs, then helmet's headers. */
export function securityHeaders(app: NestExpressApplication): void {
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  app.use(helmet(helmetOptions(app.get(Environment))));
}

/**
 * The web pages' plumbing: Nunjucks (autoescaping) over this app's templates and GOV.UK
 * Frontend's macros, GOV.UK Frontend's assets, and the signed session cookie with its idle
 * timeout. Pages themselves are the controllers of WebModule.
 */
export function configureWeb(app: NestExpressApplication): void {
  const env = app.get(Environment);
  const clock = app.get(Clock);
  if (env.TRUST_PROXY) app.set('trust proxy', 1);

  const govuk = govukFrontendDirectory();
  const views = nunjucks.configure([viewsDirectory(), govuk], {
    autoescape: true,
    throwOnUndefined: false,
    noCache: env.NODE_ENV !== 'production',
    express: app.getHttpAdapter().getInstance(),
  });
  addViewFilters(views);
  app.setViewEngine('njk');

  const cache = { maxAge: ONE_DAY_SECONDS * 1000 };
  const http = app.getHttpAdapter().getInstance() as express.Express;
  app.use('/assets', express.static(join(govuk, 'govuk', 'assets'), { ...cache, index: false }));
  app.use('/static', express.static(publicDirectory(), { ...cache, index: false }));
  http.get('/stylesheets/govuk-frontend.min.css', (_req, res) => res.sendFile(join(govuk, 'govuk', 'govuk-frontend.min.css'), cache));
  http.get('/javascripts/govuk-frontend.min.js', (_req, res) => res.sendFile(join(govuk, 'govuk', 'govuk-frontend.min.js'), cache));

  const secret = env.SESSION_SECRET ?? randomBytes(48).toString('base64url');
  app.use(webOnly(cookieSession({ ...sessionCookieOptions(env), keys: [secret] }) as (req: Request, res: Response, next: NextFunction) => void));
  app.use(webOnly(idleTimeout(clock, env.SESSION_IDLE_MINUTES)));
}
