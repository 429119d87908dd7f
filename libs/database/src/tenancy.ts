import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService, ClsServiceManager } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { APP_ROLE, SYSTEM_ROLE } from './data-source';

/**
 * Whose rows a database connection may touch. PostgreSQL's row-level security (migration
 * `TenantRowSecurity1764576000000`) reads it back from the connection's settings:
 * - one partnership: its own rows, and what it shares with others on purpose;
 * - the whole system: the worker's reminders and mail, sign-in, and start-up;
 * - nothing: no tenant's rows at all, which is what a connection gets when nobody said.
 */
export type DatabaseScope = { kind: 'partnership'; partnershipId: string } | { kind: 'system' } | { kind: 'none' };

export const SYSTEM_SCOPE: DatabaseScope = { kind: 'system' };
export const NO_SCOPE: DatabaseScope = { kind: 'none' };

const SCOPE_KEY = 'databaseScope';

/** The settings already on each pooled connection, so an unchanged scope costs no round trip. */
const settingsOnConnection = new WeakMap<object, string>();

export interface PgConnection {
  query(sql: string | { name: string; text: string; values: unknown[] }, parameters?: unknown[]): Promise<unknown>;
  connection?: { parsedStatements?: Record<string, string> };
}

/** Statements each connection keeps prepared at most; the least recently used beyond it are let go. */
const PREPARED_PER_CONNECTION = 500;
const preparedOn = new WeakMap<object, Set<string>>();

/** Each statement's name, by its text: the same few hundred texts are sent over and over. */
const nameOfText = new Map<string, string>();
const NAMES_KEPT = 2_000;

function statementName(sql: string): string {
  let name = nameOfText.get(sql);
  if (name === undefined) {
    name = `t${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}`;
    if (nameOfText.size >= NAMES_KEPT) nameOfText.clear();
    nameOfText.set(sql, name);
  }
  return name;
}

/**
 * Makes every statement with parameters that TypeORM sends on this connection a named prepared
 * statement: PostgreSQL parses and plans it once per connection rather than on every call (with
 * row-level security on every table, planning is much of a small statement's cost). The name is a
 * digest of the text; a connection keeps at most PREPARED_PER_CONNECTION, letting the least
 * recently used go. Statements without parameters (transaction control, DDL) are sent as they are.
 */
export function prepareStatements(connection: PgConnection, limit = PREPARED_PER_CONNECTION): void {
  if (preparedOn.has(connection)) return;
  // In order of last use: a name is taken out and put back at the end each time it is sent.
  const names = new Set<string>();
  preparedOn.set(connection, names);
  const send = connection.query.bind(connection);
  connection.query = ((sql: unknown, parameters?: unknown[]) => {
    if (typeof sql !== 'string' || !Array.isArray(parameters) || parameters.length === 0) return send(sql as string, parameters);
    const name = statementName(sql);
    names.delete(name);
    names.add(name);
    if (names.size > limit) {
      const [oldest] = names;
      names.delete(oldest);
      // Let PostgreSQL and the driver both forget it; queued before this statement, on the same connection.
      void send(`DEALLOCATE "${oldest}"`).catch(() => undefined);
      if (connection.connection?.parsedStatements) delete connection.connection.parsedStatements[oldest];
    }
    return send({ name, text: sql, values: parameters });
  }) as PgConnection['query'];
}

/**
 * The role and settings a connection carries for a scope. The system is a role of its own
 * (`dhr_system`, migration `IndexableTenancy1764662400000`) rather than a setting every policy
 * tests, so the policies of `dhr_app` stay answerable from indexes.
 */
function settingsOf(scope: DatabaseScope): [string, string, string] {
  return [scope.kind === 'system' ? SYSTEM_ROLE : APP_ROLE, scope.kind, scope.kind === 'partnership' ? scope.partnershipId : ''];
}

/**
 * Makes every connection this data source hands out carry the scope of the request or job that
 * asked for it, the one place tenancy is decided. The scope is read when the connection is asked
 * for, in the asker's own context (never in whichever context the pool later answers in), and
 * written onto the connection before it is used; `unscoped` is what a caller with no scope gets
 * (nothing, in the api; the system, in the worker).
 */
export function scopeConnections(dataSource: DataSource, unscoped: DatabaseScope): void {
  const driver = dataSource.driver as PostgresDriver;
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = async () => {
    const settings = settingsOf(currentScope() ?? unscoped);
    const [connection, release] = (await obtain()) as [PgConnection, (error?: unknown) => void];
    prepareStatements(connection);
    const key = settings.join(':');
    if (settingsOnConnection.get(connection) !== key) {
      try {
        await connection.query(
          `SELECT set_config('role', $1, false), set_config('app.scope', $2, false), set_config('app.partnership_id', $3, false)`,
          settings,
        );
      } catch (error) {
        release(error);
        throw error;
      }
      settingsOnConnection.set(connection, key);
    }
    return [connection, release];
  };
}

function currentScope(): DatabaseScope | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? cls.get<DatabaseScope | undefined>(SCOPE_KEY) : undefined;
}

/**
 * Chooses the scope for work about to touch the database. A scope is fixed when a connection is
 * taken, so it cannot change inside a transaction already under way: asking to is a mistake in
 * the code, and fails loudly rather than running with the wrong one.
 */
@Injectable()
export class Tenancy {
  constructor(
    private readonly cls: ClsService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** Scopes the rest of this request to the signed-in person's partnership (the auth guard's job). */
  enterPartnership(partnershipId: string): void {
    this.requireNoTransaction();
    this.cls.set<DatabaseScope>(SCOPE_KEY, { kind: 'partnership', partnershipId });
  }

  /** Runs work as one partnership, whatever the surrounding scope. */
  forPartnership<T>(partnershipId: string, work: () => Promise<T>): Promise<T> {
    return this.within({ kind: 'partnership', partnershipId }, work);
  }

  /**
   * Runs work across every partnership: for what belongs to no one partnership yet (finding the
   * account behind a sign-in or a token) and for start-up. Each use is a deliberate choice.
   */
  asSystem<T>(work: () => Promise<T>): Promise<T> {
    return this.within(SYSTEM_SCOPE, work);
  }

  private async within<T>(scope: DatabaseScope, work: () => Promise<T>): Promise<T> {
    this.requireNoTransaction();
    return this.cls.run({ ifNested: 'inherit' }, () => {
      this.cls.set<DatabaseScope>(SCOPE_KEY, scope);
      return work();
    });
  }

  private requireNoTransaction(): void {
    if (this.cls.isActive() && this.txHost.isTransactionActive()) {
      throw new Error('The database scope cannot change inside a transaction: its connection is already scoped');
    }
  }
}
