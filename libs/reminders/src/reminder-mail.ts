import { format, parseISO } from 'date-fns';
import { createEvent } from 'ics';
import { daysBetween } from '@app/common';
import { MailAttachment, MailTemplate, renderMail } from '@app/notifications';
import { Occurrence } from './reminder-plan';

/** What a reminder says. Only the review's reference and the victim's pseudonym name the case. */
export interface ReminderFacts {
  reviewId: string;
  reference: string;
  pseudonym: string;
  deadlineId: string;
  deadlineLabel: string;
  dueOn: string;
  today: string;
  /** Why this person gets it, e.g. "the review's independent chair". */
  as: string;
  link: string;
}

const TEMPLATE: MailTemplate = {
  subject: `{{ reference }}: {% if overdue %}OVERDUE by {{ dayCount }} — {% endif %}{{ deadline }} {{ when }} ({{ due }})`,
  text: `{{ heading }}

Review:     {{ reference }} ({{ pseudonym }})
Deadline:   {{ deadline }}
Due:        {{ due }}
Status:     {{ whenSentence }}

Open the review: {{ link }}

You receive this as {{ as }}. The due date is attached as a calendar entry.
This message names the case only by its reference and pseudonym.
`,
  html: `<!DOCTYPE html>
<html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c">
<h1 style="font-size: 24px">{{ heading }}</h1>
<table style="border-collapse: collapse">
<tr><th style="text-align: left; padding: 4px 16px 4px 0">Review</th><td>{{ reference }} ({{ pseudonym }})</td></tr>
<tr><th style="text-align: left; padding: 4px 16px 4px 0">Deadline</th><td>{{ deadline }}</td></tr>
<tr><th style="text-align: left; padding: 4px 16px 4px 0">Due</th><td>{{ due }}</td></tr>
<tr><th style="text-align: left; padding: 4px 16px 4px 0">Status</th><td{% if overdue %} style="color: #d4351c; font-weight: bold"{% endif %}>{{ whenSentence }}</td></tr>
</table>
<p><a href="{{ link }}">Open the review</a></p>
<p style="color: #505a5f">You receive this as {{ as }}. The due date is attached as a calendar entry.</p>
</body></html>
`,
};

export function reminderMail(facts: ReminderFacts, occurrence: Occurrence): { subject: string; text: string; html: string; attachments: MailAttachment[] } {
  const days = daysBetween(facts.today, facts.dueOn);
  const overdue = days < 0;
  const dayCount = `${Math.abs(days)} day${Math.abs(days) === 1 ? '' : 's'}`;
  const when = overdue ? 'was due' : days === 0 ? 'is due today' : days === 1 ? 'is due tomorrow' : `is due in ${dayCount}`;
  const due = format(parseISO(facts.dueOn), 'EEEE d MMMM yyyy');
  const context = {
    ...facts,
    deadline: facts.deadlineLabel,
    due,
    overdue,
    dayCount,
    when,
    whenSentence: overdue ? `Overdue by ${dayCount}` : days === 0 ? 'Due today' : days === 1 ? 'Due tomorrow' : `${dayCount} left`,
    heading: occurrence.kind === 'escalation' ? `Overdue: ${facts.deadlineLabel}` : `Reminder: ${facts.deadlineLabel}`,
  };
  return { ...renderMail(TEMPLATE, context), attachments: [calendarEntry(facts)] };
}

function calendarEntry(facts: ReminderFacts): MailAttachment {
  const [year, month, day] = facts.dueOn.split('-').map(Number);
  const { error, value } = createEvent({
    uid: `${facts.deadlineId}-${facts.dueOn}@death-reviews`,
    title: `${facts.reference}: ${facts.deadlineLabel}`,
    description: `${facts.deadlineLabel} for ${facts.reference} (${facts.pseudonym}) is due. ${facts.link}`,
    url: facts.link,
    start: [year, month, day],
    duration: { days: 1 },
    productId: 'death-reviews/reminders',
  });
  if (error || !value) throw error ?? new Error('could not build the calendar entry');
  return { filename: `${facts.reference}-${facts.dueOn}.ics`, contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: value };
}
