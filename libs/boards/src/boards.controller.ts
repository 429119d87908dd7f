import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '@app/access';
import { AuthenticatedUser, CurrentUser, IdParam } from '@app/common';
import { BoardsService } from './boards.service';
import { AddBoardMemberRequest, BoardView, UpdateBoardRequest } from './dto/board.dto';

@ApiTags('boards')
@ApiBearerAuth()
@Controller('boards')
export class BoardsController {
  constructor(private readonly boards: BoardsService) {}

  @Get()
  @ApiOkResponse({ type: [BoardView], description: "The partnership's boards: members, chair and quorum" })
  list(@CurrentUser() user: AuthenticatedUser): Promise<BoardView[]> {
    return this.boards.list(user.partnershipId);
  }

  @Get(':id')
  @ApiOkResponse({ type: BoardView })
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<BoardView> {
    return this.boards.view(await this.boards.find(user.partnershipId, id));
  }

  @Put(':id')
  @Allow('manage-boards')
  @ApiOkResponse({ type: BoardView })
  update(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() request: UpdateBoardRequest): Promise<BoardView> {
    return this.boards.update(user.partnershipId, id, request);
  }

  @Post(':id/members')
  @Allow('manage-boards')
  @ApiOkResponse({ type: BoardView })
  addMember(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() request: AddBoardMemberRequest): Promise<BoardView> {
    return this.boards.addMember(user.partnershipId, id, request.userId);
  }

  @Delete(':id/members/:userId')
  @Allow('manage-boards')
  @ApiOkResponse({ type: BoardView })
  removeMember(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Param('userId', new IdParam('member')) userId: string): Promise<BoardView> {
    return this.boards.removeMember(user.partnershipId, id, userId);
  }
}
