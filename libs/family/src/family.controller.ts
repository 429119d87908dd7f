import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@app/access';
import { AuthenticatedUser, CurrentUser, IdParam, Page, PageQuery } from '@app/common';
import {
  AddFamilyMemberRequest,
  FamilyContactView,
  FamilyMemberIdentityView,
  FamilyMemberView,
  RecordFamilyContactRequest,
  UpdateFamilyMemberRequest,
} from './dto/family.dto';
import { FamilyService } from './family.service';

const WHO = "the partnership's CSP manager and chair and the review's own independent chair only";

@ApiTags('family')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: `The caller may see the review but not its family record (${WHO})` })
@ApiNotFoundResponse({ description: 'No such review (or member), or none the caller may see' })
@Controller('reviews/:id')
export class FamilyController {
  constructor(private readonly family: FamilyService) {}

  @Get('family')
  @Allow('work-with-family')
  @ApiOperation({ summary: `The review's family members and significant people, by pseudonym (${WHO}); audited` })
  @ApiOkResponse({ description: '{items, total, page, pageSize}', type: [FamilyMemberView] })
  list(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('review')) id: string, @Query() query: PageQuery): Promise<Page<FamilyMemberView>> {
    return this.family.list(user, id, query);
  }

  @Post('family')
  @Allow('work-with-family')
  @ApiOperation({
    summary: 'Adds a family member or significant person; a real name, if given, is kept apart and never shown in lists, mails, logs or exports',
  })
  @ApiCreatedResponse({ type: FamilyMemberView })
  async add(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Body() body: AddFamilyMemberRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FamilyMemberView> {
    const member = await this.family.add(user, id, body);
    res.location(`/api/reviews/${id}/family/${member.id}`);
    return member;
  }

  @Get('family/:memberId')
  @Allow('work-with-family')
  @ApiOkResponse({ type: FamilyMemberView })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Param('memberId', new IdParam('family member')) memberId: string,
  ): Promise<FamilyMemberView> {
    return this.family.get(user, id, memberId);
  }

  @Patch('family/:memberId')
  @Allow('work-with-family')
  @ApiOperation({ summary: 'Updates a family member: what is sent changes, the rest stays; audited with the pseudonym only' })
  @ApiOkResponse({ type: FamilyMemberView })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Param('memberId', new IdParam('family member')) memberId: string,
    @Body() body: UpdateFamilyMemberRequest,
  ): Promise<FamilyMemberView> {
    return this.family.update(user, id, memberId, body);
  }

  @Get('family/:memberId/identity')
  @Allow('work-with-family')
  @ApiOperation({ summary: `A family member's real name (${WHO}); every read audited` })
  @ApiOkResponse({ type: FamilyMemberIdentityView })
  identity(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Param('memberId', new IdParam('family member')) memberId: string,
  ): Promise<FamilyMemberIdentityView> {
    return this.family.identity(user, id, memberId);
  }

  @Get('family-contacts')
  @Allow('work-with-family')
  @ApiOperation({ summary: `The contact log with the family, latest first (${WHO})` })
  @ApiOkResponse({ description: '{items, total, page, pageSize}', type: [FamilyContactView] })
  contacts(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<FamilyContactView>> {
    return this.family.contacts(user, id, query);
  }

  @Post('family-contacts')
  @Allow('work-with-family')
  @ApiOperation({ summary: 'Records a contact with the family (date, method, who, a summary): kept on the review, never emailed' })
  @ApiCreatedResponse({ type: FamilyContactView })
  recordContact(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Body() body: RecordFamilyContactRequest,
  ): Promise<FamilyContactView> {
    return this.family.recordContact(user, id, body);
  }
}
