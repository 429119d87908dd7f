import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable } from 'rxjs';
import { Role } from '@app/access';
import { AuthenticatedUser } from '@app/common';
import { csrf } from './csrf';
import { WebRequest } from './web-session';

export interface NavigationItem {
  href: string;
  text: string;
  active?: boolean;
}

/** The service navigation, by what the person's roles give them a reason to open. */
export function navigationFor(user: AuthenticatedUser, path: string): NavigationItem[] {
  const has = (...roles: Role[]) => roles.some((role) => user.roles.includes(role));
  const items: NavigationItem[] = [{ href: '/my-work', text: 'My work' }];
  if (!has(Role.AgencyActionOwner) || user.roles.length > 1) items.push({ href: '/reviews', text: 'Reviews' });
  if (has(Role.BoardMember)) items.push({ href: '/sign-off', text: 'Sign-off' });
  if (has(Role.AgencyActionOwner, Role.CspManager, Role.CspChair, Role.IndependentChair)) items.push({ href: '/actions', text: 'Actions' });
  if (has(Role.BoardMember, Role.CspManager, Role.CspChair, Role.Auditor)) items.push({ href: '/boards/csp', text: 'Boards' });
  if (has(Role.Administrator)) items.push({ href: '/admin', text: 'Administration' });
  return items.map((item) => ({ ...item, active: path === item.href || path.startsWith(`${item.href}/`) }));
}

/**
 * What every page's layout needs, set after the guards have signed the person in: who they are,
 * their navigation, this session's CSRF token for the forms, and a one-off confirmation.
 */
@Injectable()
export class WebLocalsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<WebRequest & { user?: AuthenticatedUser }>();
    const res = context.switchToHttp().getResponse<Response>();
    res.locals.csrfToken = csrf.generateToken(req);
    if (req.user) {
      res.locals.user = req.user;
      res.locals.navigation = navigationFor(req.user, req.path);
    }
    if (req.session?.flash) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    return next.handle();
  }
}
