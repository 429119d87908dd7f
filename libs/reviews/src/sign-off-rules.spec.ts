import { boardSignOff, Vote } from './sign-off-rules';

const approve = (memberId: string): Vote => ({ memberId, decision: 'approve', withdrawn: false });
const reject = (memberId: string): Vote => ({ memberId, decision: 'reject', withdrawn: false });

describe('a board’s sign-off by quorum', () => {
  const board = { quorum: 2, chairUserId: 'chair' };

  it('is complete when the quorum approves with the chair among them', () => {
    expect(boardSignOff([approve('chair'), approve('a')], board)).toEqual({ approvals: 2, rejections: 0, chairApproved: true, complete: true });
  });

  it('is not complete short of the quorum, or without the chair', () => {
    expect(boardSignOff([approve('chair')], board).complete).toBe(false);
    expect(boardSignOff([approve('a'), approve('b'), approve('c')], board)).toMatchObject({ approvals: 3, chairApproved: false, complete: false });
  });

  it('needs approvals to outnumber rejections', () => {
    expect(boardSignOff([approve('chair'), approve('a'), reject('b'), reject('c')], board).complete).toBe(false);
    expect(boardSignOff([approve('chair'), approve('a'), approve('d'), reject('b')], board).complete).toBe(true);
  });

  it('does not count withdrawn approvals', () => {
    expect(boardSignOff([approve('chair'), { ...approve('a'), withdrawn: true }], board)).toMatchObject({ approvals: 1, complete: false });
  });

  it('needs no chair where the board has none', () => {
    expect(boardSignOff([approve('a'), approve('b')], { quorum: 2, chairUserId: null })).toMatchObject({ chairApproved: null, complete: true });
  });
});
