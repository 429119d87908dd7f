import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsInt, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { Role } from '@app/access';
import {
  CalendarDateField,
  ConflictProblem,
  dateField,
  dateInWords,
  FieldSpec,
  ForbiddenProblem,
  IsCalendarDate,
  textareaField,
  ValidationProblem,
  IsOptional,
} from '@app/common';
import { ActionContext, ActionFormInput, notBefore, Review, ReviewAction, ReviewActionHandler, Text } from '@app/reviews';
import { Attendance, MeetingAction, MeetingInvitee, PanelMeeting } from './entities/panel-meeting.entity';
import { MEETING_ACTION, MeetingRecords } from './meeting-records';
import { londonDate, londonInstant, TIME_OF_DAY } from './meeting-time';

const TIME_MESSAGE = 'must be a time of day on the 24-hour clock, HH:MM, for example 14:30';

/** When and where: what scheduling and moving a meeting share. */
export class MeetingTimeBody {
  @CalendarDateField('The date of the meeting, in Europe/London')
  date: string;

  @ApiProperty({ example: '10:00', description: 'Start time, Europe/London, 24-hour clock' })
  @IsString({ message: TIME_MESSAGE })
  @Matches(TIME_OF_DAY, { message: TIME_MESSAGE })
  startTime: string;

  @ApiPropertyOptional({ example: '12:00', description: 'End time, later than the start; or give `durationMinutes`' })
  @IsOptional()
  @IsString({ message: TIME_MESSAGE })
  @Matches(TIME_OF_DAY, { message: TIME_MESSAGE })
  endTime?: string;

  @ApiPropertyOptional({ example: 120, minimum: 15, maximum: 720, description: 'How long it lasts, in minutes, when no `endTime` is given' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of minutes' })
  @Min(15, { message: 'must be at least 15 minutes' })
  @Max(720, { message: 'must be at most 720 minutes (12 hours)' })
  durationMinutes?: number;

  @ApiPropertyOptional({ maxLength: 300, example: 'Fictional: Committee Room 2, Municipal Building', description: 'Where it is held; or a link, or both' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @Matches(/\S/, { message: 'must not be blank' })
  place?: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'https://meet.example/fictional-panel', description: 'An https link to join online' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'must be an https link, for example https://meet.example/abc' })
  @MaxLength(500)
  link?: string;
}

export class SchedulePanelMeetingBody extends MeetingTimeBody {
  @Text(4000, 'Fictional: 1. Terms of reference. 2. Chronologies received. 3. Next steps.')
  agenda: string;
}

export class MovePanelMeetingBody extends MeetingTimeBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be the id of a meeting of this review' })
  meetingId: string;
}

export class CancelPanelMeetingBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be the id of a meeting of this review' })
  meetingId: string;

  @Text(2000, 'Fictional: the chair is unwell; a new date will follow.')
  reason: string;
}

export class RecordMeetingAttendanceBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be the id of a meeting of this review' })
  meetingId: string;

  @ApiPropertyOptional({ type: [String], description: 'Invitees who attended (user ids)' })
  @IsOptional()
  @IsArray({ message: 'must be a list of invitees' })
  @ArrayUnique({ message: 'must name each invitee once' })
  @IsUUID('all', { each: true, message: 'must be the ids of people invited to the meeting' })
  attended?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Invitees who sent apologies (user ids); every other invitee is recorded absent' })
  @IsOptional()
  @IsArray({ message: 'must be a list of invitees' })
  @ArrayUnique({ message: 'must name each invitee once' })
  @IsUUID('all', { each: true, message: 'must be the ids of people invited to the meeting' })
  apologies?: string[];
}

export class RecordMeetingMinutesBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be the id of a meeting of this review' })
  meetingId: string;

  @ApiPropertyOptional({ maxLength: 20000, description: 'The minutes as text; or give `documentId`' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  @Matches(/\S/, { message: 'must not be blank' })
  text?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A panel-minutes document of the review holding the minutes' })
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of a panel-minutes document of this review' })
  documentId?: string;
}

export class AddMeetingActionBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be the id of a meeting of this review' })
  meetingId: string;

  @Text(2000, 'Fictional: ask the GP practice for its records of 2025.')
  description: string;

  @ApiProperty({ format: 'uuid', description: "Who owns it: the review's independent chair, a panel member, or a CSP manager" })
  @IsUUID('all', { message: 'must be the id of a person on this review: its independent chair, a panel member or a CSP manager' })
  owner: string;

  @CalendarDateField('When it is due; today or later')
  dueOn: string;
}

