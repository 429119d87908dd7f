import { IsIn, IsString } from 'class-validator';
import { CalendarDateField } from '@app/common';
import dardr2024Draft from '../definitions/dardr-2024-draft-v4.json';
import dhr2016 from '../definitions/dhr-2016-v4.json';
import owhr2023 from '../definitions/owhr-2023-v4.json';
import { jsonPath, rulesetProblems } from './ruleset-validation';
import { ActionVocabulary, actionVocabularyOf, RulesetVocabulary } from './ruleset-vocabulary';
import { RulesetError, RulesetsService } from './rulesets.service';

const on = (...dateFields: string[]): ActionVocabulary => ({ dateFields });
const DECISION_OUTCOMES = ['hold', 'not-held', 'under-a-duty', 'not-under-a-duty'];

/** The product's vocabulary as the reviews lib gives it today, written out so this lib's tests need no other lib. */
const VOCABULARY: RulesetVocabulary = {
  actions: new Map<string, ActionVocabulary>([
    ['decide', { outcomes: DECISION_OUTCOMES, dateFields: ['decidedOn'] }],
    ['record-home-office-notice', on('sentOn')],
    ['appoint-chair', on('appointedOn')],
    ['add-panel-member', on()],
    ['remove-panel-member', on()],
    ['agree-terms-of-reference', on('agreedOn')],
    ['request-information', on('dueOn', 'requestedOn')],
    ['receive-information', on('receivedOn')],
    ['complete-information', on('on')],
    ['complete-draft', on('on')],
    ['sign-off', on('on')],
    ['issue-revised-draft', on('on')],
    ['submit-to-home-office', on('submittedOn')],
    ['record-commissioner-copy', on('sentOn')],
    ['record-qa-outcome', { outcomes: ['approved', 'approved-with-changes', 'resubmit'], dateFields: ['receivedOn'] }],
    ['record-qa-change', on()],
    ['publish', on('publishedOn')],
    ['close', on('on')],
    ['pause', on('startedOn')],
    ['resume', on('on')],
    ['extend', on('newDueOn')],
    ['notify-secretary-of-state', on('sentOn')],
    ['reverse-decision', { outcomes: DECISION_OUTCOMES, dateFields: ['decidedOn'] }],
    ['discontinue', on('on')],
    ['add-review-partner', on()],
    ['partner-sign-off', on('on')],
    ['submit-to-secretary-of-state', on('submittedOn')],
    ['record-notice-not-sent', on('decidedOn')],
    ['answer-information-request', on('receivedOn')],
    ['ask-for-more-time', on('proposedDueOn')],
    ['answer-time-request', on('newDueOn')],
    ['schedule-panel-meeting', on('date')],
    ['move-panel-meeting', on('date')],
    ['cancel-panel-meeting', on()],
    ['record-meeting-attendance', on()],
    ['record-meeting-minutes', on()],
    ['add-meeting-action', on('dueOn')],
    ['complete-meeting-action', on('on')],
    ['record-proceeding', on('expectedConclusionOn', 'concludedOn')],
    ['update-proceeding', on('expectedConclusionOn', 'concludedOn')],
    ['record-family-told-of-publication', on('toldOn')],
  ]),
  guards: new Set([
    'chair-appointed',
    'sign-offs-complete',
    'partner-sign-offs-complete',
    'actions-complete',
    'deadline-outstanding:<deadline>',
    'no-statutory-notice-outstanding',
    'statutory-notice-outstanding',
    'before-review-begins',
    'draft-rejected',
    'report-anonymised',
    'overview-report-uploaded',
    'qa-changes-resolved',
    'qa-changes-listed',
    'family-told-of-publication',
    'panel-meeting-scheduled',
    'meeting-action-open',
    'proceeding-recorded',
  ]),
  roles: new Set([
    'csp-manager',
    'csp-chair',
    'independent-chair',
    'panel-member',
    'board-member',
    'agency-action-owner',
    'review-partner',
    'auditor',
    'administrator',
  ]),
  reviewDateFields: ['notifiedOn', 'decidedOn', 'chairAppointedOn', 'stageEnteredOn'],
  creationDateFields: ['notifiedOn', 'stageEnteredOn'],
  suspectRelationships: ['partner', 'former-partner', 'relative', 'household-member', 'acquaintance', 'stranger', 'no-suspect', 'unknown'],
  linkedReviewKinds: ['SAR', 'CSPR', 'CDR', 'DHR', 'OWHR'],
};
const REVIEW_TYPES = new Set(['DHR', 'OWHR']);

