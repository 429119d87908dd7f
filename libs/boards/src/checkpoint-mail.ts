import { MailTemplate, renderMail } from '@app/notifications';

/** What a checkpoint mail says. It names the board, never a person: it may be forwarded and filed. */
export interface CheckpointFacts {
  boardName: string;
  seq: number;
  hash: string;
  recordedAt: Date;
}

const TEMPLATE: MailTemplate = {
  subject: `{{ boardName }}: audit checkpoint {{ seq }}`,
  text: `Audit checkpoint {{ seq }} for the {{ boardName }}

A checkpoint of the audit trail was recorded for the board on {{ time }} ({{ iso }}).

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
<table style="border-collapse: collapse">
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

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'long' });

export function checkpointMail(facts: CheckpointFacts): { subject: string; text: string; html: string } {
  return renderMail(TEMPLATE, { ...facts, time: LONDON_TIME.format(facts.recordedAt), iso: facts.recordedAt.toISOString() });
}
