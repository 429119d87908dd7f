import nunjucks from 'nunjucks';

/** A mail's three parts, each a Nunjucks template over the same context. */
export interface MailTemplate {
  subject: string;
  text: string;
  html: string;
}

// HTML is autoescaped; subject and text are plain text and must not be.
const html = new nunjucks.Environment(null, { autoescape: true, throwOnUndefined: true });
const plain = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });

export function renderMail(template: MailTemplate, context: object): { subject: string; text: string; html: string } {
  return {
    subject: plain.renderString(template.subject, context).replace(/\s+/g, ' ').trim(),
    text: plain.renderString(template.text, context),
    html: html.renderString(template.html, context),
  };
}