type Edition = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const copy = (edition: object): Edition => structuredClone(edition);
const problems = (document: unknown) => rulesetProblems(document, VOCABULARY, REVIEW_TYPES);

describe('ruleset validation', () => {
  it.each([
    ['dhr-2016-v4', dhr2016],
    ['dardr-2024-draft-v4', dardr2024Draft],
    ['owhr-2023-v4', owhr2023],
  ])('accepts the shipped edition %s', (_key, edition) => {
    expect(problems(edition)).toEqual([]);
  });

  it('refuses a misspelt guard, and a guard argument that is not a deadline, by path', () => {
    const dhr = copy(dhr2016);
    dhr.actions['agree-terms-of-reference'].guards = ['chair-apointed'];
    dhr.actions['record-home-office-notice'].guards = ['deadline-outstanding:home-ofice-notice'];
    dhr.actions.close.guards = ['actions-complete:now', 'deadline-outstanding'];
    expect(problems(dhr)).toEqual([
      "$.actions['record-home-office-notice'].guards[0]: unknown deadline 'home-ofice-notice' in guard 'deadline-outstanding' (known: decision, home-office-notice, review, commissioner-copy, information-request, action, meeting-action)",
      "$.actions['agree-terms-of-reference'].guards[0]: unknown guard 'chair-apointed' (known: chair-appointed, sign-offs-complete, partner-sign-offs-complete, actions-complete, deadline-outstanding:<deadline>, no-statutory-notice-outstanding, statutory-notice-outstanding, before-review-begins, draft-rejected, report-anonymised, overview-report-uploaded, qa-changes-resolved, qa-changes-listed, family-told-of-publication, panel-meeting-scheduled, meeting-action-open, proceeding-recorded)",
      "$.actions.close.guards[0]: the guard 'actions-complete' takes no argument",
      "$.actions.close.guards[1]: the guard 'deadline-outstanding' needs a deadline: write deadline-outstanding:<deadline>",
      // The editions cite each guard's source, so a guard written another way has none.
    ]);
  });

  it('refuses a guard an edition names without citing its source, once the edition cites its guards', () => {
    const dhr = copy(dhr2016);
    delete dhr.guardSources['no-statutory-notice-outstanding'];
    dhr.guardSources['statutory-notice-outstanding'] = [{ kind: 'hearsay', cite: 'Someone said so' }];
    expect(problems(dhr)).toEqual([
      "$.guardSources['statutory-notice-outstanding'][0].kind: unknown kind of source 'hearsay' (known: act, regulations, statutory-guidance, proposal, local-practice)",
      "$.actions.close.guards[1]: the guard 'no-statutory-notice-outstanding' needs its source in $.guardSources",
    ]);
  });

  it('refuses a clock, criterion, guard or pause rule without its source, and a source of no known kind', () => {
    const dhr = copy(dhr2016);
    delete dhr.deadlines.review.source;
    dhr.deadlines.decision.source = [];
    dhr.deadlines['home-office-notice'].source = [{ kind: 'hearsay', cite: 'someone said so' }];
    delete dhr.criteria[0].source;
    delete dhr.guardSources['chair-appointed'];
    delete dhr.pause.source;
    dhr.pause.moves = ['review', 'reveiw'];
    expect(problems(dhr)).toEqual([
      "$.pause.moves[1]: unknown deadline 'reveiw' (known: decision, home-office-notice, review, commissioner-copy, information-request, action, meeting-action)",
      '$.pause.source: is required',
      '$.criteria[0].source: is required',
      '$.deadlines.decision.source: must list at least 1',
      "$.deadlines['home-office-notice'].source[0].kind: unknown kind of source 'hearsay' (known: act, regulations, statutory-guidance, proposal, local-practice)",
      '$.deadlines.review.source: is required',
      "$.actions['agree-terms-of-reference'].guards[0]: the guard 'chair-appointed' needs its source in $.guardSources",
    ]);
  });

  it('refuses an edition not in force as the default, switched on by default, or without saying what it is', () => {
    const draft = copy(dardr2024Draft);
    draft.default = true;
    draft.enabledByDefault = true;
    delete draft.status;
    expect(problems(draft)).toEqual([
      '$.default: an edition not in force (inForce: false) cannot be the default',
      '$.enabledByDefault: an edition not in force (inForce: false) cannot be switched on by default',
      '$.status: an edition not in force must say what it is (e.g. a consultation proposal)',
    ]);
  });

  it("refuses an outcome the action's body cannot carry, and outcomes on an action that has none", () => {
    const dhr = copy(dhr2016);
    dhr.actions.decide.outcomes.held = dhr.actions.decide.outcomes.hold;
    dhr.actions.publish.outcomes = { early: { moveTo: 'monitoring' } };
    expect(problems(dhr)).toEqual([
      `$.actions.decide.outcomes.held: unknown outcome of decide 'held' (known: ${DECISION_OUTCOMES.join(', ')})`,
      "$.actions.publish.outcomes: the action 'publish' has no outcome to depend on",
    ]);
  });

  it("refuses an effective date that is not one of the body's dates, and a clock from a date the action does not know", () => {
    const dhr = copy(dhr2016);
    dhr.actions.publish.effectiveDate = 'publishOn';
    dhr.actions.decide.outcomes.hold.opens[0].from = 'decisionOn';
    dhr.actions.decide.opens[0].from = 'notifiedOn'; // a review date: allowed
    dhr.onCreation.opens[0].from = 'decidedOn'; // not known when the review is created
    expect(problems(dhr)).toEqual([
      "$.onCreation.opens[0].from: unknown date field 'decidedOn' (known: notifiedOn, stageEnteredOn)",
      "$.actions.decide.outcomes.hold.opens[0].from: unknown date field 'decisionOn' (known: decidedOn, notifiedOn, chairAppointedOn, stageEnteredOn)",
      "$.actions.publish.effectiveDate: unknown date field of publish's body 'publishOn' (known: publishedOn)",
    ]);
  });

  it('refuses a misspelt effect, and unknown properties anywhere', () => {
    const dhr = copy(dhr2016);
    dhr.actions.close.meet = ['review'];
    dhr.actions.decide.outcomes.hold.moveto = 'set-up';
    dhr.deadlines.review.chaser = ['csp-chair'];
    dhr.onCreation.open = [];
    dhr.stages[0].description = 'The death is notified';
    dhr.criteria[0].atMost = 40;
    dhr.precedance = {};
    expect(problems(dhr)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\$\.actions\.close\.meet: unknown property 'meet' \(known: label, stages, roles, when, effectiveDate, guards, outcomes, moveTo, meets, /,
        ),
        expect.stringMatching(
          /^\$\.actions\.decide\.outcomes\.hold\.moveto: unknown property 'moveto' \(known: moveTo, meets, opens, newSignOffRound, cancels\)$/,
        ),
        expect.stringMatching(/^\$\.deadlines\.review\.chaser: unknown property 'chaser'/),
        expect.stringMatching(/^\$\.onCreation\.open: unknown property 'open'/),
        expect.stringMatching(/^\$\.stages\[0\]\.description: unknown property 'description'/),
        expect.stringMatching(/^\$\.criteria\[0\]\.atMost: unknown property 'atMost'/),
        expect.stringMatching(/^\$\.precedance: unknown property 'precedance'/),
      ]),
    );
    expect(problems(dhr)).toHaveLength(7);
  });

  it('refuses an unknown action wherever actions are defined', () => {
    const dhr = copy(dhr2016);
    dhr.actions.teleport = { label: 'Teleport', stages: ['decision'], roles: ['csp-chair'] };
    expect(problems(dhr)).toEqual([expect.stringMatching(/^\$\.actions\.teleport: the product has no action 'teleport' \(known: decide, /)]);
  });

  it('refuses stages, deadlines and roles that do not exist, wherever they are named', () => {
    const dhr = copy(dhr2016);
    dhr.initialStage = 'decsion';
    dhr.endStages = ['abandoned'];
    dhr.escalateAlsoTo = ['csp-chiar'];
    dhr.recommendations.roles = ['independant-chair'];
    dhr.actionPlan.stages = ['monitor'];
    dhr.deadlines.decision.chase = ['king'];
    dhr.actions.decide.roles = ['queen'];
    dhr.actions.decide.stages = ['deliberation'];
    dhr.actions.publish.moveTo = 'archive';
    dhr.actions.decide.meets = ['eternity'];
    dhr.actions.decide.opens[0].deadline = 'home-office';
    dhr.actions.close.cancels = ['everything'];
    expect(problems(dhr)).toEqual([
      expect.stringMatching(/^\$\.initialStage: unknown stage 'decsion' \(known: notification, decision, /),
      expect.stringMatching(/^\$\.endStages\[0\]: unknown stage 'abandoned'/),
      expect.stringMatching(/^\$\.escalateAlsoTo\[0\]: unknown role 'csp-chiar' \(known: csp-manager, /),
      expect.stringMatching(/^\$\.recommendations\.roles\[0\]: unknown role 'independant-chair'/),
      expect.stringMatching(/^\$\.actionPlan\.stages\[0\]: unknown stage 'monitor'/),
      expect.stringMatching(/^\$\.deadlines\.decision\.chase\[0\]: unknown role 'king'/),
      expect.stringMatching(/^\$\.actions\.decide\.stages\[0\]: unknown stage 'deliberation'/),
      expect.stringMatching(/^\$\.actions\.decide\.roles\[0\]: unknown role 'queen'/),
      expect.stringMatching(/^\$\.actions\.decide\.meets\[0\]: unknown deadline 'eternity' \(known: decision, home-office-notice, /),
      expect.stringMatching(/^\$\.actions\.decide\.opens\[0\]\.deadline: unknown deadline 'home-office'/),
      expect.stringMatching(/^\$\.actions\.publish\.moveTo: unknown stage 'archive'/),
      expect.stringMatching(/^\$\.actions\.close\.cancels\[0\]: unknown deadline 'everything'/),
    ]);
  });

  it('refuses a notice kind the product cannot give', () => {
    const owhr = copy(owhr2023);
    owhr.deadlines['sos-reversal-notice'].notice = 'reversed';
    expect(problems(owhr)).toEqual([
      "$.deadlines['sos-reversal-notice'].notice: unknown notice kind 'reversed' (known: initial, decision, reversal, discontinuance)",
    ]);
  });

  it('accepts the two ways a clock counts its period, and refuses any other', () => {
    const owhr = copy(owhr2023);
    owhr.onCreation.opens[0].period = 'beginning-with';
    expect(problems(owhr)).toEqual([]);
    owhr.onCreation.opens[0].period = 'beginning-on';
    expect(problems(owhr)).toEqual(["$.onCreation.opens[0].period: unknown clock period 'beginning-on' (known: after, beginning-with)"]);
  });

  it('refuses a guard before-review-begins where the edition does not say when a review begins, and a stage it does not have', () => {
    const owhr = copy(owhr2023);
    owhr.reviewBegins.stage = 'panel';
    expect(problems(owhr)).toEqual([expect.stringMatching(/^\$\.reviewBegins\.stage: unknown stage 'panel' \(known: notification, /)]);
    delete owhr.reviewBegins;
    expect(problems(owhr)).toEqual(["$.actions['reverse-decision'].guards[0]: the guard 'before-review-begins' needs $.reviewBegins"]);
  });

  it('refuses a guard without its source once the edition cites guards', () => {
    const owhr = copy(owhr2023);
    delete owhr.guardSources['before-review-begins'];
    expect(problems(owhr)).toEqual(["$.actions['reverse-decision'].guards[0]: the guard 'before-review-begins' needs its source in $.guardSources"]);
  });

  it('checks a statutory pilot: real dates in order, areas named once, a source', () => {
    const owhr = copy(owhr2023);
    expect(owhr.pilot).toMatchObject({ deathsFrom: '2023-04-01', deathsTo: '2023-12-31' });
    owhr.pilot.deathsFrom = '2023-02-30';
    owhr.pilot.areas.push('Coventry');
    owhr.pilot.source = [];
    owhr.pilot.region = 'West Midlands';
    expect(problems(owhr)).toEqual([
      "$.pilot.region: unknown property 'region' (known: deathsFrom, deathsTo, areas, source)",
      '$.pilot.deathsFrom: must be a date, YYYY-MM-DD',
      "$.pilot.areas[8]: 'Coventry' is listed twice",
      '$.pilot.source: must list at least 1',
    ]);
    owhr.pilot = { deathsFrom: '2024-01-01', deathsTo: '2023-12-31', areas: ['Coventry'], source: [{ kind: 'regulations', cite: 'SI 2023/227' }] };
    expect(problems(owhr)).toEqual(['$.pilot.deathsTo: must not be before deathsFrom']);
  });

  it('refuses precedence that names review types, relationships or linked reviews the product does not have', () => {
    const owhr = copy(owhr2023);
    owhr.precedence.yieldsTo = { reviewTypes: ['DHRR', 'OWHR'], suspectRelationships: ['ex-partner'], linkedReviews: ['SARS'] };
    delete owhr.actions.discontinue;
    expect(problems(owhr)).toEqual([
      "$.precedence.yieldsTo.reviewTypes[0]: unknown review type 'DHRR' (known: DHR, OWHR)",
      '$.precedence.yieldsTo.reviewTypes[1]: a review type cannot give way to itself',
      expect.stringMatching(
        /^\$\.precedence\.yieldsTo\.suspectRelationships\[0\]: unknown suspect relationship 'ex-partner' \(known: partner, former-partner, /,
      ),
      "$.precedence.yieldsTo.linkedReviews[0]: unknown kind of linked review 'SARS' (known: SAR, CSPR, CDR, DHR, OWHR)",
      "$.precedence: a review type that gives way to others needs the action 'discontinue'",
    ]);
  });

  it('refuses criteria with an unknown fact, the wrong test for their fact, or a key used twice', () => {
    const owhr = copy(owhr2023);
    owhr.criteria[0].fact = 'victimAge';
    owhr.criteria[1].atLeast = 1;
    owhr.criteria.push({ ...owhr.criteria[1], atLeast: undefined });
    expect(problems(owhr)).toEqual([
      expect.stringMatching(
        /^\$\.criteria\[0\]\.fact: unknown criterion fact 'victimAge' \(known: victimAgeAtDeath, offensiveWeaponInvolved, suspectAgeAtDeath, suspectRelationship\)$/,
      ),
      '$.criteria[1].atLeast: offensiveWeaponInvolved is tested with is, not atLeast',
      "$.criteria[2].key: 'offensive-weapon' is listed twice",
    ]);
  });

  it('refuses sign-off boards and review partners the actions could never name, and duplicates', () => {
    const owhr = copy(owhr2023);
    owhr.requiredSignOffs = ['csp', 'csp', 'Domestic Abuse Board'];
    owhr.reviewPartners[1].key = 'police';
    owhr.reviewPartners[2].key = 'icb2';
    expect(problems(owhr)).toEqual([
      "$.requiredSignOffs[1]: 'csp' is listed twice",
      '$.requiredSignOffs[2]: must be a board key such as csp or dab',
      "$.reviewPartners[1].key: 'police' is listed twice",
      '$.reviewPartners[2].key: must be lower-case words joined by hyphens, e.g. police',
    ]);
  });

  it('refuses the wrong shape with the path of each mistake', () => {
    expect(rulesetProblems('nonsense', VOCABULARY)).toEqual(['$: the ruleset must be a JSON object']);
    const dhr = copy(dhr2016);
    dhr.key = 'DHR 2016';
    dhr.default = 'yes';
    delete dhr.closedStage;
    dhr.stages = [{ key: 'decision', label: '' }];
    dhr.actions.decide.when = 'sometimes';
    dhr.actions.decide.opens[0].days = -1;
    delete dhr.actions.decide.outcomes.hold.opens[0].months;
    expect(problems(dhr)).toEqual(
      expect.arrayContaining([
        '$.key: must be lower-case words joined by hyphens, e.g. dhr-2016',
        '$.default: must be true or false',
        '$.closedStage: is required',
        '$.stages: must list at least 2',
        '$.stages[0].label: must be text, not empty',
        "$.actions.decide.when: unknown review status condition 'sometimes' (known: open, paused, any)",
        '$.actions.decide.opens[0].days: must be a whole number from 0 to 3650',
        '$.actions.decide.outcomes.hold.opens[0]: a clock needs months or days',
      ]),
    );
  });

  it('reports every mistake in one ruleset together', () => {
    const dhr = copy(dhr2016);
    dhr.actions['agree-terms-of-reference'].guards = ['chair-apointed'];
    dhr.actions.close.meet = ['review'];
    dhr.actions.decide.outcomes.held = {};
    dhr.deadlines.review.notice = 'final';
    // The misspelt guard once: unknown (its source is not asked for, since it is no guard at all).
    expect(problems(dhr)).toHaveLength(4);
  });

  it('writes a JSON path that reads back any key', () => {
    expect(jsonPath(jsonPath(jsonPath('$', 'actions'), 'appoint-chair'), 0)).toBe("$.actions['appoint-chair'][0]");
    expect(jsonPath('$', "it's")).toBe("$['it\\'s']");
  });

  it('with a partial vocabulary (the deprecated install form) checks only names it has', () => {
    const dhr = copy(dhr2016);
    dhr.actions.close.guards = ['anything'];
    dhr.actions.close.roles = ['king'];
    dhr.actions.levitate = { label: 'Levitate', stages: ['decision'], roles: ['csp-chair'] };
    const partial = { actions: new Map(Object.keys(dhr2016.actions).map((name) => [name, undefined])), roles: VOCABULARY.roles };
    expect(rulesetProblems(dhr, partial)).toEqual([
      expect.stringMatching(/^\$\.actions\.close\.roles\[0\]: unknown role 'king'/),
      expect.stringMatching(/^\$\.actions\.levitate: the product has no action 'levitate'/),
    ]);
  });
});

describe('installing rulesets', () => {
  // Validation comes before any write: a repository that can only say which types are stored is enough.
  const inserted: unknown[] = [];
  const records = {
    createQueryBuilder: () => ({
      select: () => ({ getRawMany: async () => [{ reviewType: 'DHR' }] }),
      insert: () => ({ values: (row: unknown) => inserted.push(row) }),
    }),
  };
  const service = new RulesetsService({ tx: { getRepository: () => records } } as never);

  it('refuses the start with every mistake in every file, each named by its file and JSON path, and stores nothing', async () => {
    const dhr = copy(dhr2016);
    dhr.key = 'dhr-2027';
    dhr.actions['agree-terms-of-reference'].guards = ['chair-apointed'];
    dhr.actions.close.meet = ['review'];
    const owhr = copy(owhr2023);
    owhr.deadlines['sos-notice'].notice = 'first';
    const sources = [
      { file: 'libs/rulesets/definitions/dhr-2016-v4.json', definition: dhr2016 },
      { file: 'rulesets/dhr-2027.json', definition: dhr },
      { file: 'rulesets/owhr.json', definition: owhr },
      { file: 'rulesets/dhr-2016-copy.json', definition: dhr2016 },
    ];
    const install = service.install(sources, VOCABULARY);
    await expect(install).rejects.toThrow(RulesetError);
    const message = await install.then(
      () => '',
      (error: Error) => error.message,
    );
    expect(message.split('\n')).toEqual([
      'The rulesets have 4 mistake(s); the product cannot start until they are fixed:',
      expect.stringMatching(
        /^ {2}rulesets\/dhr-2027\.json: \$\.actions\['agree-terms-of-reference'\]\.guards\[0\]: unknown guard 'chair-apointed' \(known: chair-appointed, /,
      ),
      expect.stringMatching(/^ {2}rulesets\/dhr-2027\.json: \$\.actions\.close\.meet: unknown property 'meet' /),
      expect.stringMatching(/^ {2}rulesets\/owhr\.json: \$\.deadlines\['sos-notice'\]\.notice: unknown notice kind 'first' /),
      "  rulesets/dhr-2016-copy.json: $.key: 'dhr-2016-v4' is also the key of libs/rulesets/definitions/dhr-2016-v4.json; each edition needs a key of its own",
    ]);
    expect(inserted).toEqual([]);
  });
});

describe("an action's vocabulary read from its body class", () => {
  class DatedBody {
    @CalendarDateField('When') on: string;
  }
  class DecisionBody extends DatedBody {
    @IsIn(['yes', 'no']) outcome: string;
    @CalendarDateField('Decided') decidedOn: string;
    @IsString() reason: string;
  }
  class PlainBody {
    @IsString() note: string;
  }

  it('finds the calendar-date fields, inherited ones too, and the outcomes of an `outcome` field', () => {
    const decision = actionVocabularyOf(DecisionBody);
    expect(decision.outcomes).toEqual(['yes', 'no']);
    expect([...decision.dateFields].sort()).toEqual(['decidedOn', 'on']);
    expect(actionVocabularyOf(DatedBody)).toEqual({ dateFields: ['on'] });
    expect(actionVocabularyOf(PlainBody)).toEqual({ dateFields: [] });
  });
});
