import { EntityManager } from 'typeorm';
import { aRole, Role } from '@app/access';
import { Ruleset } from '@app/rulesets';

export interface Recipient {
  userId: string;
  email: string;
  /** Why they are chased, for the mail: "the review's independent chair". */
  as: string;
}

export interface RecipientContext {
  partnershipId: string;
  reviewId: string;
  chairUserId: string | null;
  deadlineKey: string;
}

/**
 * Who a deadline chases, resolved from the ruleset's `chase` roles when the mail is sent, so a
 * change of chair or panel is honoured. Escalations add the ruleset's `escalateAlsoTo`. Nobody
 * found (no chair yet, no panel member of that agency): the CSP managers, so nothing goes unseen.
 */
export async function resolveRecipients(tx: EntityManager, ruleset: Ruleset, context: RecipientContext, escalation: boolean): Promise<Recipient[]> {
  const rule = ruleset.deadlineRule(context.deadlineKey);
  let roles = [...(rule?.chase ?? [Role.CspManager]), ...(escalation ? ruleset.definition.escalateAlsoTo : [])];
  const found = new Map<string, Recipient>();
  const add = (rows: { id: string; email: string }[], as: string) =>
    rows.forEach((row) => found.has(row.id) || found.set(row.id, { userId: row.id, email: row.email, as }));

  if (context.deadlineKey.startsWith('meeting-action:')) {
    // An action from a panel meeting chases its owner alone (whichever of the chased roles they
    // hold on the review); an escalation adds the ruleset's escalateAlsoTo as for any deadline.
    const actionId = context.deadlineKey.split(':')[1];
    add(
      await tx.query(`SELECT u.id, u.email FROM meeting_action_facts a JOIN user_contacts u ON u.id = a.owner_user_id WHERE a.id = $1 AND u.active`, [
        actionId,
      ]),
      'the owner of this action from a panel meeting',
    );
    roles = escalation ? ruleset.definition.escalateAlsoTo : [];
  }

  for (const role of new Set(roles)) {
    if (role === Role.IndependentChair) {
      if (context.chairUserId)
        add(await tx.query('SELECT id, email FROM user_contacts WHERE id = $1 AND active', [context.chairUserId]), "the review's independent chair");
    } else if (role === Role.PanelMember) {
      const [, requestId] = context.deadlineKey.split(':');
      const rows = requestId
        ? await tx.query(
            `SELECT u.id, u.email FROM review_appointments pm JOIN user_contacts u ON u.id = pm.user_id
             JOIN information_request_facts ir ON ir.review_id = pm.review_id AND ir.agency_id = pm.agency_id
             WHERE ir.id = $1 AND pm.appointment = 'panel-member' AND u.active ORDER BY u.id`,
            [requestId],
          )
        : await tx.query(
            `SELECT u.id, u.email FROM review_appointments pm JOIN user_contacts u ON u.id = pm.user_id WHERE pm.review_id = $1 AND pm.appointment = 'panel-member' AND u.active ORDER BY u.id`,
            [context.reviewId],
          );
      add(rows, requestId ? 'the panel member for the agency asked' : 'a member of the review panel');
    } else if (role === Role.AgencyActionOwner && context.deadlineKey.startsWith('action:')) {
      // An action chases its lead person, or failing one, the action owners of its agency.
      const actionId = context.deadlineKey.split(':')[1];
      const lead = await tx.query(
        `SELECT u.id, u.email FROM recommendation_action_facts a JOIN user_contacts u ON u.id = a.lead_user_id WHERE a.id = $1 AND u.active`,
        [actionId],
      );
      if (lead.length) add(lead, 'the lead for this action');
      else {
        add(
          await tx.query(
            `SELECT u.id, u.email FROM recommendation_action_facts a JOIN user_contacts u ON u.agency_id = a.owning_agency_id
             WHERE a.id = $1 AND u.active AND $2 = ANY(u.roles) ORDER BY u.id`,
            [actionId, Role.AgencyActionOwner],
          ),
          `${aRole(Role.AgencyActionOwner)} of the agency that owns this action`,
        );
      }
    } else {
      add(
        await tx.query('SELECT id, email FROM user_contacts WHERE partnership_id = $1 AND active AND $2 = ANY(roles) ORDER BY id', [
          context.partnershipId,
          role,
        ]),
        aRole(role),
      );
    }
  }
  if (found.size === 0) {
    add(
      await tx.query('SELECT id, email FROM user_contacts WHERE partnership_id = $1 AND active AND $2 = ANY(roles) ORDER BY id', [
        context.partnershipId,
        Role.CspManager,
      ]),
      `${aRole(Role.CspManager)} (nobody else is set to receive it)`,
    );
  }
  return [...found.values()];
}
