import { DynamicModule, Global, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CORRELATION_KEY, CorrelatedRequest } from '@app/common';
import { AppConfigModule, Environment } from '@app/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { DatabaseScope, scopeConnections, Tenancy } from './tenancy';

/**
 * The apps' connection to Postgres (as the restricted application role), and the request- or
 * job-scoped transaction that lets a state change, its audit entry and its outbox rows commit
 * together: a use case runs in `txHost.withTransaction(...)` on the injected TransactionHost and
 * reads `txHost.tx`. (Not the `@Transactional()` decorator: it finds its host through a
 * process-wide registry, which picks the wrong one when two apps share a process, as in tests.)
 * Every connection it hands out is scoped to a partnership, the system or nothing (`Tenancy`),
 * and row-level security in PostgreSQL holds each query to that scope.
 */
@Global()
@Module({})
export class DatabaseModule {
  /**
   * @param unscoped the scope of database work that nobody scoped: nothing for the api, whose
   *   requests are scoped to the signed-in person's partnership; the system for the worker, whose
   *   reminders and mail serve every partnership.
   */
  static forRoot(unscoped: DatabaseScope): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          imports: [AppConfigModule],
          inject: [Environment],
          useFactory: (env: Environment) => ({ ...dataSourceOptions(env.DATABASE_URL, { asAppRole: true }), autoLoadEntities: true }),
          dataSourceFactory: async (options) => {
            const dataSource = new DataSource(options!);
            scopeConnections(dataSource, unscoped);
            return dataSource.initialize();
          },
        }),
        ClsModule.forRoot({
          global: true,
          middleware: {
            mount: true,
            setup: (cls, req: CorrelatedRequest) => cls.set(CORRELATION_KEY, req.correlationId),
            // No proxy providers are used: resolving them on every request only cost time (a require and a promise each).
            resolveProxyProviders: false,
          },
          plugins: [
            new ClsPluginTransactional({
              imports: [TypeOrmModule],
              adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
            }),
          ],
        }),
      ],
      providers: [Tenancy],
      exports: [Tenancy],
    };
  }
}
