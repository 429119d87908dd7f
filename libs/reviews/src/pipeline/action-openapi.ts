import { getSchemaPath } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { aRole } from '@app/access';
import { Ruleset } from '@app/rulesets';
import { ActionRegistry } from './action-registry';

/** The route every action is taken through, as the controller declares it. */
export const ACTION_ROUTE = '/api/reviews/{id}/actions/{action}';

/**
 * One OpenAPI operation per action, in place of the controller's single route: a partner looking
 * for `complete-draft` finds its path, its body, what it does and who may take it under each
 * ruleset installed. The request contract is unchanged: `POST /api/reviews/:id/actions/:action`.
 */
export function describeActions(document: OpenAPIObject, registry: ActionRegistry, rulesets: Ruleset[]): OpenAPIObject {
  const generic = document.paths[ACTION_ROUTE]?.post;
  if (!generic) return document;
  const { [ACTION_ROUTE]: _generic, ...paths } = document.paths;
  const parameters = (generic.parameters ?? []).filter((p) => !('name' in p) || p.name !== 'action');
  for (const handler of registry.actions()) {
    const uses = rulesets.filter((r) => r.action(handler.name)).sort((a, b) => a.key.localeCompare(b.key));
    const label = uses.map((r) => r.action(handler.name)!.label)[0];
    const who = uses.map((r) => {
      const rule = r.action(handler.name)!;
      const stages = rule.stages.map((s) => r.stageLabel(s).toLowerCase()).join(', ');
      return `- **${r.key}** (${r.definition.name}): ${rule.roles.map(aRole).join(' or ')}; at ${stages}${rule.when === 'any' ? ', paused or not' : rule.when === 'paused' ? ', while paused' : ''}${rule.guards?.length ? `; once ${rule.guards.join(', ')}` : ''}.`;
    });
    paths[`/api/reviews/{id}/actions/${handler.name}`] = {
      post: {
        ...generic,
        operationId: `ReviewAction_${handler.name}`,
        summary: label ?? handler.name,
        description: [
          handler.summary,
          who.length ? `Who may take it, and when, is the ruleset's:\n\n${who.join('\n')}` : 'No installed ruleset uses this action.',
          'Refusals: 403 `not-allowed`, 409 `wrong-stage`, `stale-version` or `guard-failed`, 400 `invalid-input`.',
        ].join('\n\n'),
        parameters,
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: getSchemaPath(handler.body) } } } },
      },
    };
  }
  return { ...document, paths };
}
