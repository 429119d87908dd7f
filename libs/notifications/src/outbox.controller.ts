import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '@app/access';
import { AuthenticatedUser, CurrentUser, IdParam, Page } from '@app/common';
import { OutboxMessageView, OutboxQuery } from './dto/outbox.dto';
import { OutboxService } from './outbox.service';

@ApiTags('administration')
@ApiBearerAuth()
@Controller('admin/outbox')
@Allow('manage-outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @ApiOkResponse({
    description:
      'Outgoing mail of the partnership, newest first; ?status=failed shows what needs attention; ?status=withdrawn, mail no longer true when its turn came, with the reason',
  })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: OutboxQuery): Promise<Page<OutboxMessageView>> {
    return this.outbox.list(user.partnershipId, query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: OutboxMessageView })
  retry(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('mail')) id: string): Promise<OutboxMessageView> {
    return this.outbox.retry(user.partnershipId, id);
  }
}
