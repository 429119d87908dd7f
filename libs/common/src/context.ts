/** What the request context (nestjs-cls) carries for the audit trail and the logs. */
export interface Actor {
  /** The user's id, or null for the system itself (start-up, scheduled jobs). */
  id: string | null;
  partnershipId: string | null;
  roles: string[];
}

export const ACTOR_KEY = 'actor';
export const CORRELATION_KEY = 'correlationId';
export const SYSTEM_ACTOR: Actor = { id: null, partnershipId: null, roles: ['system'] };
