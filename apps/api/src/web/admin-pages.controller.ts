import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, ROLE_LABELS, ROLES } from '@app/access';
import { AuthenticatedUser, IdParam, NotFoundProblem, PageQuery, validateBody } from '@app/common';
import { AccountLinksService, CreateUserRequest, InviteUserRequest, UpdateUserRequest, UsersService } from '@app/identity';
import { OUTBOX_STATUSES, OutboxService, OutboxStatus } from '@app/notifications';
import { PartnershipsService } from '@app/partnerships';
import { ReminderSettingsBody, ReminderSettingsService } from '@app/reminders';
import { submitForm } from './form-post';
import { Choice, FieldSpec, FormErrors, FormValues } from './forms';
import { capitalised, mailPage, ReminderSettingsPageModel, userFormPage, userListPage } from './page-models/admin-pages';
import { paginationFor } from './paging';
import { redirectWithFlash, render, WebController } from './render';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

const PAGE_SIZE = 20;
const NO_ERRORS: FormErrors = { errors: [], fieldErrors: {} };

const ROLE_CHOICES: Choice[] = ROLES.map((role) => ({ value: role, text: capitalised(ROLE_LABELS[role]) }));

function roleAndAgencyFields(agencies: Choice[]): FieldSpec[] {
  return [
    { path: 'roles', label: 'Roles', kind: 'checkboxes', hint: 'Select all that apply', choices: ROLE_CHOICES },
    {
      path: 'agency',
      label: 'Agency',
      kind: 'select',
      hint: 'Needed for panel members, agency action owners and review partner representatives',
      choices: agencies,
    },
  ];
}

const ACCOUNT_CHOICES: Choice[] = [
  { value: 'on', text: 'Switched on' },
  { value: 'off', text: 'Switched off' },
];

const REMINDER_FIELDS: FieldSpec[] = [
  {
    path: 'offsetsDays',
    label: 'Days before the due date',
    kind: 'text',
    hint: 'Whole numbers from 0 (the day itself) to 120, separated by commas, for example 28, 14, 7, 1, 0',
    classes: 'govuk-input--width-20',
  },
  { path: 'sendTime', label: 'Time reminders are sent', kind: 'text', hint: 'UK time, 24-hour clock, for example 09:00', classes: 'govuk-input--width-5' },
  {
    path: 'escalationEveryDays',
    label: 'Days between escalations',
    kind: 'number',
    hint: 'Once a deadline is overdue, from 1 to 90',
    classes: 'govuk-input--width-3',
  },
];