export class CompleteMeetingActionBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be the id of an action from a meeting of this review' })
  actionId: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'When it was done; today unless said, not in the future' })
  @IsOptional()
  @IsCalendarDate()
  on?: string;
}

/** The instants a when-and-where body names, checked; a 400 naming the field otherwise. */
function timesOf(body: MeetingTimeBody, now: Date): { startsAt: Date; endsAt: Date } {
  const startsAt = londonInstant(body.date, body.startTime);
  if (startsAt.getTime() <= now.getTime()) throw ValidationProblem.field('date', 'must not be in the past: the meeting would start before now');
  let endsAt: Date;
  if (body.endTime !== undefined) {
    endsAt = londonInstant(body.date, body.endTime);
    if (endsAt.getTime() <= startsAt.getTime()) throw ValidationProblem.field('endTime', 'must be later than the start time');
  } else if (body.durationMinutes !== undefined) {
    endsAt = new Date(startsAt.getTime() + body.durationMinutes * 60_000);
  } else {
    throw ValidationProblem.field('endTime', 'is required: give an end time or a duration in minutes');
  }
  return { startsAt, endsAt };
}

const timeFields = (): FieldSpec[] => [
  dateField('date', 'Date of the meeting'),
  { path: 'startTime', label: 'Start time', kind: 'text', hint: '24-hour clock, for example 10:00', classes: 'govuk-input--width-5' },
  { path: 'endTime', label: 'End time', kind: 'text', hint: '24-hour clock, for example 12:00', classes: 'govuk-input--width-5' },
  { path: 'place', label: 'Place (optional if you give a link)', kind: 'text' },
  { path: 'link', label: 'Link to join online (optional if you give a place)', kind: 'text', hint: 'An https link' },
];

const meetingChoices = async (records: MeetingRecords, review: { id: string }, only: (m: { status: string }) => boolean) =>
  (await records.list(review as Review)).filter(only).map((m) => ({ value: m.id, text: m.when }));

/** Schedules a panel meeting and mails each invitee an invitation with a calendar file. */
@ReviewAction()
@Injectable()
export class SchedulePanelMeetingAction extends ReviewActionHandler<SchedulePanelMeetingBody> {
  readonly name = 'schedule-panel-meeting';
  readonly body = SchedulePanelMeetingBody;
  readonly summary =
    "Schedules a meeting of the review's panel (a date and times in Europe/London, a place or an https link, the agenda); the review's independent chair and each panel member are invited, each by a mail with a calendar invitation (.ics, METHOD:REQUEST, SEQUENCE 0).";

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly records: MeetingRecords,
  ) {
    super();
  }

  override async apply({ review, body, user, now, details, mails }: ActionContext<SchedulePanelMeetingBody>): Promise<void> {
    const { startsAt, endsAt } = timesOf(body, now);
    if (!body.place && !body.link) throw ValidationProblem.field('place', 'is required: give a place, a link to join online, or both');
    const invitees = await this.records.panelOf(review);
    if (!invitees.length) throw new ConflictProblem('The review has no independent chair or panel members yet: there is nobody to invite.', {});
    const id = randomUUID();
    const meetings = this.txHost.tx.getRepository(PanelMeeting);
    const meeting = meetings.create({
      id,
      reviewId: review.id,
      startsAt,
      endsAt,
      place: body.place?.trim() ?? null,
      link: body.link ?? null,
      agenda: body.agenda.trim(),
      status: 'scheduled',
      sequence: 0,
      cancelReason: null,
      minutesText: null,
      minutesDocumentId: null,
      minutesRecordedAt: null,
      scheduledBy: user.id,
      createdAt: now,
    });
    await meetings.insert(meeting);
    const rows = this.txHost.tx.getRepository(MeetingInvitee);
    await rows.insert(invitees.map((p) => rows.create({ meetingId: id, reviewId: review.id, userId: p.id, invitedAs: p.as, attendance: null })));
    mails.push(...(await this.records.mailInvitees(review, meeting, 'invitation')));
    Object.assign(details, { meetingId: id, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), invited: invitees.length });
  }

  form(): FieldSpec[] {
    return [...timeFields(), textareaField('agenda', 'Agenda', 'Use the victim’s pseudonym, never their name')];
  }
}

