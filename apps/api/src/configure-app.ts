import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { correlationIdMiddleware, createValidationPipe, inputHygieneMiddleware } from '@app/common';
import { ActionRegistry, describeActions } from '@app/reviews';
import { RulesetsService } from '@app/rulesets';
import { configureWeb, securityHeaders } from './web/configure-web';
import { WebErrorFilter } from './web/web-error.filter';

/**
 * Everything the api does to an application before it serves: shared by main.ts and the
 * end-to-end tests, so the tests drive exactly what runs.
 */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.use(correlationIdMiddleware);
  securityHeaders(app as NestExpressApplication);
  configureWeb(app as NestExpressApplication);
  // Nest's own body parsers (same options), registered here rather than at init so that every
  // parsed body and query passes the hygiene check (NUL, lone surrogates, nesting depth) first.
  (app as NestExpressApplication).useBodyParser('json');
  (app as NestExpressApplication).useBodyParser('urlencoded', { extended: true });
  app.use(inputHygieneMiddleware);
  // The JSON API's prefix is given by ApiModule's router (the web pages have none).
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new WebErrorFilter());
  // Stopping on a signal is main.ts's (stopGracefully): requests under way finish first.

  const config = new DocumentBuilder()
    .setTitle('Statutory death reviews')
    .setDescription(
      'Case management for Domestic Homicide Reviews and other statutory death reviews. Errors are application/problem+json (RFC 9457) with a correlationId and a stable `code` (docs/api.md lists them).',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  // Built when first asked for, once start-up has installed the rulesets that say who may take each action.
  const registry = app.get(ActionRegistry);
  const rulesets = app.get(RulesetsService);
  const document = () =>
    describeActions(SwaggerModule.createDocument(app, config, { extraModels: registry.actions().map((a) => a.body) }), registry, rulesets.installed());
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
