import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthenticatedUser, IdParam, PageQuery, validateBody } from '@app/common';
import { AddFamilyMemberRequest, FamilyContactView, FamilyMemberView, FamilyService, RecordFamilyContactRequest, UpdateFamilyMemberRequest } from '@app/family';
import { ReviewQueries } from '@app/reviews';
import { FailedForm, submitForm } from './form-post';
import { ADD_MEMBER_FORM, CONTACT_FORM, contactFields, familyPage, memberFields, updateFormId } from './page-models/family-page';
import { notFoundForOthers } from './page-access';
import { redirectWithFlash, render, WebController } from './render';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

const ALL = (): PageQuery => Object.assign(new PageQuery(), { page: 1, pageSize: 100 });

/**
 * The family page of a review (issue 16.1): its family members by pseudonym, with their wishes,
 * advocacy and what they have seen; the contact log; forms to add a member, update one and
 * record a contact. Only for the partnership's CSP manager and chair and the review's own
 * independent chair: for anyone else the page does not exist (404). Never shows a real name.
 */
@WebController('reviews')
export class FamilyPagesController {
  constructor(
    private readonly family: FamilyService,
    private readonly reviews: ReviewQueries,
  ) {}

  @Get(':id/family')
  show(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string): Promise<void> {
    return this.renderPage(req, res, id);
  }

  @Post(':id/family')
  async add(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string, @Body() body: Record<string, unknown>): Promise<void> {
    await submitForm({
      id: ADD_MEMBER_FORM,
      prefix: `${ADD_MEMBER_FORM}-`,
      fields: memberFields(true),
      body,
      work: async (data) => {
        const member = await notFoundForOthers(this.family.add(req.user, id, await validateBody(AddFamilyMemberRequest, data)));
        redirectWithFlash(req, res, `/reviews/${id}/family`, `${member.pseudonym} added`);
      },
      rerender: (failed, status) => this.renderPage(req, res, id, failed, status),
    });
  }

  @Post(':id/family/:memberId')
  async update(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('memberId', new IdParam('family member')) memberId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const formId = updateFormId(memberId);
    await submitForm({
      id: formId,
      prefix: `${formId}-`,
      fields: memberFields(false),
      body,
      work: async (data) => {
        const member = await notFoundForOthers(this.family.update(req.user, id, memberId, await validateBody(UpdateFamilyMemberRequest, data)));
        redirectWithFlash(req, res, `/reviews/${id}/family`, `${member.pseudonym} updated`);
      },
      rerender: (failed, status) => this.renderPage(req, res, id, failed, status),
    });
  }

  @Post(':id/family-contacts')
  async recordContact(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const members = await this.members(req.user, id);
    await submitForm({
      id: CONTACT_FORM,
      prefix: `${CONTACT_FORM}-`,
      fields: contactFields(members),
      body,
      work: async (data) => {
        await notFoundForOthers(this.family.recordContact(req.user, id, await validateBody(RecordFamilyContactRequest, data)));
        redirectWithFlash(req, res, `/reviews/${id}/family`, 'Contact recorded');
      },
      rerender: (failed, status) => this.renderPage(req, res, id, failed, status),
    });
  }

  private async members(user: AuthenticatedUser, id: string): Promise<FamilyMemberView[]> {
    return (await notFoundForOthers(this.family.list(user, id, ALL()))).items;
  }

  private async renderPage(req: SignedIn, res: Response, id: string, failed?: FailedForm, status = 200): Promise<void> {
    const members = await this.members(req.user, id);
    const contacts: FamilyContactView[] = (await notFoundForOthers(this.family.contacts(req.user, id, ALL()))).items;
    const notice = await notFoundForOthers(this.family.publicationNotice(req.user, id));
    const review = await this.reviews.view(req.user, id);
    return render(
      res,
      'reviews/family.njk',
      familyPage({ id: review.id, reference: review.reference, pseudonym: review.victim.pseudonym }, members, contacts, notice, failed),
      status,
    );
  }
}