/** Moves a scheduled meeting: the invitees get the calendar file again, same UID, one higher SEQUENCE. */
@ReviewAction()
@Injectable()
export class MovePanelMeetingAction extends ReviewActionHandler<MovePanelMeetingBody> {
  readonly name = 'move-panel-meeting';
  readonly body = MovePanelMeetingBody;
  readonly summary =
    'Moves a scheduled panel meeting to a new date, time or place; each invitee is mailed the updated calendar invitation (the same UID, SEQUENCE one higher, so calendars replace the entry).';

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly records: MeetingRecords,
  ) {
    super();
  }

  override async apply({ review, body, now, details, mails }: ActionContext<MovePanelMeetingBody>): Promise<void> {
    const meeting = await this.records.meetingOf(review, body.meetingId);
    if (meeting.status === 'cancelled') throw new ConflictProblem('That meeting was cancelled: schedule a new one instead.', { meetingId: meeting.id });
    const { startsAt, endsAt } = timesOf(body, now);
    const before = { startsAt: meeting.startsAt.toISOString(), endsAt: meeting.endsAt.toISOString(), place: meeting.place, link: meeting.link };
    meeting.startsAt = startsAt;
    meeting.endsAt = endsAt;
    if (body.place !== undefined) meeting.place = body.place.trim();
    if (body.link !== undefined) meeting.link = body.link;
    meeting.sequence += 1;
    await this.txHost.tx.getRepository(PanelMeeting).save(meeting);
    mails.push(...(await this.records.mailInvitees(review, meeting, 'moved')));
    Object.assign(details, { meetingId: meeting.id, before, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), sequence: meeting.sequence });
  }

  async form({ review }: ActionFormInput): Promise<FieldSpec[]> {
    return [
      { path: 'meetingId', label: 'Meeting', kind: 'select', choices: await meetingChoices(this.records, review, (m) => m.status === 'scheduled') },
      ...timeFields(),
    ];
  }
}

/** Cancels a meeting: the invitees get METHOD:CANCEL under the same UID. */
@ReviewAction()
@Injectable()
export class CancelPanelMeetingAction extends ReviewActionHandler<CancelPanelMeetingBody> {
  readonly name = 'cancel-panel-meeting';
  readonly body = CancelPanelMeetingBody;
  readonly summary =
    'Cancels a scheduled panel meeting, with the reason; each invitee is mailed a cancellation (.ics METHOD:CANCEL, STATUS:CANCELLED, the same UID, SEQUENCE one higher).';

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly records: MeetingRecords,
  ) {
    super();
  }

  override async apply({ review, body, details, mails }: ActionContext<CancelPanelMeetingBody>): Promise<void> {
    const meeting = await this.records.meetingOf(review, body.meetingId);
    if (meeting.status === 'cancelled') throw new ConflictProblem('That meeting is already cancelled.', { meetingId: meeting.id });
    meeting.status = 'cancelled';
    meeting.cancelReason = body.reason.trim();
    meeting.sequence += 1;
    await this.txHost.tx.getRepository(PanelMeeting).save(meeting);
    mails.push(...(await this.records.mailInvitees(review, meeting, 'cancelled')));
    Object.assign(details, { meetingId: meeting.id, sequence: meeting.sequence });
  }

  async form({ review }: ActionFormInput): Promise<FieldSpec[]> {
    return [
      { path: 'meetingId', label: 'Meeting', kind: 'select', choices: await meetingChoices(this.records, review, (m) => m.status === 'scheduled') },
      textareaField('reason', 'Why it is cancelled'),
    ];
  }
}

