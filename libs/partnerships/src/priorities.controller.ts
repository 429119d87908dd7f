import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@app/common';
import { PartnershipsService } from './partnerships.service';

export class PriorityView {
  @ApiProperty({ example: 'domestic-abuse-vawg' }) key: string;
  @ApiProperty({ example: 'Domestic abuse and violence against women and girls' }) name: string;
}

@ApiTags('partnership')
@ApiBearerAuth()
@Controller('priorities')
export class PrioritiesController {
  constructor(private readonly partnerships: PartnershipsService) {}

  @Get()
  @ApiOkResponse({ type: [PriorityView], description: "The partnership's strategy priorities: the themes recommendations are tagged with" })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<PriorityView[]> {
    return (await this.partnerships.listPriorities(user.partnershipId)).map(({ key, name }) => ({ key, name }));
  }
}