/** "28, 14 7" → [28, 14, 7]; anything that is not a whole number is kept as typed, so validation names it. */
function offsetsFrom(text: unknown): unknown {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  return text
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * The administration pages: the partnership's users and their roles, reminder settings, and
 * mail that could not be delivered. Only administrators; everyone else gets the refusal page.
 */
@WebController('admin')
@Allow('use-administration-pages')
export class AdminPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly partnerships: PartnershipsService,
    private readonly reminders: ReminderSettingsService,
    private readonly outbox: OutboxService,
    private readonly accountLinks: AccountLinksService,
  ) {}

  @Get()
  home(@Res() res: Response): void {
    res.redirect(303, '/admin/users');
  }

  @Get('users')
  async userList(@Req() req: SignedIn, @Res() res: Response, @Query() query: PageQuery): Promise<void> {
    query.pageSize = PAGE_SIZE;
    const page = await this.users.list(req.user.partnershipId, query);
    return render(
      res,
      'admin/users.njk',
      userListPage(
        page,
        paginationFor(page.total, query.page, PAGE_SIZE, (n) => `/admin/users?page=${n}`),
      ),
    );
  }

  @Get('users/new')
  newUser(@Req() req: SignedIn, @Res() res: Response): Promise<void> {
    return this.renderNewUser(req, res, {}, NO_ERRORS);
  }

  @Post('users/new')
  async createUser(@Req() req: SignedIn, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const email = 'A user with that email address already exists';
    return submitForm({
      fields: await this.newUserFields(req.user),
      body,
      work: async (data) => {
        const user = await this.users.create(req.user.partnershipId, await validateBody(CreateUserRequest, data));
        redirectWithFlash(req, res, '/admin/users', `User added: ${user.name}`);
      },
      refusalAt: { href: '#email', field: 'email' },
      words: { conflict: email },
      forget: ['password'],
      rerender: (failed, status) => this.renderNewUser(req, res, failed.values, failed.errors, status),
    });
  }

  @Get('users/invite')
  inviteUserForm(@Req() req: SignedIn, @Res() res: Response): Promise<void> {
    return this.renderInviteUser(req, res, {}, NO_ERRORS);
  }

  /** A new account whose holder sets their own password from the mailed link: no one else ever knows it. */
  @Post('users/invite')
  async inviteUser(@Req() req: SignedIn, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    return submitForm({
      fields: await this.invitedUserFields(req.user),
      body,
      work: async (data) => {
        const user = await this.accountLinks.invite(req.user.partnershipId, await validateBody(InviteUserRequest, data));
        redirectWithFlash(req, res, '/admin/users', `Invitation sent to ${user.email}`);
      },
      refusalAt: { href: '#email', field: 'email' },
      words: {
        conflict: 'A user with that email address already exists',
        'mail-not-sent': 'The invitation could not be mailed just now, so no account was made. Try again in a few minutes.',
      },
      rerender: (failed, status) => this.renderInviteUser(req, res, failed.values, failed.errors, status),
    });
  }

  @Get('users/:id')
  async changeUserForm(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('user')) id: string): Promise<void> {
    const user = await this.userOr404(req.user, id);
    const values: FormValues = { roles: user.roles, agency: user.agency?.code ?? '', active: user.active ? 'on' : 'off' };
    return this.renderChangeUser(req, res, id, values, NO_ERRORS);
  }

  @Post('users/:id')
  async changeUser(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('user')) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    await this.userOr404(req.user, id);
    return submitForm({
      fields: await this.changeUserFields(req.user),
      body,
      work: async (data) => {
        if (data.active === 'on' || data.active === 'off') data.active = data.active === 'on';
        const user = await this.users.update(req.user.partnershipId, req.user.id, id, await validateBody(UpdateUserRequest, data));
        redirectWithFlash(req, res, '/admin/users', `Changes saved for ${user.name}`);
      },
      rerender: (failed, status) => this.renderChangeUser(req, res, id, failed.values, failed.errors, status),
    });
  }

  /** Unlocks an account locked after repeated failed sign-ins (audited by the identity library). */
  @Post('users/:id/unlock')
  async unlockUser(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('user')) id: string): Promise<void> {
    await this.userOr404(req.user, id);
    const user = await this.users.unlock(req.user.partnershipId, id);
    redirectWithFlash(req, res, `/admin/users/${id}`, `Account unlocked: ${user.name} can sign in again`);
  }

  @Get('reminders')
  async reminderSettings(@Req() req: SignedIn, @Res() res: Response): Promise<void> {
    const settings = await this.reminders.get(req.user.partnershipId);
    const values: FormValues = {
      offsetsDays: settings.offsetsDays.join(', '),
      sendTime: settings.sendTime,
      escalationEveryDays: String(settings.escalationEveryDays),
    };
    return this.renderReminders(res, values, NO_ERRORS);
  }

  @Post('reminders')
  async changeReminderSettings(@Req() req: SignedIn, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    return submitForm({
      fields: REMINDER_FIELDS,
      body,
      work: async (data) => {
        const offsets = offsetsFrom(data.offsetsDays);
        if (offsets === undefined) delete data.offsetsDays;
        else data.offsetsDays = offsets;
        await this.reminders.update(req.user.partnershipId, await validateBody(ReminderSettingsBody, data));
        redirectWithFlash(req, res, '/admin/reminders', 'Reminder settings saved');
      },
      // An array's rules speak of "each value in offsetsDays": say it in the form's own words.
      reword: (p) =>
        p.field === 'offsetsDays' && p.message !== 'is required' ? { ...p, message: 'must be whole numbers from 0 to 120, each once, separated by commas' } : p,
      rerender: (failed, status) => this.renderReminders(res, failed.values, failed.errors, status),
    });
  }

  @Get('mail')
  async mail(@Req() req: SignedIn, @Res() res: Response, @Query('status') status?: string, @Query('page') pageNumber?: string): Promise<void> {
    return this.renderMail(req, res, status, pageNumber, NO_ERRORS);
  }

  @Post('mail/:id/retry')
  async retryMail(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('mail')) id: string): Promise<void> {
    return submitForm({
      fields: [],
      body: {},
      work: async () => {
        const mail = await this.outbox.retry(req.user.partnershipId, id);
        redirectWithFlash(req, res, '/admin/mail', `The mail ‘${mail.subject}’ will be sent again`);
      },
      refusalAt: { href: '#mail' },
      rerender: (failed, status) => this.renderMail(req, res, undefined, undefined, failed.errors, status),
    });
  }

  private async userOr404(caller: AuthenticatedUser, id: string) {
    const user = await this.users.findInPartnership(caller.partnershipId, id);
    if (!user) throw new NotFoundProblem('No user with that id.');
    return this.users.viewOf(user);
  }

  private async agencyChoices(user: AuthenticatedUser): Promise<Choice[]> {
    return (await this.partnerships.listAgencies(user.partnershipId)).map((a) => ({ value: a.code, text: a.name }));
  }

  private async newUserFields(user: AuthenticatedUser): Promise<FieldSpec[]> {
    return [
      { path: 'name', label: 'Full name', kind: 'text' },
      { path: 'email', label: 'Email address', kind: 'email' },
      {
        path: 'password',
        label: 'Password',
        kind: 'password',
        hint: 'At least 12 characters. Give it to the person by a different route from their email address.',
      },
      ...roleAndAgencyFields(await this.agencyChoices(user)),
    ];
  }

  private async invitedUserFields(user: AuthenticatedUser): Promise<FieldSpec[]> {
    return (await this.newUserFields(user)).filter((field) => field.path !== 'password');
  }

  private async renderInviteUser(req: SignedIn, res: Response, values: FormValues, errors: FormErrors, status = 200): Promise<void> {
    const model = userFormPage(
      {
        title: 'Invite a user',
        person: null,
        action: '/admin/users/invite',
        button: 'Send invitation',
        fields: await this.invitedUserFields(req.user),
        values,
      },
      errors,
    );
    return render(res, 'admin/user-form.njk', model, status);
  }

  private async changeUserFields(user: AuthenticatedUser): Promise<FieldSpec[]> {
    return [
      ...roleAndAgencyFields(await this.agencyChoices(user)),
      {
        path: 'active',
        label: 'Account',
        kind: 'radios',
        hint: 'A switched-off account stops working at once: the person cannot sign in',
        choices: ACCOUNT_CHOICES,
      },
    ];
  }

  private async renderNewUser(req: SignedIn, res: Response, values: FormValues, errors: FormErrors, status = 200): Promise<void> {
    const model = userFormPage(
      { title: 'Add a user', person: null, action: '/admin/users/new', button: 'Add user', fields: await this.newUserFields(req.user), values },
      errors,
    );
    return render(res, 'admin/user-form.njk', model, status);
  }

  private async renderChangeUser(req: SignedIn, res: Response, id: string, values: FormValues, errors: FormErrors, status = 200): Promise<void> {
    const person = await this.userOr404(req.user, id);
    const model = userFormPage(
      {
        title: `Change ${person.name}`,
        person: { email: person.email, lockedUntil: person.lockedUntil, unlockAction: `/admin/users/${id}/unlock` },
        action: `/admin/users/${id}`,
        button: 'Save changes',
        fields: await this.changeUserFields(req.user),
        values,
      },
      errors,
    );
    return render(res, 'admin/user-form.njk', model, status);
  }

  private renderReminders(res: Response, values: FormValues, errors: FormErrors, status = 200): Promise<void> {
    const model: ReminderSettingsPageModel = {
      title: 'Reminder settings',
      section: 'reminders',
      fields: REMINDER_FIELDS,
      values,
      errors: errors.errors,
      fieldErrors: errors.fieldErrors,
    };
    return render(res, 'admin/reminders.njk', model, status);
  }

  private async renderMail(
    req: SignedIn,
    res: Response,
    status: string | undefined,
    pageNumber: string | undefined,
    errors: FormErrors,
    httpStatus = 200,
  ): Promise<void> {
    const chosen: OutboxStatus = OUTBOX_STATUSES.includes(status as OutboxStatus) ? (status as OutboxStatus) : 'failed';
    const page = Math.max(1, Number.parseInt(pageNumber ?? '1', 10) || 1);
    const query = Object.assign(new PageQuery(), { page, pageSize: PAGE_SIZE, status: chosen });
    const mail = await this.outbox.list(req.user.partnershipId, query);
    const model = mailPage({
      status: chosen,
      statuses: [...OUTBOX_STATUSES],
      mail,
      pagination: paginationFor(mail.total, page, PAGE_SIZE, (n) => `/admin/mail?status=${chosen}&page=${n}`),
      errors,
    });
    return render(res, 'admin/mail.njk', model, httpStatus);
  }
}
