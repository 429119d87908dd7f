import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CalendarDate, REMOVED_AT_DISPOSAL } from '@app/common';

/** What retention needs of a review of the partnership: never anything personal. */
export interface ReviewRetentionFacts {
  id: string;
  partnershipId: string;
  reference: string;
  type: string;
  rulesetKey: string;
  stage: string;
  status: string;
  /** The day it ended (closed, discontinued or decided not held); null while it runs. */
  endedOn: CalendarDate | null;
  deathId: string;
  disposedAt: Date | null;
}

/** What one disposal removed from the reviews library's tables, counted (never what it was). */
export interface ReviewDisposalResult {
  deathId: string;
  /** Whether the death's own record (its real name, place, pseudonym) went too: no other review of it is left undisposed. */
  deathDisposed: boolean;
  removed: Record<string, number>;
}

interface ReviewRow {
  id: string;
  partnership_id: string;
  reference: string;
  type: string;
  ruleset_key: string;
  stage: string;
  status: string;
  stage_entered_on: string;
  death_id: string;
  disposed_at: Date | null;
}

/**
 * The reviews library's part in retention (libs/retention decides when, and checks holds and
 * confirmation): a review's facts for the retention rule, locked while it is disposed of, and
 * the removal of the personal data this library holds about it, keeping its statistical shape
 * (type, edition, stages and their dates, decision outcome, counts, the victim's age and sex).
 */
@Injectable()
export class ReviewDisposal {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** A review this partnership leads; locked to the caller's transaction when `forUpdate`. Null when it leads none with that id. */
  async find(partnershipId: string, id: string, forUpdate = false): Promise<ReviewRetentionFacts | null> {
    const [row]: ReviewRow[] = await this.txHost.tx.query(
      `SELECT id, partnership_id, reference, type, ruleset_key, stage, status, stage_entered_on, death_id, disposed_at
       FROM reviews WHERE id = $1 AND partnership_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [id, partnershipId],
    );
    if (!row) return null;
    return {
      id: row.id,
      partnershipId: row.partnership_id,
      reference: row.reference,
      type: row.type,
      rulesetKey: row.ruleset_key,
      stage: row.stage,
      status: row.status,
      endedOn: row.status === 'closed' ? row.stage_entered_on : null,
      deathId: row.death_id,
      disposedAt: row.disposed_at,
    };
  }

  /**
   * Removes, irreversibly and in the caller's transaction, the personal data this library holds
   * about a review locked by `find`: its circumstances and decision rationale, the details of its
   * history, pause reasons, information requests' descriptions, vote comments, the QA letter's changes, its links' notes
   * and external references; and, when no other review of the death is left undisposed, the
   * victim's real name, the place of death and the pseudonym. Marks the review disposed.
   */
  async dispose(review: ReviewRetentionFacts, by: string, at: Date): Promise<ReviewDisposalResult> {
    const id = review.id;
    const removed: Record<string, number> = {};
    const run = async (what: string, sql: string, parameters: unknown[]) => {
      const [, count] = (await this.txHost.tx.query(sql, parameters)) as [unknown, number];
      removed[what] = (removed[what] ?? 0) + count;
    };
    await run(
      'circumstances',
      `UPDATE reviews SET circumstances = $2, disposed_at = $3, disposed_by = $4, version = version + 1, updated_at = $3 WHERE id = $1`,
      [id, REMOVED_AT_DISPOSAL, at, by],
    );
    await run('decisionRationale', `UPDATE reviews SET decision_rationale = $2 WHERE id = $1 AND decision_rationale IS NOT NULL`, [id, REMOVED_AT_DISPOSAL]);
    await run('historyDetails', `UPDATE review_events SET details = '{}'::jsonb WHERE review_id = $1 AND details <> '{}'::jsonb`, [id]);
    await run('pauseReasons', `UPDATE review_pauses SET reason = $2 WHERE review_id = $1`, [id, REMOVED_AT_DISPOSAL]);
    await run('informationRequestDescriptions', `UPDATE information_requests SET description = $2 WHERE review_id = $1`, [id, REMOVED_AT_DISPOSAL]);
    await run(
      'timeRequestReasons',
      `UPDATE information_request_time_requests SET reason = $2, decision_reason = CASE WHEN decision_reason IS NULL THEN NULL ELSE $2 END WHERE review_id = $1`,
      [id, REMOVED_AT_DISPOSAL],
    );
    await run('voteComments', `UPDATE sign_offs SET comment = $2 WHERE review_id = $1 AND comment IS NOT NULL`, [id, REMOVED_AT_DISPOSAL]);
    await run('voteComments', `UPDATE review_partner_sign_offs SET comment = $2 WHERE review_id = $1 AND comment IS NOT NULL`, [id, REMOVED_AT_DISPOSAL]);
    await run('qaChanges', `UPDATE review_qa_changes SET text = $2, explanation = CASE WHEN explanation IS NULL THEN NULL ELSE $2 END WHERE review_id = $1`, [
      id,
      REMOVED_AT_DISPOSAL,
    ]);
    await run(
      'linkNotes',
      `UPDATE review_links SET note = NULL, external_reference = NULL WHERE review_id = $1 AND (note IS NOT NULL OR external_reference IS NOT NULL)`,
      [id],
    );

    // The death is shared by every review of it: its own record goes with the last of them.
    const [others]: { n: string }[] = await this.txHost.tx.query(`SELECT count(*) AS n FROM reviews WHERE death_id = $1 AND id <> $2 AND disposed_at IS NULL`, [
      review.deathId,
      id,
    ]);
    const deathDisposed = Number(others.n) === 0;
    if (deathDisposed) {
      await run('deathFacts', `UPDATE deaths SET place_of_death = NULL, victim_pseudonym = $2, updated_at = $3 WHERE id = $1`, [
        review.deathId,
        REMOVED_AT_DISPOSAL,
        at,
      ]);
      await run('victimIdentity', `DELETE FROM death_identities WHERE death_id = $1`, [review.deathId]);
      await run(
        'linkNotes',
        `UPDATE review_links SET note = NULL, external_reference = NULL WHERE death_id = $1 AND (note IS NOT NULL OR external_reference IS NOT NULL)`,
        [review.deathId],
      );
    }
    return { deathId: review.deathId, deathDisposed, removed };
  }
}
