import { DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { CorrelatedRequest } from './correlation';

/**
 * JSON logs through pino, each request line carrying its correlation id. Authorization and
 * cookies are redacted, and bodies are never logged: they may hold details of the case.
 */
export function loggerModule(): DynamicModule {
  return LoggerModule.forRoot({
    // Express 5's router spells "every path" this way; the default '*' only earns a warning.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: process.env.LOG_LEVEL || 'info',
      genReqId: (req) => (req as CorrelatedRequest).correlationId ?? '',
      customAttributeKeys: { reqId: 'correlationId' },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ method: req.method, url: req.url?.split('?')[0] }),
      },
    },
  });
}
