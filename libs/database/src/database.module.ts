import { Global, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CORRELATION_KEY, CorrelatedRequest } from '@app/common';
import { AppConfigModule, Environment } from '@app/config';
import { dataSourceOptions } from './data-source';

/**
 * The apps' connection to Postgres (as the restricted application role), and the request- or
 * job-scoped transaction that lets a state change, its audit entry and its outbox rows commit
 * together: a use case runs in `txHost.withTransaction(...)` on the injected TransactionHost and
 * reads `txHost.tx`. (Not the `@Transactional()` decorator: it finds its host through a
 * process-wide registry, which picks the wrong one when two apps share a process, as in tests.)
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [AppConfigModule],
      inject: [Environment],
      useFactory: (env: Environment) => ({ ...dataSourceOptions(env.DATABASE_URL, { asAppRole: true }), autoLoadEntities: true }),
    }),
    ClsModule.forRoot({
      global: true,
      middleware: {
        mount: true,
        setup: (cls, req: CorrelatedRequest) => cls.set(CORRELATION_KEY, req.correlationId),
      },
      plugins: [
        new ClsPluginTransactional({
          imports: [TypeOrmModule],
          adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
        }),
      ],
    }),
  ],
})
export class DatabaseModule {}
