import dhr2016 from '../definitions/dhr-2016-v4.json';
import { Ruleset, RulesetDefinition } from './ruleset';

const dhr = new Ruleset(dhr2016 as RulesetDefinition);

describe('the dhr-2016-v4 state machine', () => {
  it('allows, at each stage, exactly the actions the guidance gives it', () => {
    // Recording a statutory notice as not sent is allowed at every stage, paused or closed (a guard then asks for one outstanding).
    expect(dhr.allowedActions('decision', 'open')).toEqual(['decide', 'pause', 'extend', 'record-notice-not-sent', 'record-proceeding', 'update-proceeding']);
    expect(dhr.allowedActions('set-up', 'open')).toEqual([
      'record-home-office-notice',
      'appoint-chair',
      'add-panel-member',
      'remove-panel-member',
      'agree-terms-of-reference',
      'pause',
      'extend',
      'record-notice-not-sent',
      'schedule-panel-meeting',
      'move-panel-meeting',
      'cancel-panel-meeting',
      'record-meeting-attendance',
      'record-meeting-minutes',
      'add-meeting-action',
      'complete-meeting-action',
      'record-proceeding',
      'update-proceeding',
    ]);
    expect(dhr.allowedActions('information', 'open')).toEqual([
      'record-home-office-notice',
      'appoint-chair',
      'add-panel-member',
      'remove-panel-member',
      'request-information',
      'receive-information',
      'answer-information-request',
      'ask-for-more-time',
      'answer-time-request',
      'complete-information',
      'pause',
      'extend',
      'record-notice-not-sent',
      'schedule-panel-meeting',
      'move-panel-meeting',
      'cancel-panel-meeting',
      'record-meeting-attendance',
      'record-meeting-minutes',
      'add-meeting-action',
      'complete-meeting-action',
      'record-proceeding',
      'update-proceeding',
    ]);
    expect(dhr.allowedActions('drafting', 'open')).toEqual([
      'record-home-office-notice',
      'appoint-chair',
      'remove-panel-member',
      'receive-information',
      'answer-information-request',
      'ask-for-more-time',
      'answer-time-request',
      'complete-draft',
      'record-qa-change',
      'pause',
      'extend',
      'record-notice-not-sent',
      'schedule-panel-meeting',
      'move-panel-meeting',
      'cancel-panel-meeting',
      'record-meeting-attendance',
      'record-meeting-minutes',
      'add-meeting-action',
      'complete-meeting-action',
      'record-proceeding',
      'update-proceeding',
    ]);
    expect(dhr.allowedActions('sign-off', 'open')).toEqual([
      'record-home-office-notice',
      'sign-off',
      'issue-revised-draft',
      'submit-to-home-office',
      'record-qa-change',
      'pause',
      'extend',
      'record-notice-not-sent',
      'schedule-panel-meeting',
      'move-panel-meeting',
      'cancel-panel-meeting',
      'record-meeting-attendance',
      'record-meeting-minutes',
      'add-meeting-action',
      'complete-meeting-action',
      'record-proceeding',
      'update-proceeding',
      'record-family-told-of-publication',
    ]);
    expect(dhr.allowedActions('home-office-qa', 'open')).toEqual([
      'record-home-office-notice',
      'record-qa-outcome',
      'record-qa-change',
      'pause',
      'extend',
      'record-notice-not-sent',
      'record-meeting-attendance',
      'record-meeting-minutes',
      'add-meeting-action',
      'complete-meeting-action',
      'record-proceeding',
      'update-proceeding',
      'record-family-told-of-publication',
    ]);
    expect(dhr.allowedActions('publication', 'open')).toEqual([
      'record-home-office-notice',
      'record-commissioner-copy',
      'record-qa-change',
      'publish',
      'pause',
      'extend',
      'record-notice-not-sent',
      'record-meeting-attendance',
      'record-meeting-minutes',
      'add-meeting-action',
      'complete-meeting-action',
      'record-proceeding',
      'update-proceeding',
      'record-family-told-of-publication',
    ]);
    expect(dhr.allowedActions('monitoring', 'open')).toEqual([
      'record-home-office-notice',
      'record-commissioner-copy',
      'close',
      'pause',
      'extend',
      'record-notice-not-sent',
      'record-meeting-attendance',
      'record-meeting-minutes',
      'add-meeting-action',
      'complete-meeting-action',
      'record-proceeding',
      'update-proceeding',
    ]);
    expect(dhr.allowedActions('closed', 'closed')).toEqual(['record-home-office-notice', 'record-notice-not-sent']);
  });

  it('while paused allows only resuming, extending, recording the Home Office notice and keeping proceedings up to date', () => {
    expect(dhr.allowedActions('information', 'paused')).toEqual([
      'record-home-office-notice',
      'resume',
      'extend',
      'record-notice-not-sent',
      'record-proceeding',
      'update-proceeding',
    ]);
    expect(dhr.allowedActions('decision', 'paused')).toEqual(['resume', 'extend', 'record-notice-not-sent', 'record-proceeding', 'update-proceeding']);
    expect(dhr.allows('pause', 'information', 'paused')).toBe(false);
  });

  it('sends a hold decision to set-up with the six-month clock, and a not-held one to closed', () => {
    const decide = dhr.action('decide')!;
    expect(decide.meets).toEqual(['decision']);
    expect(decide.outcomes!.hold).toEqual({ moveTo: 'set-up', opens: [{ deadline: 'review', from: 'decidedOn', months: 6 }] });
    expect(decide.outcomes!['not-held']).toEqual({ moveTo: 'closed' });
    expect(dhr.action('record-qa-outcome')!.outcomes!.resubmit).toEqual({ moveTo: 'drafting', newSignOffRound: true });
  });

  it('knows which deadlines are statutory notices', () => {
    expect(dhr.marksStatutoryNotices).toBe(true);
    expect(dhr.isStatutoryNotice('home-office-notice')).toBe(true);
    expect(dhr.isStatutoryNotice('review')).toBe(false);
    expect(dhr.isStatutoryNotice('information-request:1234')).toBe(false);
    const { deadlines } = dhr.definition;
    const unmarked = new Ruleset({
      ...dhr.definition,
      deadlines: Object.fromEntries(Object.entries(deadlines).map(([key, { statutoryNotice: _marked, ...rule }]) => [key, rule])),
    });
    expect(unmarked.marksStatutoryNotices).toBe(false);
    expect(unmarked.isStatutoryNotice('home-office-notice')).toBe(false);
  });

  it('knows no action it does not define', () => {
    expect(dhr.action('fly')).toBeUndefined();
    expect(dhr.action('toString')).toBeUndefined();
    expect(dhr.allows('fly', 'decision', 'open')).toBe(false);
  });
});