/** Who attended a meeting, who sent apologies; everyone else invited is recorded absent. */
@ReviewAction()
@Injectable()
export class RecordMeetingAttendanceAction extends ReviewActionHandler<RecordMeetingAttendanceBody> {
  readonly name = 'record-meeting-attendance';
  readonly body = RecordMeetingAttendanceBody;
  readonly summary =
    'Records who of those invited attended a panel meeting and who sent apologies; every other invitee is recorded absent. Recording it again replaces it.';

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly records: MeetingRecords,
  ) {
    super();
  }

  override async apply({ review, body, now, details }: ActionContext<RecordMeetingAttendanceBody>): Promise<void> {
    const meeting = await this.records.meetingOf(review, body.meetingId);
    if (meeting.status === 'cancelled') throw new ConflictProblem('That meeting was cancelled: nobody attended it.', { meetingId: meeting.id });
    if (meeting.startsAt > now) throw new ConflictProblem('That meeting has not started yet: record who attended once it has.', { meetingId: meeting.id });
    const attended = body.attended ?? [];
    const apologies = body.apologies ?? [];
    const rows = this.txHost.tx.getRepository(MeetingInvitee);
    const invitees = await rows.findBy({ meetingId: meeting.id });
    const invited = new Set(invitees.map((i) => i.userId));
    if (attended.some((id) => !invited.has(id))) throw ValidationProblem.field('attended', 'must be the ids of people invited to the meeting');
    if (apologies.some((id) => !invited.has(id))) throw ValidationProblem.field('apologies', 'must be the ids of people invited to the meeting');
    if (apologies.some((id) => attended.includes(id))) throw ValidationProblem.field('apologies', 'must not name someone who attended');
    const of = (userId: string): Attendance => (attended.includes(userId) ? 'attended' : apologies.includes(userId) ? 'apologies' : 'absent');
    for (const invitee of invitees) await rows.update({ meetingId: meeting.id, userId: invitee.userId }, { attendance: of(invitee.userId) });
    Object.assign(details, {
      meetingId: meeting.id,
      attended: attended.length,
      apologies: apologies.length,
      absent: invitees.length - attended.length - apologies.length,
    });
  }

  async form({ review }: ActionFormInput): Promise<FieldSpec[]> {
    const meetings = (await this.records.list(review as unknown as Review)).filter((m) => m.status === 'scheduled');
    const people = new Map(meetings.flatMap((m) => m.invitees.map((i) => [i.userId, i.name] as const)));
    const choices = [...people].map(([value, text]) => ({ value, text }));
    return [
      { path: 'meetingId', label: 'Meeting', kind: 'select', choices: meetings.map((m) => ({ value: m.id, text: m.when })) },
      { path: 'attended', label: 'Who attended', kind: 'checkboxes', choices },
      { path: 'apologies', label: 'Who sent apologies', kind: 'checkboxes', choices, hint: 'Anyone invited and not ticked above is recorded absent' },
    ];
  }
}

/** The minutes of a meeting: text, or a panel-minutes document of the review. */
@ReviewAction()
@Injectable()
export class RecordMeetingMinutesAction extends ReviewActionHandler<RecordMeetingMinutesBody> {
  readonly name = 'record-meeting-minutes';
  readonly body = RecordMeetingMinutesBody;
  readonly summary =
    "Records a panel meeting's minutes: as text, or as a panel-minutes document already on the review (or both). Recording them again replaces them.";

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly records: MeetingRecords,
  ) {
    super();
  }

  override async apply({ review, body, now, details }: ActionContext<RecordMeetingMinutesBody>): Promise<void> {
    const meeting = await this.records.meetingOf(review, body.meetingId);
    if (meeting.status === 'cancelled') throw new ConflictProblem('That meeting was cancelled: it has no minutes.', { meetingId: meeting.id });
    if (body.text === undefined && body.documentId === undefined)
      throw ValidationProblem.field('text', 'is required: give the minutes as text, or a documentId');
    if (body.documentId !== undefined && !(await this.records.minutesDocument(review, body.documentId))) {
      throw ValidationProblem.field('documentId', 'must be the id of a panel-minutes document of this review');
    }
    meeting.minutesText = body.text?.trim() ?? null;
    meeting.minutesDocumentId = body.documentId ?? null;
    meeting.minutesRecordedAt = now;
    await this.txHost.tx.getRepository(PanelMeeting).save(meeting);
    Object.assign(details, { meetingId: meeting.id, ...(body.documentId ? { documentId: body.documentId } : {}), asText: body.text !== undefined });
  }

  async form({ review }: ActionFormInput): Promise<FieldSpec[]> {
    return [
      { path: 'meetingId', label: 'Meeting', kind: 'select', choices: await meetingChoices(this.records, review, (m) => m.status === 'scheduled') },
      textareaField(
        'text',
        'Minutes',
        'Use the victim’s pseudonym, never their name. Or upload the minutes as a panel minutes document and give its id through the API.',
      ),
    ];
  }
}

