import { types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../migrations';

// Calendar dates stay the YYYY-MM-DD strings they are in Postgres (never shifted through a JS
// Date and a time zone), and bigint counts come back as numbers: none we hold nears 2^53.
types.setTypeParser(types.builtins.DATE, (value: string) => value);
types.setTypeParser(types.builtins.INT8, (value: string) => Number(value));

/** The role the application acts as: it may append to the audit trail but never rewrite it. */
export const APP_ROLE = 'dhr_app';
/** The role the system scope acts as (the worker, sign-in, start-up): the same rights over every partnership's rows. */
export const SYSTEM_ROLE = 'dhr_system';

export function databaseName(url: string): string {
  return new URL(url).pathname.replace(/^\//, '');
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Settings shared by the apps' connection and the migration runner: one place, not two. */
export function dataSourceOptions(url: string, options: { asAppRole: boolean; poolSize?: number }): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    extra: {
      max: options.poolSize ?? 10,
      ...(options.asAppRole ? { options: `-c role=${APP_ROLE}` } : {}),
    },
  };
}

export async function withDataSource<T>(options: DataSourceOptions, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
