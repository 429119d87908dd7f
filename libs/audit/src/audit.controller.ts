import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '@app/access';
import { AuditService } from './audit.service';
import { AuditVerification } from './dto/audit.view';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Allow('verify-audit-chain')
  @ApiOkResponse({ type: AuditVerification, description: "Checks every link of the audit chain and every board's checkpoint" })
  verify(): Promise<AuditVerification> {
    return this.audit.verifyWithStoredCheckpoints();
  }
}
