/** The printable review record (Nunjucks, autoescaped). No scripts: it is read and printed. */
export const REVIEW_RECORD_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ review.reference }}: review record</title>
<style>
  body { font-family: Arial, sans-serif; color: #0b0c0c; margin: 2rem; line-height: 1.4; }
  h1 { font-size: 1.8rem; } h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #0b0c0c; }
  table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
  th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.6rem 0.3rem 0; border-bottom: 1px solid #b1b4b6; }
  .meta { color: #505a5f; }
  @media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<h1>{{ review.reference }}: {{ review.typeName }}</h1>
<p class="meta">Record exported {{ exportedAt | dateTime }}, under the rules of {{ review.typeName }} ({{ review.ruleset }}). The victim is named only by pseudonym.</p>

<h2>Summary</h2>
<table>
<tr><th scope="row">Victim (pseudonym)</th><td>{{ review.victim.pseudonym }}, {{ review.victim.ageAtDeath }}, {{ words.sex[review.victim.sex] or review.victim.sex }}</td></tr>
<tr><th scope="row">Notified</th><td>{{ review.notifiedOn | date }} by {{ review.notifyingAgencyName }}</td></tr>
<tr><th scope="row">Date of death</th><td>{{ review.dateOfDeath | date }}</td></tr>
<tr><th scope="row">Stage</th><td>{{ review.stageLabel }} ({{ review.status }})</td></tr>
{% if review.decision %}<tr><th scope="row">Decision</th><td>{{ review.decision.outcome | outcome }}, decided {{ review.decision.decidedOn | date }}: {{ review.decision.rationale }}</td></tr>{% endif %}
{% if review.chair %}<tr><th scope="row">Independent chair</th><td>{{ review.chair.name }}, appointed {{ review.chair.appointedOn | date }}</td></tr>{% endif %}
</table>

<h2>Stages</h2>
<table><thead><tr><th scope="col">Stage</th><th scope="col">Status</th></tr></thead><tbody>
{% for stage in review.stages %}<tr><td>{{ stage.label }}</td><td>{{ words.stageStatus[stage.status] or (stage.status | words) }}</td></tr>{% endfor %}
</tbody></table>

<h2>History</h2>
<table><thead><tr><th scope="col">Date</th><th scope="col">Action</th><th scope="col">From</th><th scope="col">To</th></tr></thead><tbody>
{% for event in review.history %}<tr><td>{{ event.on | date }}</td><td>{{ words.action(event.action) }}{% if event.note %}: {{ event.note }}{% endif %}</td><td>{{ words.stages[event.fromStage] or (event.fromStage | words) }}</td><td>{{ words.stages[event.toStage] or (event.toStage | words) }}</td></tr>{% endfor %}
</tbody></table>

<h2>Deadlines</h2>
<table><thead><tr><th scope="col">Deadline</th><th scope="col">Due</th><th scope="col">First due</th><th scope="col">Status</th><th scope="col">Completed</th><th scope="col">Paused days</th></tr></thead><tbody>
{% for d in review.deadlines %}<tr><td>{{ d.label }}</td><td>{{ d.dueOn | date }}</td><td>{{ d.originalDueOn | date }}</td><td>{{ words.deadlineStatus[d.status] or (d.status | words) }}{% if d.statusNote %}: {{ d.statusNote }}{% endif %}</td><td>{{ d.completedOn | date }}</td><td>{{ d.pausedDays }}</td></tr>{% endfor %}
</tbody></table>

{% if review.pauses.length %}<h2>Pauses</h2>
<table><thead><tr><th scope="col">Reason</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Days</th></tr></thead><tbody>
{% for p in review.pauses %}<tr><td>{{ p.categoryName }}: {{ p.reason }}</td><td>{{ p.startedOn | date }}</td><td>{{ p.endedOn | date }}</td><td>{{ p.pausedDays if p.pausedDays !== null else '' }}</td></tr>{% endfor %}
</tbody></table>{% endif %}

<h2>Recommendations and action plan</h2>
{% for r in recommendations %}
<h3>Recommendation {{ r.number }} ({{ r.level | words }}, {{ r.owningAgencyName }})</h3>
<p>{{ r.text }}</p>
<p><strong>Outcome:</strong> {{ r.outcome }}</p>
<p><strong>Themes:</strong> {{ r.themeNames | join(', ') }}{% if r.tags.length %}; tags: {{ r.tags | join(', ') }}{% endif %}</p>
{% if r.actions.length %}<table><thead><tr><th scope="col">Action</th><th scope="col">Agency</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Progress</th></tr></thead><tbody>
{% for a in r.actions %}<tr><td>{{ a.description }}</td><td>{{ a.owningAgencyName }}</td><td>{{ a.dueOn | date }}</td><td>{{ words.actionStatus[a.status] or (a.status | words) }}</td><td>{% for h in a.history %}{{ h.on | date }}: {{ words.actionStatus[h.status] or (h.status | words) }}{% if h.note %}: {{ h.note }}{% endif %}{% if h.reason %} ({{ h.reason }}){% endif %}<br>{% endfor %}</td></tr>{% endfor %}
</tbody></table>{% endif %}
{% else %}<p>No recommendations.</p>{% endfor %}

{% if family %}<h2>Family</h2>
<p>Family members and significant people, by pseudonym: their real names are kept apart and never exported.</p>
{% if family.members.length %}<table><thead><tr><th scope="col">Pseudonym</th><th scope="col">Relationship</th><th scope="col">Involvement</th><th scope="col">Advocacy</th><th scope="col">Saw the terms of reference</th><th scope="col">Saw the draft report</th></tr></thead><tbody>
{% for m in family.members %}<tr><td>{{ m.pseudonym }}</td><td>{{ m.relationship }}</td><td>{{ m.involvementText }}</td><td>{% if m.advocacy.service %}{{ m.advocacy.service }}{% if m.advocacy.offeredOn %}, offered {{ m.advocacy.offeredOn | date }}{% endif %}{% if m.advocacy.acceptedText %} ({{ m.advocacy.acceptedText }}){% endif %}{% else %}None offered{% endif %}</td><td>{{ m.termsOfReferenceSeenOn | date }}</td><td>{{ m.draftReportSeenOn | date }}</td></tr>{% endfor %}
</tbody></table>{% else %}<p>No family members recorded.</p>{% endif %}
<h3>Contact log</h3>
{% if family.contacts.length %}<table><thead><tr><th scope="col">Date</th><th scope="col">Method</th><th scope="col">With</th><th scope="col">By</th><th scope="col">Summary</th></tr></thead><tbody>
{% for c in family.contacts %}<tr><td>{{ c.contactedOn | date }}</td><td>{{ c.methodText }}</td><td>{% for m in c.members %}{{ m.pseudonym }}{% if not loop.last %}, {% endif %}{% endfor %}</td><td>{{ c.madeBy.name or '' }}</td><td>{{ c.summary }}</td></tr>{% endfor %}
</tbody></table>{% else %}<p>No contacts recorded.</p>{% endif %}
{% endif %}

<h2>Sign-off</h2>
<table><thead><tr><th scope="col">Board</th><th scope="col">Quorum</th><th scope="col">Approvals</th><th scope="col">Rejections</th><th scope="col">Signed off</th></tr></thead><tbody>
{% for s in review.signOffStatus %}<tr><td>{{ s.boardName }}</td><td>{{ s.quorum }}</td><td>{{ s.approvals }}</td><td>{{ s.rejections }}</td><td>{{ 'yes' if s.complete else 'no' }}</td></tr>{% endfor %}
</tbody></table>

<h2>Audit trail</h2>
<table><thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Action</th><th scope="col">Hash</th></tr></thead><tbody>
{% for e in auditTrail %}<tr><td>{{ e.seq }}</td><td>{{ e.occurredAt | dateTime }}</td><td>{{ words.auditAction(e.action) }}</td><td><code>{{ e.hash | truncate(16, true, '…') }}</code></td></tr>{% endfor %}
</tbody></table>
</body>
</html>
`;
