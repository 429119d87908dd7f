import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireRoles, Role } from '@app/access';
import { AuditService } from './audit.service';
import { AuditVerification } from './dto/audit.view';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @RequireRoles(Role.Administrator)
  @ApiOkResponse({ type: AuditVerification, description: "Checks every link of the audit chain and every board's checkpoint" })
  verify(): Promise<AuditVerification> {
    return this.audit.verifyWithStoredCheckpoints();
  }
}
