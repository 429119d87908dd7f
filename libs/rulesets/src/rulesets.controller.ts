import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RulesetDefinition } from './ruleset';
import { RulesetsService } from './rulesets.service';

@ApiTags('rulesets')
@ApiBearerAuth()
@Controller('rulesets')
export class RulesetsController {
  constructor(private readonly rulesets: RulesetsService) {}

  @Get()
  @ApiOkResponse({ description: 'Every installed ruleset edition: its stages, actions (with the stages and roles allowed) and clocks' })
  list(): Promise<RulesetDefinition[]> {
    return this.rulesets.list();
  }
}
