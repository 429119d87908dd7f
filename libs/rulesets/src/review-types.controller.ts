import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '@app/access';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, Clock, CurrentUser } from '@app/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ReviewTypeView, UpdateReviewTypeRequest } from './dto/review-type.dto';
import { RulesetsService } from './rulesets.service';

@ApiTags('administration')
@ApiBearerAuth()
@Controller('admin/review-types')
@Allow('manage-review-types')
export class ReviewTypesController {
  constructor(
    private readonly rulesets: RulesetsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  @Get()
  @ApiOkResponse({ type: [ReviewTypeView], description: 'The review types the partnership runs, and the edition new reviews of each open under' })
  list(@CurrentUser() user: AuthenticatedUser): Promise<ReviewTypeView[]> {
    return this.rulesets.reviewTypes(user.partnershipId);
  }

  @Put(':type')
  @ApiOkResponse({ type: ReviewTypeView, description: 'Switch a type on or off, or choose the edition for new reviews; open reviews keep theirs' })
  update(@CurrentUser() user: AuthenticatedUser, @Param('type') type: string, @Body() body: UpdateReviewTypeRequest): Promise<ReviewTypeView> {
    return this.txHost.withTransaction(async () => {
      const before = (await this.rulesets.reviewTypes(user.partnershipId)).find((t) => t.type === type);
      const after = await this.rulesets.configure(user.partnershipId, type, body, this.clock.now());
      await this.audit.record({ action: 'review-type.configured', partnershipId: user.partnershipId, changes: { type, before, after } });
      return after;
    });
  }
}
