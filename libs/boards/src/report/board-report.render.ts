import nunjucks from 'nunjucks';
import { toCsv } from '@app/common';
import { quarterInWords } from './quarter';
import { ActionCounts, BoardReportView, DeadlineCounts } from './board-report.dto';

/**
 * The CSV's columns. Every row names its `section`, so a spreadsheet user filters one section at
 * a time; each section fills the columns that mean something for it and leaves the rest empty.
 */
export const REPORT_CSV_COLUMNS = [
  'section',
  'key',
  'label',
  'total',
  'met',
  'missed',
  'open',
  'not_started',
  'in_progress',
  'complete',
  'cannot_complete',
  'recommendation',
  'agency',
  'status',
  'date',
  'days_overdue',
  'days_paused',
  'pauses',
] as const;

type CsvRow = Partial<Record<(typeof REPORT_CSV_COLUMNS)[number], string | number>>;

const deadlineColumns = (c: DeadlineCounts): CsvRow => ({ total: c.total, met: c.met, missed: c.missed, open: c.open });
const actionColumns = (c: ActionCounts): CsvRow => ({
  total: c.total,
  not_started: c.notStarted,
  in_progress: c.inProgress,
  complete: c.complete,
  cannot_complete: c.cannotComplete,
});

export function reportCsv(report: BoardReportView): string {
  const rows: CsvRow[] = [
    { section: 'report', key: 'board', label: report.board.name },
    { section: 'report', key: 'partnership', label: report.partnership },
    { section: 'report', key: 'quarter', label: report.quarter },
    { section: 'report', key: 'starts-on', date: report.startsOn },
    { section: 'report', key: 'ends-on', date: report.endsOn },
    { section: 'report', key: 'as-at', date: report.asAt },
    ...report.reviews.byStage.map((s) => ({ section: 'reviews-by-stage', key: s.stage, label: s.label, total: s.count })),
    { section: 'reviews-by-stage', key: 'note', label: report.reviews.stageNote },
    { section: 'reviews', key: 'all', label: 'Reviews notified by the as-at date', total: report.reviews.total },
    { section: 'reviews', key: 'opened-in-quarter', label: 'Reviews notified in the quarter', total: report.reviews.openedInQuarter },
    { section: 'reviews', key: 'closed-in-quarter', label: 'Reviews closed in the quarter', total: report.reviews.closedInQuarter },
    { section: 'deadlines', key: 'all', label: 'All deadlines due in the quarter', ...deadlineColumns(report.deadlines.overall) },
    ...report.deadlines.byKind.map((k) => ({ section: 'deadlines', key: k.kind, label: k.label, ...deadlineColumns(k) })),
    { section: 'paused-time', key: 'all', label: 'All pauses', days_paused: report.pausedTime.totalDays },
    ...report.pausedTime.byCategory.map((c) => ({ section: 'paused-time-by-category', key: c.key, label: c.label, days_paused: c.days, pauses: c.pauses })),
    ...report.pausedTime.byProceedingKind.map((k) => ({
      section: 'paused-time-by-proceeding',
      key: k.key,
      label: k.label,
      days_paused: k.days,
      pauses: k.pauses,
    })),
    { section: 'actions', key: 'all', label: 'All actions', ...actionColumns(report.actions.overall) },
    ...report.actions.byAgency.map((a) => ({ section: 'actions-by-agency', key: a.agency, label: a.agencyName, ...actionColumns(a) })),
    ...report.actions.byTheme.map((t) => ({ section: 'actions-by-theme', key: t.theme, label: t.name, ...actionColumns(t) })),
    ...report.overdueActions.map((a) => ({
      section: 'overdue-actions',
      key: a.reviewReference,
      label: a.victimPseudonym,
      recommendation: a.recommendationNumber,
      agency: a.agencyName,
      status: a.status,
      date: a.dueOn,
      days_overdue: a.daysOverdue,
    })),
    ...(report.latestCheckpoint
      ? [{ section: 'checkpoint', key: String(report.latestCheckpoint.seq), label: report.latestCheckpoint.hash, date: report.latestCheckpoint.recordedAt }]
      : []),
  ];
  return toCsv(rows, REPORT_CSV_COLUMNS);
}

