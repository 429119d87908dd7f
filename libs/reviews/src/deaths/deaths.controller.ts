import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser, CurrentUser, IdParam, Page, PageQuery } from '@app/common';
import { RecordDeathRequest } from '../dto/create-review.dto';
import { CreateLinkRequest, DeathListItem, DeathView, IdentityView, UpdateDeathRequest } from './death.dto';
import { DeathsService } from './deaths.service';

@ApiTags('deaths')
@ApiBearerAuth()
@Controller('deaths')
export class DeathsController {
  constructor(private readonly deaths: DeathsService) {}

  @Post()
  @ApiOperation({ summary: 'Record a death before, or without, a review of it (CSP manager or chair)' })
  @ApiCreatedResponse({ type: DeathView })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() request: RecordDeathRequest, @Res({ passthrough: true }) res: Response): Promise<DeathView> {
    const death = await this.deaths.create(user, request);
    res.location(`/api/deaths/${death.id}`);
    return death;
  }

  @Get()
  @ApiOperation({ summary: 'Deaths the caller may see, most recent first' })
  @ApiOkResponse({ description: '{items, total, page, pageSize}', type: [DeathListItem] })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery): Promise<Page<DeathListItem>> {
    return this.deaths.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: DeathView })
  @ApiNotFoundResponse({ description: 'No such death, or none the caller may see' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('death')) id: string): Promise<DeathView> {
    return this.deaths.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change facts that became known later (who the suspect was, whether a weapon was involved...); precedence follows the record' })
  @ApiOkResponse({ type: DeathView })
  update(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('death')) id: string, @Body() request: UpdateDeathRequest): Promise<DeathView> {
    return this.deaths.update(user, id, request);
  }

  @Get(':id/identity')
  @ApiOperation({ summary: "The victim's real name: CSP manager and chair only, each read audited" })
  @ApiOkResponse({ type: IdentityView })
  @ApiForbiddenResponse({ description: "The caller may see the death but not the victim's name" })
  identity(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('death')) id: string): Promise<IdentityView> {
    return this.deaths.identity(user, id);
  }

  @Post(':id/links')
  @ApiOperation({ summary: 'Record another review of this death, such as a Safeguarding Adults Review, before any review of ours is opened' })
  @ApiCreatedResponse({ type: DeathView })
  addLink(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('death')) id: string, @Body() request: CreateLinkRequest): Promise<DeathView> {
    return this.deaths.addLink(user, id, request);
  }
}
