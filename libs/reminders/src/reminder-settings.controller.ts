import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '@app/access';
import { AuthenticatedUser, CurrentUser } from '@app/common';
import { ReminderSettingsBody } from './dto/reminder-settings.dto';
import { ReminderSettingsValue } from './reminder-plan';
import { ReminderSettingsService } from './reminder-settings.service';

@ApiTags('administration')
@ApiBearerAuth()
@Controller('admin/reminder-settings')
@Allow('manage-reminder-settings')
export class ReminderSettingsController {
  constructor(private readonly settings: ReminderSettingsService) {}

  @Get()
  @ApiOkResponse({ type: ReminderSettingsBody })
  get(@CurrentUser() user: AuthenticatedUser): Promise<ReminderSettingsValue> {
    return this.settings.get(user.partnershipId);
  }

  @Put()
  @ApiOkResponse({ type: ReminderSettingsBody })
  update(@CurrentUser() user: AuthenticatedUser, @Body() body: ReminderSettingsBody): Promise<ReminderSettingsValue> {
    return this.settings.update(user.partnershipId, body);
  }
}
