import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { Role } from '@app/access';
import { AuthenticatedUser, Clock, NotFoundProblem, ValidationProblem } from '@app/common';
import { Environment } from '@app/config';
import { MailTemplate, OutboxService, renderMail } from '@app/notifications';
import { Review, ReviewAccessPort } from '@app/reviews';
import { MeetingActionView, MeetingView } from './dto/meeting.view';
import { MeetingAction, MeetingInvitee, PanelMeeting } from './entities/panel-meeting.entity';
import { calendarAttachment, CalendarFacts, meetingCalendar, meetingUid } from './meeting-calendar';
import { londonDate, londonTime, whenInWords } from './meeting-time';

/** The deadline kind (a ruleset's `meeting-action`) each action from a meeting runs under. */
export const MEETING_ACTION = 'meeting-action';

export interface Person {
  id: string;
  email: string;
  name: string;
}

type MailKind = 'invitation' | 'moved' | 'cancelled';

const MAIL: MailTemplate = {
  subject: '{{ reference }}: panel meeting {{ heading }}',
  text: `{{ sentence }}

Review:  {{ reference }} ({{ pseudonym }})
When:    {{ when }}
{% if place %}Where:   {{ place }}
{% endif %}{% if link %}Join:    {{ link }}
{% endif %}
The agenda and the meeting's records are on the review's meetings page: {{ page }}

{{ calendar }}
This message names the case only by its reference and pseudonym.
`,
  html: `<p>{{ sentence }}</p>
<table style="border-collapse: collapse">
<tr><th style="text-align: left; padding: 4px 16px 4px 0">Review</th><td>{{ reference }} ({{ pseudonym }})</td></tr>
<tr><th style="text-align: left; padding: 4px 16px 4px 0">When</th><td>{{ when }}</td></tr>
{% if place %}<tr><th style="text-align: left; padding: 4px 16px 4px 0">Where</th><td>{{ place }}</td></tr>{% endif %}
{% if link %}<tr><th style="text-align: left; padding: 4px 16px 4px 0">Join</th><td><a href="{{ link }}">{{ link }}</a></td></tr>{% endif %}
</table>
<p><a href="{{ page }}">See the agenda and the meeting's records</a></p>
<p style="color: #505a5f">{{ calendar }}</p>
`,
};