/** An action agreed at a meeting: its owner, its due date, and a deadline that chases the owner. */
@ReviewAction()
@Injectable()
export class AddMeetingActionAction extends ReviewActionHandler<AddMeetingActionBody> {
  readonly name = 'add-meeting-action';
  readonly body = AddMeetingActionBody;
  readonly summary =
    "Records an action agreed at a panel meeting, with its owner (the review's independent chair, a panel member or a CSP manager) and due date; it runs the ruleset's meeting-action clock, which chases the owner like any deadline.";

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly records: MeetingRecords,
  ) {
    super();
  }

  override async apply({ review, body, now, today, details, clocks }: ActionContext<AddMeetingActionBody>): Promise<void> {
    const meeting = await this.records.meetingOf(review, body.meetingId);
    if (meeting.status === 'cancelled') throw new ConflictProblem('That meeting was cancelled: no action came from it.', { meetingId: meeting.id });
    const owner = await this.records.onReview(review, body.owner);
    if (!owner) throw ValidationProblem.field('owner', 'must be the id of a person on this review: its independent chair, a panel member or a CSP manager');
    notBefore('dueOn', body.dueOn, today, 'today');
    const id = randomUUID();
    // A meeting's second action on is numbered, so their deadlines are told apart (the review is locked).
    const [{ n }] = await this.txHost.tx.query('SELECT count(*)::int + 1 AS n FROM panel_meeting_actions WHERE meeting_id = $1', [meeting.id]);
    const deadlineId = await clocks.openItem(
      MEETING_ACTION,
      id,
      `Action ${n > 1 ? `${n} ` : ''}from the panel meeting of ${dateInWords(londonDate(meeting.startsAt))}`,
      body.dueOn,
    );
    const actions = this.txHost.tx.getRepository(MeetingAction);
    await actions.insert(
      actions.create({
        id,
        meetingId: meeting.id,
        reviewId: review.id,
        description: body.description.trim(),
        ownerUserId: owner.id,
        dueOn: body.dueOn,
        deadlineId,
        completedOn: null,
        completedBy: null,
        createdAt: now,
      }),
    );
    Object.assign(details, { meetingId: meeting.id, meetingActionId: id, owner: owner.id, dueOn: body.dueOn });
  }

  async form({ review }: ActionFormInput): Promise<FieldSpec[]> {
    const meetings = (await this.records.list(review as unknown as Review)).filter((m) => m.status === 'scheduled');
    const people = new Map(meetings.flatMap((m) => m.invitees.map((i) => [i.userId, i.name] as const)));
    return [
      { path: 'meetingId', label: 'Meeting', kind: 'select', choices: meetings.map((m) => ({ value: m.id, text: m.when })) },
      textareaField('description', 'What is to be done'),
      { path: 'owner', label: 'Owner', kind: 'select', choices: [...people].map(([value, text]) => ({ value, text })) },
      dateField('dueOn', 'Date due'),
    ];
  }
}

/** An action from a meeting done: its deadline met. */
@ReviewAction()
@Injectable()
export class CompleteMeetingActionAction extends ReviewActionHandler<CompleteMeetingActionBody> {
  readonly name = 'complete-meeting-action';
  readonly body = CompleteMeetingActionBody;
  readonly summary =
    "Records an action from a panel meeting done, by its owner, the review's independent chair or a CSP manager; its deadline is met on that date.";

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly records: MeetingRecords,
  ) {
    super();
  }

  override async apply({ review, body, user, today, details, clocks }: ActionContext<CompleteMeetingActionBody>): Promise<void> {
    const actions = this.txHost.tx.getRepository(MeetingAction);
    const action = await actions.findOneBy({ id: body.actionId, reviewId: review.id });
    if (!action) throw ValidationProblem.field('actionId', 'must be the id of an action from a meeting of this review');
    const runsIt =
      action.ownerUserId === user.id || review.chairUserId === user.id || (user.roles.includes(Role.CspManager) && user.partnershipId === review.partnershipId);
    if (!runsIt) {
      throw new ForbiddenProblem("Only the action's owner, the review's independent chair or a CSP manager may record it done.", { actionId: action.id });
    }
    if (action.completedOn)
      throw new ConflictProblem(`That action was recorded done on ${dateInWords(action.completedOn)}.`, {
        actionId: action.id,
        completedOn: action.completedOn,
      });
    const on = body.on ?? today;
    if (on > today) throw ValidationProblem.field('on', `must not be in the future (today is ${today})`);
    await actions.update({ id: action.id }, { completedOn: on, completedBy: user.id });
    await clocks.meet([`${MEETING_ACTION}:${action.id}`], on);
    Object.assign(details, { meetingActionId: action.id, completedOn: on });
  }

  async form({ review }: ActionFormInput): Promise<FieldSpec[]> {
    const meetings = await this.records.list(review as unknown as Review);
    return [
      {
        path: 'actionId',
        label: 'Action done',
        kind: 'select',
        choices: meetings.flatMap((m) => m.actions.filter((a) => !a.completedOn).map((a) => ({ value: a.id, text: `${a.description} (${a.ownerName})` }))),
      },
      dateField('on', 'Date done'),
    ];
  }
}
