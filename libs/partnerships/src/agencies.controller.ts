import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@app/common';
import { PartnershipsService } from './partnerships.service';

export class AgencyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'cheshire-police' }) code: string;
  @ApiProperty({ example: 'Cheshire Police' }) name: string;
}

@ApiTags('partnership')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly partnerships: PartnershipsService) {}

  @Get()
  @ApiOkResponse({ type: [AgencyView], description: "The partner agencies of the caller's partnership" })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<AgencyView[]> {
    const agencies = await this.partnerships.listAgencies(user.partnershipId);
    return agencies.map(({ id, code, name }) => ({ id, code, name }));
  }
}

export class PartnershipView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Safer Halton Partnership' }) name: string;
}

@ApiTags('partnership')
@ApiBearerAuth()
@Controller('partnerships')
export class PartnershipsDirectoryController {
  constructor(private readonly partnerships: PartnershipsService) {}

  @Get()
  @ApiOkResponse({ type: [PartnershipView], description: 'Every partnership using the product, by name: to choose one that contributes to a review' })
  async list(): Promise<PartnershipView[]> {
    return (await this.partnerships.listPartnerships()).map(({ id, name }) => ({ id, name }));
  }
}
