import { dateFromParts } from './forms';
import { safeReturnPath } from './web-paths';
import { sessionCookieOptions } from './web-session';

describe('web session cookie and form helpers', () => {
  it('makes the session cookie HttpOnly and SameSite=Lax always, and Secure in production', () => {
    expect(sessionCookieOptions({ NODE_ENV: 'production', SESSION_IDLE_MINUTES: 30 })).toMatchObject({
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      maxAge: 1_800_000,
    });
    expect(sessionCookieOptions({ NODE_ENV: 'development', SESSION_IDLE_MINUTES: 10 })).toMatchObject({
      httpOnly: true,
      sameSite: 'lax',
      secure: false,
      maxAge: 600_000,
    });
  });

  it('reads GOV.UK date boxes as YYYY-MM-DD, leaving a wrong date visibly wrong for the DTO to refuse', () => {
    expect(dateFromParts('7', '3', '2026')).toBe('2026-03-07');
    expect(dateFromParts('', ' ', '')).toBeUndefined();
    expect(dateFromParts('31', '2', '2026')).toBe('2026-02-31');
    expect(dateFromParts('x', '2', '26')).toBe('26-2-x');
  });

  it('only ever returns to a page of this service after sign-in', () => {
    expect(safeReturnPath('/reviews?type=DHR')).toBe('/reviews?type=DHR');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', '/api/reviews', undefined]) expect(safeReturnPath(bad)).toBe('/my-work');
  });
});
