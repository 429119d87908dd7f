import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from '@app/common';
import { IsInt, IsUUID, Max, Min, ValidateIf } from 'class-validator';

export class BoardMemberView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
}

export class BoardView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'dab', description: "The board's part in the process, as rulesets name it" }) key: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: BoardMemberView, nullable: true }) chair: BoardMemberView | null;
  @ApiProperty({ description: 'Approving members needed for sign-off, the chair among them' }) quorum: number;
  @ApiProperty({ type: [BoardMemberView] }) members: BoardMemberView[];
}

export class UpdateBoardRequest {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'A member of the board, or null for none' })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsUUID('all', { message: 'must be the id of a member of the board, or null' })
  chairUserId?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 50 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  quorum?: number;
}

export class AddBoardMemberRequest {
  @ApiProperty({ format: 'uuid', description: 'A user with the board-member role' })
  @IsUUID('all', { message: 'must be the id of a user' })
  userId: string;
}
