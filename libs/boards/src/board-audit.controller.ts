import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditEntryView } from '@app/audit';
import { AuthenticatedUser, CurrentUser, Page, PageQuery } from '@app/common';
import { BoardAuditService } from './board-audit.service';
import { BoardCheckpointView, RecordCheckpointRequest } from './dto/board-audit.dto';

@ApiTags('boards')
@ApiBearerAuth()
@Controller('boards')
export class BoardAuditController {
  constructor(private readonly boardAudit: BoardAuditService) {}

  @Get(':id/audit')
  @ApiOperation({ summary: "The board's view of the audit trail (entries marked for it), oldest first; the read is audited" })
  @ApiForbiddenResponse({ description: 'Neither a member of the board, nor an auditor, CSP manager or CSP chair' })
  @ApiNotFoundResponse({ description: 'No board with that id or key' })
  auditTrail(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Query() query: PageQuery): Promise<Page<AuditEntryView>> {
    return this.boardAudit.auditTrail(user, id, query);
  }

  @Post(':id/checkpoints')
  @ApiOperation({ summary: "Records the audit chain's head as a checkpoint of the board and mails it to every member" })
  @ApiCreatedResponse({ type: BoardCheckpointView })
  @ApiForbiddenResponse({ description: 'Neither the chair nor a member of the board, nor an administrator' })
  @ApiNotFoundResponse({ description: 'No board with that id or key' })
  recordCheckpoint(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() request: RecordCheckpointRequest): Promise<BoardCheckpointView> {
    return this.boardAudit.recordCheckpoint(user, id, request.note);
  }

  @Get(':id/checkpoints')
  @ApiOperation({ summary: "The board's checkpoints, newest first" })
  @ApiForbiddenResponse({ description: "Not one who may read the board's audit trail, nor an administrator" })
  @ApiNotFoundResponse({ description: 'No board with that id or key' })
  listCheckpoints(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Query() query: PageQuery): Promise<Page<BoardCheckpointView>> {
    return this.boardAudit.listCheckpoints(user, id, query);
  }
}
