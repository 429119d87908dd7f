import { ValidationProblem } from '@app/common';
import { clockToOpen, effectiveDateOf, mergeEffects, moveToStage, notBefore, snapshot, StageState } from './effects';

const review: StageState = {
  stage: 'information',
  status: 'open',
  stageEnteredOn: '2026-03-01',
  stagesReached: ['notification', 'decision', 'set-up', 'information'],
  boardVisible: false,
  notifiedOn: '2026-01-31',
};
const rules = { endStages: ['closed', 'discontinued'], boardVisibleFromStage: 'sign-off' };

function fieldOf(work: () => unknown): { field: string; message: string } | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationProblem) return error.errors[0];
    throw error;
  }
  return undefined;
}

describe('the pipeline’s pure steps', () => {
  describe('mergeEffects', () => {
    it("adds the outcome's clocks to the action's own, and lets the outcome choose the stage", () => {
      const merged = mergeEffects(
        { moveTo: 'set-up', meets: ['decision'], opens: [{ deadline: 'home-office-notice', from: 'decidedOn', days: 7 }] },
        { moveTo: 'closed', cancels: ['review'], newSignOffRound: true },
      );
      expect(merged).toEqual({
        moveTo: 'closed',
        meets: ['decision'],
        cancels: ['review'],
        opens: [{ deadline: 'home-office-notice', from: 'decidedOn', days: 7 }],
        newSignOffRound: true,
      });
    });

    it('keeps the action’s own effects when the body has no outcome', () => {
      expect(mergeEffects({ moveTo: 'drafting' })).toEqual({ moveTo: 'drafting', meets: [], cancels: [], opens: [], newSignOffRound: undefined });
    });
  });

  describe('effectiveDateOf', () => {
    const moves = { moveTo: 'drafting' };

    it('is today for an action whose ruleset names no date field', () => {
      expect(effectiveDateOf({}, moves, {}, review, '2026-03-10')).toBe('2026-03-10');
    });

    it("is the body's date, which must not be in the future, before the notification, or before the stage it leaves began", () => {
      expect(effectiveDateOf({ effectiveDate: 'on' }, moves, { on: '2026-03-05' }, review, '2026-03-10')).toBe('2026-03-05');
      expect(fieldOf(() => effectiveDateOf({ effectiveDate: 'on' }, moves, { on: '2026-03-11' }, review, '2026-03-10'))).toEqual({
        field: 'on',
        message: 'must not be in the future (today is 2026-03-10)',
      });
      expect(fieldOf(() => effectiveDateOf({ effectiveDate: 'on' }, {}, { on: '2026-01-30' }, review, '2026-03-10'))?.message).toBe(
        'must not be before the notification (2026-01-31)',
      );
      expect(fieldOf(() => effectiveDateOf({ effectiveDate: 'on' }, moves, { on: '2026-02-28' }, review, '2026-03-10'))?.message).toBe(
        "must not be before the review reached the stage 'information' (2026-03-01)",
      );
    });

    it('is today when the body leaves its optional date out (a reason given instead)', () => {
      expect(effectiveDateOf({ effectiveDate: 'toldOn' }, {}, { notToldReason: 'Fictional: no family could be traced.' }, review, '2026-03-10')).toBe(
        '2026-03-10',
      );
    });

    it('lets an action that stays at the stage date itself before the stage began', () => {
      expect(effectiveDateOf({ effectiveDate: 'on' }, {}, { on: '2026-02-28' }, review, '2026-03-10')).toBe('2026-02-28');
    });
  });

  it('notBefore names the field and the bound, and lets an absent bound pass', () => {
    expect(fieldOf(() => notBefore('receivedOn', '2026-01-01', '2026-02-01', 'the date it was requested'))).toEqual({
      field: 'receivedOn',
      message: 'must not be before the date it was requested (2026-02-01)',
    });
    expect(fieldOf(() => notBefore('receivedOn', '2026-01-01', null, 'anything'))).toBeUndefined();
  });

  describe('moveToStage', () => {
    it('enters the stage on the date, remembers it was reached, and shows the review to boards from their stage', () => {
      expect(moveToStage(review, rules, 'sign-off', '2026-04-01')).toEqual({
        ...review,
        stage: 'sign-off',
        stageEnteredOn: '2026-04-01',
        stagesReached: [...review.stagesReached, 'sign-off'],
        boardVisible: true,
      });
    });

    it('closes the review at an end stage, and brings a closed review back to life at any other', () => {
      const closed = moveToStage(review, rules, 'discontinued', '2026-04-01');
      expect(closed.status).toBe('closed');
      const reopened = moveToStage({ ...review, ...closed }, rules, 'set-up', '2026-04-02');
      expect(reopened).toMatchObject({ status: 'open', stage: 'set-up', stagesReached: [...review.stagesReached, 'discontinued'] });
    });

    it('leaves a review already at the stage as it is, and keeps a paused review paused', () => {
      expect(moveToStage(review, rules, 'information', '2026-04-01')).toBe(review);
      expect(moveToStage({ ...review, status: 'paused' }, rules, 'drafting', '2026-04-01').status).toBe('paused');
    });
  });

  describe('clockToOpen', () => {
    const clock = { deadline: 'review', from: 'decidedOn', months: 6 };

    it("starts from the body's date of that name, else the review's", () => {
      expect(clockToOpen(clock, [], { decidedOn: '2026-02-01' }, { decidedOn: '2025-12-01' })).toEqual({ key: 'review', from: '2026-02-01' });
      expect(clockToOpen(clock, [], {}, { decidedOn: '2025-12-01' })).toEqual({ key: 'review', from: '2025-12-01' });
    });

    it('leaves a running clock to run, and runs one that ran before as a new instance', () => {
      expect(clockToOpen(clock, [{ completedOn: null }], {}, { decidedOn: '2026-02-01' })).toBeNull();
      expect(clockToOpen(clock, [{ completedOn: '2026-03-01' }], {}, { decidedOn: '2026-04-01' })).toEqual({ key: 'review:2', from: '2026-04-01' });
    });
  });

  it('snapshot keeps what the audit trail compares before and after', () => {
    const state = { stage: 'decision', status: 'open', version: 3, decisionOutcome: null, chairUserId: null, signOffRound: 1, circumstances: 'not recorded' };
    expect(snapshot(state)).toEqual({ stage: 'decision', status: 'open', version: 3, decisionOutcome: null, chairUserId: null, signOffRound: 1 });
  });
});