/** The meetings' records, their calendar files and mail: what the actions and the reads share. */
@Injectable()
export class MeetingRecords {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly access: ReviewAccessPort,
    private readonly outbox: OutboxService,
    private readonly env: Environment,
    private readonly clock: Clock,
  ) {}

  private get tx() {
    return this.txHost.tx;
  }

  /**
   * The review, for someone who may see its meetings: whoever sees the review other than as a
   * board member (a board member who also sits on the panel, say, still sees them).
   */
  async visibleReview(user: AuthenticatedUser, reviewId: string): Promise<Review> {
    return this.access.find({ ...user, roles: user.roles.filter((r) => r !== Role.BoardMember) }, reviewId);
  }

  /** A meeting of this review, or a 400 naming `field` (it is a body's reference, not the URL's). */
  async meetingOf(review: Review, meetingId: string, field = 'meetingId'): Promise<PanelMeeting> {
    const meeting = await this.tx.getRepository(PanelMeeting).findOneBy({ id: meetingId, reviewId: review.id });
    if (!meeting) throw ValidationProblem.field(field, 'must be the id of a meeting of this review');
    return meeting;
  }

  /** The review's independent chair and panel members, active, to invite. */
  async panelOf(review: Review): Promise<(Person & { as: 'independent-chair' | 'panel-member' })[]> {
    const rows = (await this.tx.query(
      `SELECT DISTINCT u.id, u.email, u.name, CASE WHEN u.id = $2 THEN 'independent-chair' ELSE 'panel-member' END AS "as"
       FROM user_contacts u
       WHERE u.active AND (u.id = $2 OR EXISTS (SELECT 1 FROM review_appointments a WHERE a.review_id = $1 AND a.user_id = u.id AND a.appointment = 'panel-member'))
       ORDER BY 4, u.id`,
      [review.id, review.chairUserId],
    )) as (Person & { as: 'independent-chair' | 'panel-member' })[];
    return rows;
  }

  /** Whether a person is on the review: its chair, a panel member, or a CSP manager of its partnership. */
  async onReview(review: Review, userId: string): Promise<Person | null> {
    const rows = (await this.tx.query(
      `SELECT u.id, u.email, u.name FROM user_contacts u
       WHERE u.id = $2 AND u.active AND (u.id = $3
         OR EXISTS (SELECT 1 FROM review_appointments a WHERE a.review_id = $1 AND a.user_id = u.id AND a.appointment = 'panel-member')
         OR (u.partnership_id = $4 AND $5 = ANY(u.roles)))`,
      [review.id, userId, review.chairUserId, review.partnershipId, Role.CspManager],
    )) as Person[];
    return rows[0] ?? null;
  }

  async people(ids: string[]): Promise<Map<string, Person>> {
    if (!ids.length) return new Map();
    const rows = (await this.tx.query(`SELECT id, email, name FROM user_contacts WHERE id = ANY($1)`, [ids])) as Person[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** A panel-minutes document of the review, or null. */
  async minutesDocument(review: Review, documentId: string): Promise<{ id: string; title: string } | null> {
    const rows = await this.tx.query(`SELECT id, title FROM document_facts WHERE id = $1 AND review_id = $2 AND kind = 'panel-minutes'`, [
      documentId,
      review.id,
    ]);
    return rows[0] ?? null;
  }

  private url(path: string): string {
    return `${this.env.PUBLIC_URL.replace(/\/$/, '')}${path}`;
  }

  private organizer(): { name: string; email: string } {
    const from = this.env.MAIL_FROM;
    const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
    return match ? { name: match[1] || 'Reviews', email: match[2] } : { name: 'Reviews', email: from.trim() };
  }

  private async calendarFacts(review: Review, meeting: PanelMeeting): Promise<CalendarFacts> {
    const invitees = await this.tx.getRepository(MeetingInvitee).findBy({ meetingId: meeting.id });
    const people = await this.people(invitees.map((i) => i.userId));
    return {
      meeting,
      reference: review.reference,
      pseudonym: review.death.victimPseudonym,
      organizer: this.organizer(),
      attendees: invitees.map((i) => people.get(i.userId)?.email).filter((e): e is string => !!e),
      uidHost: new URL(this.env.PUBLIC_URL).hostname,
      link: this.url(`/reviews/${review.id}/meetings`),
    };
  }

  /** The meeting's calendar file as it now stands. */
  async calendar(review: Review, meeting: PanelMeeting): Promise<string> {
    return meetingCalendar(await this.calendarFacts(review, meeting));
  }

  /** A mail with the calendar file to each invitee still active, in the caller's transaction; returns the outbox ids. */
  async mailInvitees(review: Review, meeting: PanelMeeting, kind: MailKind): Promise<string[]> {
    const facts = await this.calendarFacts(review, meeting);
    const invitees = await this.tx.getRepository(MeetingInvitee).findBy({ meetingId: meeting.id });
    const people = await this.people(invitees.map((i) => i.userId));
    const active = new Set(
      ((await this.tx.query(`SELECT id FROM user_contacts WHERE id = ANY($1) AND active`, [invitees.map((i) => i.userId)])) as { id: string }[]).map(
        (r) => r.id,
      ),
    );
    const words = {
      invitation: { heading: 'invitation', sentence: `You are invited to a panel meeting of ${review.reference} (${review.death.victimPseudonym}).` },
      moved: { heading: 'moved', sentence: `A panel meeting of ${review.reference} (${review.death.victimPseudonym}) has moved. It is now:` },
      cancelled: { heading: 'cancelled', sentence: `A panel meeting of ${review.reference} (${review.death.victimPseudonym}) is cancelled. It was to be:` },
    }[kind];
    const mail = renderMail(MAIL, {
      ...words,
      reference: review.reference,
      pseudonym: review.death.victimPseudonym,
      when: whenInWords(meeting.startsAt, meeting.endsAt),
      place: meeting.place,
      link: meeting.link,
      page: facts.link,
      calendar:
        kind === 'cancelled'
          ? 'The cancellation is attached as a calendar file: opening it takes the meeting out of your calendar.'
          : 'The meeting is attached as a calendar invitation.',
    });
    const attachment = calendarAttachment(facts);
    return this.outbox.enqueue(
      invitees
        .filter((i) => active.has(i.userId) && people.has(i.userId))
        .map((i) => ({
          partnershipId: review.partnershipId,
          recipientId: i.userId,
          to: people.get(i.userId)!.email,
          ...mail,
          attachments: [attachment],
          kind: `panel-meeting-${kind}`,
          reviewId: review.id,
        })),
    );
  }

  async list(review: Review): Promise<MeetingView[]> {
    const meetings = await this.tx.getRepository(PanelMeeting).find({ where: { reviewId: review.id }, order: { startsAt: 'ASC', id: 'ASC' } });
    return this.views(meetings);
  }

  async one(review: Review, meetingId: string): Promise<MeetingView> {
    const meeting = await this.tx.getRepository(PanelMeeting).findOneBy({ id: meetingId, reviewId: review.id });
    if (!meeting) throw new NotFoundProblem('No meeting of this review has that id.');
    return (await this.views([meeting]))[0];
  }

  async findForRead(review: Review, meetingId: string): Promise<PanelMeeting> {
    const meeting = await this.tx.getRepository(PanelMeeting).findOneBy({ id: meetingId, reviewId: review.id });
    if (!meeting) throw new NotFoundProblem('No meeting of this review has that id.');
    return meeting;
  }

  private async views(meetings: PanelMeeting[]): Promise<MeetingView[]> {
    if (!meetings.length) return [];
    const ids = meetings.map((m) => m.id);
    const invitees = await this.tx.getRepository(MeetingInvitee).find({ where: { meetingId: In(ids) }, order: { invitedAs: 'ASC', userId: 'ASC' } });
    const actions = await this.tx.getRepository(MeetingAction).find({ where: { meetingId: In(ids) }, order: { dueOn: 'ASC', createdAt: 'ASC' } });
    const people = await this.people([...new Set([...invitees.map((i) => i.userId), ...actions.map((a) => a.ownerUserId)])]);
    const documentIds = meetings.map((m) => m.minutesDocumentId).filter((d): d is string => !!d);
    const titles = new Map<string, string>(
      documentIds.length
        ? ((await this.tx.query(`SELECT id, title FROM document_facts WHERE id = ANY($1)`, [documentIds])) as { id: string; title: string }[]).map((d) => [
            d.id,
            d.title,
          ])
        : [],
    );
    const today = this.clock.today();
    const host = new URL(this.env.PUBLIC_URL).hostname;
    return meetings.map((m) => ({
      id: m.id,
      status: m.status,
      date: londonDate(m.startsAt),
      startTime: londonTime(m.startsAt),
      endTime: londonTime(m.endsAt),
      startsAt: m.startsAt.toISOString(),
      endsAt: m.endsAt.toISOString(),
      when: whenInWords(m.startsAt, m.endsAt),
      place: m.place,
      link: m.link,
      agenda: m.agenda,
      uid: meetingUid(m.id, host),
      sequence: m.sequence,
      cancelReason: m.cancelReason,
      invitees: invitees
        .filter((i) => i.meetingId === m.id)
        .map((i) => ({ userId: i.userId, name: people.get(i.userId)?.name ?? 'Unknown', invitedAs: i.invitedAs, attendance: i.attendance })),
      minutes: m.minutesRecordedAt
        ? {
            text: m.minutesText,
            documentId: m.minutesDocumentId,
            documentTitle: m.minutesDocumentId ? (titles.get(m.minutesDocumentId) ?? null) : null,
            recordedAt: m.minutesRecordedAt.toISOString(),
          }
        : null,
      actions: actions.filter((a) => a.meetingId === m.id).map((a) => actionView(a, people, today)),
    }));
  }
}

function actionView(a: MeetingAction, people: Map<string, Person>, today: string): MeetingActionView {
  return {
    id: a.id,
    description: a.description,
    ownerId: a.ownerUserId,
    ownerName: people.get(a.ownerUserId)?.name ?? 'Unknown',
    dueOn: a.dueOn,
    completedOn: a.completedOn,
    deadlineKey: `${MEETING_ACTION}:${a.id}`,
    status: a.completedOn ? 'done' : a.dueOn < today ? 'overdue' : 'open',
  };
}
