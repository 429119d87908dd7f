import { renderMail } from '@app/notifications';
import { AccountLinkPurpose } from './entities/account-link.entity';

/**
 * The mails that carry a link to set one's password. No name (the mail may be read by others
 * and must hold no one's real name): addressed "Hello". The link's token is in its query, which
 * the request log never records.
 */
const TEMPLATES = {
  invitation: {
    subject: 'Set your password for the statutory death reviews service',
    text: `Hello,

An administrator has given you an account on the statutory death reviews service. Set your own password to start using it:

{{ link }}

The link works once, until {{ until }}. If it has run out, ask an administrator to invite you again.

If you did not expect this mail, you can ignore it.
`,
    html: `<p>Hello,</p>
<p>An administrator has given you an account on the statutory death reviews service. Set your own password to start using it:</p>
<p><a href="{{ link }}">Set your password</a></p>
<p>The link works once, until {{ until }}. If it has run out, ask an administrator to invite you again.</p>
<p>If you did not expect this mail, you can ignore it.</p>`,
  },
  'password-reset': {
    subject: 'Reset your password for the statutory death reviews service',
    text: `Hello,

Someone asked to reset the password of your account on the statutory death reviews service. To choose a new password:

{{ link }}

The link works once, until {{ until }}.

If it was not you, you can ignore this mail: your password has not changed.
`,
    html: `<p>Hello,</p>
<p>Someone asked to reset the password of your account on the statutory death reviews service. To choose a new password:</p>
<p><a href="{{ link }}">Reset your password</a></p>
<p>The link works once, until {{ until }}.</p>
<p>If it was not you, you can ignore this mail: your password has not changed.</p>`,
  },
} satisfies Record<AccountLinkPurpose, { subject: string; text: string; html: string }>;

/** "14:05 on 3 March 2026", UK time. */
function ukTime(instant: Date): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hour12: false }).format(instant);
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
  return `${time} on ${day} (UK time)`;
}

export function accountLinkMail(purpose: AccountLinkPurpose, link: string, expiresAt: Date) {
  return renderMail(TEMPLATES[purpose], { link, until: ukTime(expiresAt) });
}
