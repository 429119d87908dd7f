import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable } from 'rxjs';
import { can } from '@app/access';
import { AuthenticatedUser } from '@app/common';
import { csrf } from './csrf';
import { administers, mayOpenBoards } from './page-access';
import { WebRequest } from './web-session';

export interface NavigationItem {
  href: string;
  text: string;
  active?: boolean;
}

/** The service navigation: the pages this person has a use for. */
export function navigationFor(path: string, user: AuthenticatedUser): NavigationItem[] {
  const items: (NavigationItem & { section?: string })[] = [
    { href: '/my-work', text: 'My work' },
    { href: '/reviews', text: 'Reviews' },
  ];
  if (can(user, 'sign-off-for-board')) items.push({ href: '/sign-off', text: 'Sign-off' });
  if (can(user, 'work-agency-actions')) items.push({ href: '/actions', text: 'Actions' });
  if (mayOpenBoards(user)) items.push({ href: '/boards', text: 'Boards' });
  if (administers(user)) items.push({ href: '/admin/users', text: 'Administration', section: '/admin' });
  return items.map(({ section, ...item }) => {
    const root = section ?? item.href;
    return { ...item, active: path === root || path.startsWith(`${root}/`) };
  });
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
      res.locals.navigation = navigationFor(req.path, req.user);
    }
    if (req.session?.flash) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    return next.handle();
  }
}
