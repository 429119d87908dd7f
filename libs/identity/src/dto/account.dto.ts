import { OmitType } from '@nestjs/swagger';
import { CreateUserRequest } from './user.dto';

/** A new account whose holder sets their own password, from the link mailed to them. */
export class InviteUserRequest extends OmitType(CreateUserRequest, ['password'] as const) {}
