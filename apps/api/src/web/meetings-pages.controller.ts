import { Get, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthenticatedUser, IdParam } from '@app/common';
import { MeetingView, MeetingsService } from '@app/meetings';
import { ReviewQueries } from '@app/reviews';
import { render, WebController } from './render';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

/** The meeting actions, in the order the page offers them, with the words of each link. */
const MEETING_ACTIONS: [string, string][] = [
  ['schedule-panel-meeting', 'Schedule a panel meeting'],
  ['move-panel-meeting', 'Move a meeting'],
  ['cancel-panel-meeting', 'Cancel a meeting'],
  ['record-meeting-attendance', 'Record who attended'],
  ['record-meeting-minutes', 'Record the minutes'],
  ['add-meeting-action', 'Record an action from a meeting'],
  ['complete-meeting-action', 'Record an action done'],
];

const ATTENDANCE: Record<string, string> = { attended: 'Attended', apologies: 'Apologies', absent: 'Absent' };

/**
 * A review's panel meetings (issue 16.3): when and where each is, whether it is on, who came, its
 * minutes and the actions from it with their owners and due dates; links to the action forms on
 * the review's page. Whoever may see the review's meetings sees this page (not a board member as such).
 */
@WebController('reviews')
export class MeetingsPagesController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly reviews: ReviewQueries,
  ) {}

  @Get(':id/meetings')
  async show(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string): Promise<void> {
    const { meetings } = await this.meetings.page(req.user, id);
    const review = await this.reviews.get(req.user, id);
    const available = new Set(review.availableActions);
    const model = {
      title: `Panel meetings of ${review.reference}`,
      width: 'full' as const,
      review: { id: review.id, reference: review.reference, pseudonym: review.victim.pseudonym, stageLabel: review.stageLabel },
      actions: MEETING_ACTIONS.filter(([name]) => available.has(name)).map(([name, text]) => ({ text, href: `/reviews/${review.id}#${name}` })),
      meetings: meetings.map(meetingModel),
    };
    return render(res, 'reviews/meetings.njk', model);
  }
}

function meetingModel(m: MeetingView) {
  const counts = (what: string) => m.invitees.filter((i) => i.attendance === what).length;
  const recorded = m.invitees.some((i) => i.attendance !== null);
  return {
    id: m.id,
    when: m.when,
    where: [m.place, m.link].filter(Boolean).join(', '),
    link: m.link,
    place: m.place,
    agenda: m.agenda,
    cancelled: m.status === 'cancelled',
    status: m.status === 'cancelled' ? 'Cancelled' : 'Scheduled',
    cancelReason: m.cancelReason,
    attendanceSummary: recorded ? `${counts('attended')} attended, ${counts('apologies')} sent apologies, ${counts('absent')} absent` : 'Not recorded yet',
    invitees: m.invitees.map((i) => ({
      name: i.name,
      as: i.invitedAs === 'independent-chair' ? 'Independent chair' : 'Panel member',
      attendance: i.attendance ? ATTENDANCE[i.attendance] : 'Not recorded',
    })),
    minutes: m.minutes,
    actions: m.actions.map((a) => ({
      description: a.description,
      owner: a.ownerName,
      dueOn: a.dueOn,
      completedOn: a.completedOn,
      status: a.status === 'done' ? 'Done' : a.status === 'overdue' ? 'Overdue' : 'Open',
      colour: a.status === 'done' ? 'green' : a.status === 'overdue' ? 'red' : 'blue',
    })),
  };
}
