import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, Clock, CurrentUser, Page } from '@app/common';
import { DeadlinesService } from './deadlines.service';
import { DeadlineListItem, DeadlineListQuery } from './dto/deadline.view';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('deadlines')
export class DeadlinesController {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Deadlines of every review the caller may see, soonest first, a page at a time' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: DeadlineListQuery): Promise<Page<DeadlineListItem>> {
    return this.deadlines.list(user, query, this.clock.today());
  }
}
