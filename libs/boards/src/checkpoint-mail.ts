import { MailTemplate, renderMail } from '@app/notifications';

/** What a checkpoint mail says. It names the board, never a person: it may be forwarded and filed. */
export interface CheckpointFacts {
  boardName: string;
  seq: number;
  hash: string;
  recordedAt: Date;
  /** Recorded by the worker's schedule rather than by a person. */
  scheduled?: boolean;
}

const TEMPLATE: MailTemplate = {
  subject: `{{ boardName }}: audit checkpoint {{ seq }}`,
  text: `Audit checkpoint {{ seq }} for the {{ boardName }}

A checkpoint of the audit trail was recorded for the board on {{ time }} ({{ iso }}).
{% if scheduled %}
The service recorded it by itself: it does so on a schedule whenever the audit trail has
changed since the board's last checkpoint, so that no recent entry can be removed unnoticed.
{% endif %}
Entry:  {{ seq }}
Hash:   {{ hash }}

Keep this message outside the case management system. Whoever can read its database can check
later that no audit entry up to this one has been changed or removed:

  npm run audit:verify -- --checkpoint {{ seq }}:{{ hash }}

It recomputes every hash of the audit chain itself and fails if entry {{ seq }} is missing or no
longer has this hash.

You receive this as a member of the {{ boardName }}.
`,
  html: `<!DOCTYPE html>
<html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c">
<h1 style="font-size: 24px">Audit checkpoint {{ seq }} for the {{ boardName }}</h1>
<p>A checkpoint of the audit trail was recorded for the board on {{ time }} ({{ iso }}).</p>
{% if scheduled %}<p>The service recorded it by itself: it does so on a schedule whenever the audit trail has changed since the board's last checkpoint, so that no recent entry can be removed unnoticed.</p>
{% endif %}<table style="border-collapse: collapse">
<tr><th style="text-align: left; padding: 4px 16px 4px 0">Entry</th><td>{{ seq }}</td></tr>
<tr><th style="text-align: left; padding: 4px 16px 4px 0">Hash</th><td style="font-family: monospace">{{ hash }}</td></tr>
</table>
<p>Keep this message outside the case management system. Whoever can read its database can check later that no audit entry up to this one has been changed or removed:</p>
<pre style="background: #f3f2f1; padding: 8px">npm run audit:verify -- --checkpoint {{ seq }}:{{ hash }}</pre>
<p>It recomputes every hash of the audit chain itself and fails if entry {{ seq }} is missing or no longer has this hash.</p>
<p style="color: #505a5f">You receive this as a member of the {{ boardName }}.</p>
</body></html>
`,
};

/** What the warning says when a board's checkpoint no longer matches the audit trail. */
export interface CheckpointMismatchFacts {
  boardName: string;
  /** The checkpoint that no longer matches. */
  seq: number;
  hash: string;
  recordedAt: Date;
  /** The hash entry `seq` has now; null when the entry is gone. */
  found: string | null;
  checkedAt: Date;
}

const MISMATCH_TEMPLATE: MailTemplate = {
  subject: `{{ boardName }}: the audit trail no longer matches checkpoint {{ seq }}`,
  text: `The audit trail no longer matches checkpoint {{ seq }} of the {{ boardName }}

Before recording a new checkpoint, the service checks the board's latest one. On {{ time }}
({{ iso }}) it found that {% if found %}audit entry {{ seq }} now has the hash {{ found }},
not the one the checkpoint kept{% else %}audit entry {{ seq }} is no longer in the audit trail{% endif %}.

Checkpoint recorded:  {{ keptTime }}
Entry:                {{ seq }}
Hash kept:            {{ hash }}

So audit entries up to this one have been changed or removed since the checkpoint was
recorded. The service itself cannot do that: it takes direct access to its database.

Please tell the partnership's administrator and whoever runs the service. They should check the
whole trail with

  npm run audit:verify -- --checkpoint {{ seq }}:{{ hash }}

and follow "If a scheduled checkpoint reports a mismatch" in the service's operations guide.
Keep this message and the board's earlier checkpoint mails: they show what the trail held.

A new checkpoint of the trail as it stands now is recorded and mailed to you separately, so that
any further change shows too.

You receive this as a member of the {{ boardName }}.
`,
  html: `<!DOCTYPE html>
<html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #0b0c0c">
<h1 style="font-size: 24px">The audit trail no longer matches checkpoint {{ seq }} of the {{ boardName }}</h1>
<p>Before recording a new checkpoint, the service checks the board's latest one. On {{ time }} ({{ iso }}) it found that {% if found %}audit entry {{ seq }} now has the hash <code>{{ found }}</code>, not the one the checkpoint kept{% else %}audit entry {{ seq }} is no longer in the audit trail{% endif %}.</p>
<table style="border-collapse: collapse">
<tr><th style="text-align: left; padding: 4px 16px 4px 0">Checkpoint recorded</th><td>{{ keptTime }}</td></tr>
<tr><th style="text-align: left; padding: 4px 16px 4px 0">Entry</th><td>{{ seq }}</td></tr>
<tr><th style="text-align: left; padding: 4px 16px 4px 0">Hash kept</th><td style="font-family: monospace">{{ hash }}</td></tr>
</table>
<p>So audit entries up to this one have been changed or removed since the checkpoint was recorded. The service itself cannot do that: it takes direct access to its database.</p>
<p>Please tell the partnership's administrator and whoever runs the service. They should check the whole trail with</p>
<pre style="background: #f3f2f1; padding: 8px">npm run audit:verify -- --checkpoint {{ seq }}:{{ hash }}</pre>
<p>and follow "If a scheduled checkpoint reports a mismatch" in the service's operations guide. Keep this message and the board's earlier checkpoint mails: they show what the trail held.</p>
<p>A new checkpoint of the trail as it stands now is recorded and mailed to you separately, so that any further change shows too.</p>
<p style="color: #505a5f">You receive this as a member of the {{ boardName }}.</p>
</body></html>
`,
};

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'long' });

export function checkpointMail(facts: CheckpointFacts): { subject: string; text: string; html: string } {
  return renderMail(TEMPLATE, {
    ...facts,
    scheduled: facts.scheduled ?? false,
    time: LONDON_TIME.format(facts.recordedAt),
    iso: facts.recordedAt.toISOString(),
  });
}

export function checkpointMismatchMail(facts: CheckpointMismatchFacts): { subject: string; text: string; html: string } {
  return renderMail(MISMATCH_TEMPLATE, {
    ...facts,
    keptTime: LONDON_TIME.format(facts.recordedAt),
    time: LONDON_TIME.format(facts.checkedAt),
    iso: facts.checkedAt.toISOString(),
  });
}
