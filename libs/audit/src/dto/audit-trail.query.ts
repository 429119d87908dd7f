import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery, IsOptional } from '@app/common';

export const AUDIT_ORDERS = ['oldest', 'newest'] as const;
export const AUDIT_VIEWS = ['include', 'exclude', 'only'] as const;

/**
 * The entries of an audit trail that record a read, not a change: a view of the review, its
 * audit trail, its family or protected names, a download, an export. The trail keeps them all;
 * a reader may leave them out (`views=exclude`) or see only them (`views=only`).
 */
export const AUDIT_READ_ACTIONS: readonly string[] = [
  'review.viewed',
  'review.audit-viewed',
  'review.exported',
  'review.family-viewed',
  'review.family-identity-viewed',
  'review.protected-identities-viewed',
  'review.anonymisation-findings-viewed',
  'document.downloaded',
  'death.viewed',
  'death.identity-viewed',
];

/** Whether an audit entry's action records a read (a view, a download, an export) rather than a change. */
export function isReadAction(action: string): boolean {
  return AUDIT_READ_ACTIONS.includes(action);
}

/** Which of a review's audit entries to read, in which order. Every filter is optional; the defaults are the whole trail, oldest first. */
export class AuditTrailQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AUDIT_ORDERS, default: 'oldest', description: 'newest: the latest entry first' })
  @IsOptional()
  @IsIn(AUDIT_ORDERS, { message: `must be one of: ${AUDIT_ORDERS.join(', ')}` })
  order: (typeof AUDIT_ORDERS)[number] = 'oldest';

  @ApiPropertyOptional({ example: 'review.action.decide', description: 'Only the entries of this kind (their `action`)' })
  @IsOptional()
  @MaxLength(100)
  @Matches(/^[a-z0-9.-]+$/, { message: 'must be the kind of an audit entry, such as review.action.decide' })
  kind?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the entries of this person (their `actorId`)' })
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of a person' })
  actor?: string;

  @ApiPropertyOptional({
    enum: AUDIT_VIEWS,
    default: 'include',
    description: 'The entries that record a read (a view, a download, an export): include them, exclude them, or only them',
  })
  @IsOptional()
  @IsIn(AUDIT_VIEWS, { message: `must be one of: ${AUDIT_VIEWS.join(', ')}` })
  views: (typeof AUDIT_VIEWS)[number] = 'include';
}
