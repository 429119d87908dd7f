import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, IdParam } from '@app/common';
import { Allow } from '@app/access';
import { AccountLinksService } from './account-links.service';
import { InviteUserRequest } from './dto/account.dto';
import { UserView } from './dto/user.dto';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('users')
export class InvitationsController {
  constructor(private readonly links: AccountLinksService) {}

  /** Adds a user who sets their own password from the link mailed to them (no administrator knows it). */
  @Post('invitations')
  @Allow('administer-users')
  @ApiCreatedResponse({ type: UserView })
  @ApiServiceUnavailableResponse({ description: '`mail-not-sent`: the invitation could not be mailed, and no account was made' })
  invite(@CurrentUser() caller: AuthenticatedUser, @Body() request: InviteUserRequest): Promise<UserView> {
    return this.links.invite(caller.partnershipId, request);
  }

  /** Mails a new invitation (the earlier link stops working), e.g. when the first ran out. */
  @Post(':id/invitation')
  @HttpCode(204)
  @Allow('administer-users')
  @ApiNoContentResponse()
  reinvite(@CurrentUser() caller: AuthenticatedUser, @Param('id', new IdParam('user')) id: string): Promise<void> {
    return this.links.reinvite(caller.partnershipId, id);
  }
}
