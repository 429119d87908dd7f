import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, IdParam, NotFoundProblem, Page } from '@app/common';
import { Allow, can } from '@app/access';
import { CreateUserRequest, PersonView, UserListQuery, UserView } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOkResponse({ type: UserView })
  async me(@CurrentUser() caller: AuthenticatedUser): Promise<UserView> {
    const user = await this.users.findActive(caller.id);
    if (!user) throw new NotFoundProblem('Your account no longer exists.');
    return this.users.viewOf(user);
  }

  @Post()
  @Allow('administer-users')
  @ApiCreatedResponse({ type: UserView })
  create(@CurrentUser() caller: AuthenticatedUser, @Body() request: CreateUserRequest): Promise<UserView> {
    return this.users.create(caller.partnershipId, request);
  }

  /** Unlocks an account locked after repeated failed sign-ins; audited as `user.unlocked`. */
  @Post(':id/unlock')
  @HttpCode(200)
  @Allow('administer-users')
  @ApiOkResponse({ type: UserView })
  unlock(@CurrentUser() caller: AuthenticatedUser, @Param('id', new IdParam('user')) id: string): Promise<UserView> {
    return this.users.unlock(caller.partnershipId, id);
  }

  /**
   * The partnership's people by name, filtered by role, agency and part of a name. Administrators
   * see every account in full; those who appoint a chair or a panel see the active people with
   * their name, roles and agency only.
   */
  @Get()
  @Allow('find-people')
  @ApiOkResponse({
    description:
      'Users of the partnership, by name, a page at a time. Administrators: every account (UserView, with email and active). ' +
      'CSP managers, CSP chairs and independent chairs: the active people only, as PersonView (id, name, roles, agency; no email)',
  })
  list(@CurrentUser() caller: AuthenticatedUser, @Query() query: UserListQuery): Promise<Page<UserView> | Page<PersonView>> {
    return can(caller, 'administer-users') ? this.users.list(caller.partnershipId, query) : this.users.people(caller.partnershipId, query);
  }
}
