import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsEnum, IsString, MaxLength, MinLength } from 'class-validator';
import { Role } from '@app/access';
import { IsOptional, PageQuery } from '@app/common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password-policy';

export class CreateUserRequest {
  @ApiProperty({ example: 'chair@review.example' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Robin Calder' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({
    minLength: 12,
    description: 'At least 12 characters, not a common or easily guessed password, not the email address; stored only as an argon2id hash',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `must be ${PASSWORD_MIN_LENGTH} characters or more` })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;

  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true, example: [Role.IndependentChair] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: `each value must be one of: ${Object.values(Role).join(', ')}` })
  roles: Role[];

  @ApiPropertyOptional({ description: "The agency's id or code; required for panel members and agency action owners", example: 'cheshire-police' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  agency?: string;
}

/** A user's roles, agency and whether the account is switched on, as a whole (what is left out is cleared). */
export class UpdateUserRequest {
  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true, example: [Role.PanelMember] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: `each value must be one of: ${Object.values(Role).join(', ')}` })
  roles: Role[];

  @ApiPropertyOptional({
    description: "The agency's id or code; required for panel members, agency action owners and review partners; without it the user has none",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  agency?: string;

  @ApiProperty({ description: 'false switches the account off: it can no longer sign in, and its sessions and tokens stop working at once' })
  @IsBoolean({ message: 'must be true or false' })
  active: boolean;
}

export class UserAgencyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true }) roles: Role[];
  @ApiProperty({ type: UserAgencyView, nullable: true }) agency: UserAgencyView | null;
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Locked after repeated failed sign-ins until then (POST /api/users/{id}/unlock unlocks it); null when not locked',
  })
  lockedUntil: string | null;
}

/** The people list's filters: by role, by agency (id or code), by part of a name; a page at a time. */
export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: Role, enumName: 'Role', description: 'Only people holding this role' })
  @IsOptional()
  @IsEnum(Role, { message: `must be one of: ${Object.values(Role).join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ description: 'Only people of this partner agency: its id or code (GET /api/agencies lists them)', example: 'cheshire-police' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  agency?: string;

  @ApiPropertyOptional({ description: 'Only people whose name contains this (any case)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;
}

/** A person as those who appoint see them: name, roles and agency, nothing else (no email). */
export class PersonView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true }) roles: Role[];
  @ApiProperty({ type: UserAgencyView, nullable: true }) agency: UserAgencyView | null;
}