// Autoescaped: names, labels and pseudonyms come from the database and must not become markup.
const html = new nunjucks.Environment(null, { autoescape: true, throwOnUndefined: true });

const TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ report.board.name }}: quarterly report, {{ quarterWords }}</title>
<style>
  body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; margin: 2rem; line-height: 1.4; }
  h1 { font-size: 1.75rem; margin-bottom: 0.25rem; }
  h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #0b0c0c; }
  table { border-collapse: collapse; margin: 0.75rem 0; min-width: 50%; }
  caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
  th, td { border: 1px solid #b1b4b6; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
  td.n, th.n { text-align: right; }
  thead th { background: #f3f2f1; }
  .note { color: #505a5f; }
  @media print {
    @page { size: A4; margin: 15mm; }
    body { margin: 0; font-size: 10pt; }
    h2 { break-after: avoid; }
    table { break-inside: auto; width: 100%; }
    tr { break-inside: avoid; }
    thead { display: table-header-group; }
  }
</style>
</head>
<body>
<h1>{{ report.board.name }}: quarterly report, {{ quarterWords }}</h1>
<p>{{ report.partnership }}. Quarter {{ report.startsOn }} to {{ report.endsOn }}; figures as at {{ report.asAt }}.</p>

<h2>Reviews by stage</h2>
<p class="note">{{ report.reviews.stageNote }}</p>
<table>
  <thead><tr><th scope="col">Stage</th><th scope="col" class="n">Reviews</th></tr></thead>
  <tbody>
  {% for s in report.reviews.byStage %}<tr><th scope="row">{{ s.label }}</th><td class="n">{{ s.count }}</td></tr>
  {% endfor %}</tbody>
  <tfoot><tr><th scope="row">All reviews notified by {{ report.asAt }}</th><td class="n">{{ report.reviews.total }}</td></tr></tfoot>
</table>
<table>
  <caption>In the quarter</caption>
  <tbody>
  <tr><th scope="row">Reviews notified</th><td class="n">{{ report.reviews.openedInQuarter }}</td></tr>
  <tr><th scope="row">Reviews closed</th><td class="n">{{ report.reviews.closedInQuarter }}</td></tr>
  </tbody>
</table>

<h2>Deadlines due in the quarter</h2>
<p class="note">Met: completed on or before the due date. Missed: completed late, or not completed and past the due date at {{ report.asAt }}. Open: not yet due, or the review is paused.</p>
<table>
  <thead><tr><th scope="col">Deadline</th><th scope="col" class="n">Met</th><th scope="col" class="n">Missed</th><th scope="col" class="n">Open</th><th scope="col" class="n">Total</th></tr></thead>
  <tbody>
  {% for k in report.deadlines.byKind %}<tr><th scope="row">{{ k.label }}</th><td class="n">{{ k.met }}</td><td class="n">{{ k.missed }}</td><td class="n">{{ k.open }}</td><td class="n">{{ k.total }}</td></tr>
  {% endfor %}</tbody>
  <tfoot><tr><th scope="row">All deadlines</th><td class="n">{{ report.deadlines.overall.met }}</td><td class="n">{{ report.deadlines.overall.missed }}</td><td class="n">{{ report.deadlines.overall.open }}</td><td class="n">{{ report.deadlines.overall.total }}</td></tr></tfoot>
</table>

<h2>Time paused in the quarter</h2>
<p class="note">{{ report.pausedTime.note }}</p>
<table>
  <thead><tr><th scope="col">Cause</th><th scope="col" class="n">Days paused</th><th scope="col" class="n">Pauses</th></tr></thead>
  <tbody>
  {% for c in report.pausedTime.byCategory %}<tr><th scope="row">{{ c.label }}</th><td class="n">{{ c.days }}</td><td class="n">{{ c.pauses }}</td></tr>
  {% endfor %}{% for k in report.pausedTime.byProceedingKind %}<tr><th scope="row">Waiting for: {{ k.label }}</th><td class="n">{{ k.days }}</td><td class="n">{{ k.pauses }}</td></tr>
  {% endfor %}</tbody>
  <tfoot><tr><th scope="row">All pauses</th><td class="n">{{ report.pausedTime.totalDays }}</td><td class="n"></td></tr></tfoot>
</table>

{% macro actionTable(caption, heading, rows, labelKey, overall) %}
<table>
  <caption>{{ caption }}</caption>
  <thead><tr><th scope="col">{{ heading }}</th><th scope="col" class="n">Not started</th><th scope="col" class="n">In progress</th><th scope="col" class="n">Complete</th><th scope="col" class="n">Cannot complete</th><th scope="col" class="n">Total</th></tr></thead>
  <tbody>
  {% for r in rows %}<tr><th scope="row">{{ r[labelKey] }}</th><td class="n">{{ r.notStarted }}</td><td class="n">{{ r.inProgress }}</td><td class="n">{{ r.complete }}</td><td class="n">{{ r.cannotComplete }}</td><td class="n">{{ r.total }}</td></tr>
  {% else %}<tr><td colspan="6">No actions.</td></tr>
  {% endfor %}</tbody>
  {% if overall %}<tfoot><tr><th scope="row">All actions</th><td class="n">{{ overall.notStarted }}</td><td class="n">{{ overall.inProgress }}</td><td class="n">{{ overall.complete }}</td><td class="n">{{ overall.cannotComplete }}</td><td class="n">{{ overall.total }}</td></tr></tfoot>{% endif %}
</table>
{% endmacro %}

<h2>Actions</h2>
<p class="note">Every action of the action plans that existed at {{ report.asAt }}, by its status then. An action counts under each theme of its recommendation.</p>
{{ actionTable('By owning agency', 'Agency', report.actions.byAgency, 'agencyName', report.actions.overall) }}
{{ actionTable('By theme', 'Theme', report.actions.byTheme, 'name', null) }}

<h2>Overdue actions</h2>
{% if report.overdueActions.length %}
<table>
  <thead><tr><th scope="col">Review</th><th scope="col">Victim (pseudonym)</th><th scope="col" class="n">Recommendation</th><th scope="col">Agency</th><th scope="col">Status</th><th scope="col">Due</th><th scope="col" class="n">Days overdue</th></tr></thead>
  <tbody>
  {% for a in report.overdueActions %}<tr><th scope="row">{{ a.reviewReference }}</th><td>{{ a.victimPseudonym }}</td><td class="n">{{ a.recommendationNumber }}</td><td>{{ a.agencyName }}</td><td>{{ a.status }}</td><td>{{ a.dueOn }}</td><td class="n">{{ a.daysOverdue }}</td></tr>
  {% endfor %}</tbody>
</table>
{% else %}
<p>No action was overdue at {{ report.asAt }}.</p>
{% endif %}

<h2>Audit checkpoint</h2>
{% if report.latestCheckpoint %}
<table>
  <tbody>
  <tr><th scope="row">Entry</th><td>{{ report.latestCheckpoint.seq }}</td></tr>
  <tr><th scope="row">Hash</th><td><code>{{ report.latestCheckpoint.hash }}</code></td></tr>
  <tr><th scope="row">Recorded at</th><td>{{ report.latestCheckpoint.recordedAt }}</td></tr>
  </tbody>
</table>
{% else %}
<p>The board had recorded no checkpoint of the audit trail by {{ report.asAt }}.</p>
{% endif %}
</body>
</html>
`;

export function reportHtml(report: BoardReportView): string {
  return html.renderString(TEMPLATE, { report, quarterWords: quarterInWords(report.quarter) });
}
