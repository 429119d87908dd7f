import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, NotFoundProblem, Page, PageQuery } from '@app/common';
import { Allow } from '@app/access';
import { CreateUserRequest, UserView } from './dto/user.dto';
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

  @Get()
  @Allow('administer-users')
  @ApiOkResponse({ description: 'Users of the partnership, by name, a page at a time' })
  list(@CurrentUser() caller: AuthenticatedUser, @Query() query: PageQuery): Promise<Page<UserView>> {
    return this.users.list(caller.partnershipId, query);
  }
}
