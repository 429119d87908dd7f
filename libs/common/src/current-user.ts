import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The signed-in person, as the auth guard puts it on the request. */
export interface AuthenticatedUser {
  id: string;
  partnershipId: string;
  email: string;
  name: string;
  roles: string[];
  agencyId: string | null;
}

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  return context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
});
