import { createEvent } from 'ics';
import { MailAttachment } from '@app/notifications';
import { PanelMeeting } from './entities/panel-meeting.entity';

export interface CalendarFacts {
  meeting: PanelMeeting;
  /** The review's reference and the victim's pseudonym: all that names the case. */
  reference: string;
  pseudonym: string;
  organizer: { name: string; email: string };
  attendees: string[];
  uidHost: string;
  link: string;
}

/** A meeting's stable calendar UID: a calendar replaces the entry it holds when a later SEQUENCE comes. */
export const meetingUid = (meetingId: string, host: string) => `panel-meeting-${meetingId}@${host}`;

/**
 * The meeting as an iCalendar file (RFC 5545/5546), by the `ics` package: METHOD:REQUEST while it
 * is on (first sent at SEQUENCE 0, resent one higher when moved), METHOD:CANCEL and
 * STATUS:CANCELLED once cancelled, always under the same UID. Times are written in UTC, from the
 * date and times given in Europe/London. Attendees by email alone: no name leaves in the file.
 */
export function meetingCalendar(facts: CalendarFacts): string {
  const { meeting } = facts;
  const cancelled = meeting.status === 'cancelled';
  const where = [meeting.place, meeting.link].filter(Boolean).join(' / ');
  const { error, value } = createEvent({
    productId: 'death-reviews/meetings',
    method: cancelled ? 'CANCEL' : 'REQUEST',
    uid: meetingUid(meeting.id, facts.uidHost),
    sequence: meeting.sequence,
    title: `${facts.reference}: panel meeting`,
    description: `Panel meeting of ${facts.reference} (${facts.pseudonym}). The agenda is on the review's meetings page: ${facts.link}`,
    location: where,
    ...(meeting.link ? { url: meeting.link } : {}),
    start: meeting.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: meeting.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    organizer: facts.organizer,
    attendees: facts.attendees.map((email) => ({ email, rsvp: true, partstat: 'NEEDS-ACTION', role: 'REQ-PARTICIPANT' })),
  });
  if (error || !value) throw error ?? new Error('could not build the meeting calendar file');
  return value;
}

export function calendarAttachment(facts: CalendarFacts): MailAttachment {
  const method = facts.meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
  return { filename: `${facts.reference}-panel-meeting.ics`, contentType: `text/calendar; charset=utf-8; method=${method}`, content: meetingCalendar(facts) };
}
