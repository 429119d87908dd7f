/** A vote as the quorum rule reads it. */
export interface Vote {
  memberId: string | null;
  decision: 'approve' | 'reject';
  withdrawn: boolean;
}

export interface BoardSignOffStatus {
  approvals: number;
  rejections: number;
  chairApproved: boolean | null;
  complete: boolean;
}

/**
 * A board has signed off when at least `quorum` of its members approve the current draft, its
 * chair among them when it has a chair, and approvals outnumber rejections. Withdrawn votes do
 * not count.
 */
export function boardSignOff(votes: Vote[], board: { quorum: number; chairUserId: string | null }): BoardSignOffStatus {
  const live = votes.filter((v) => !v.withdrawn);
  const approvers = live.filter((v) => v.decision === 'approve').map((v) => v.memberId);
  const approvals = approvers.length;
  const rejections = live.filter((v) => v.decision === 'reject').length;
  const chairApproved = board.chairUserId ? approvers.includes(board.chairUserId) : null;
  return { approvals, rejections, chairApproved, complete: approvals >= board.quorum && chairApproved !== false && approvals > rejections };
}
