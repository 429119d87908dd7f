import { PASSWORD_MIN_LENGTH, passwordRefusal } from './password-policy';

describe('The password policy (NCSC: length and a deny list, no composition rules)', () => {
  const email = 'robin.calder@test.example';

  it('refuses a password shorter than the minimum', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(passwordRefusal('tiny-one-1', { email })).toBe('must be 12 characters or more');
  });

  it.each(['password1234', 'qwertyuiop123', 'iloveyou12345', 'Password2026!', 'letmein123456'])(
    'refuses the common or breached-looking password %s',
    (password) => {
      expect(passwordRefusal(password, { email })).toMatch(/^is too easy to guess/);
    },
  );

  it('refuses the email address, its name part, and passwords built from the person’s own name or email', () => {
    expect(passwordRefusal('Robin.Calder@test.example', { email })).toBe('must not be the email address');
    expect(passwordRefusal('robin.calder', { email: 'robin.calder@calder-family.example' })).toBe('must not be the email address');
    expect(passwordRefusal('robincalder2026', { email, name: 'Robin Calder' })).toMatch(/^is too easy to guess/);
  });

  it('refuses the demo password, except for the demo seed’s own accounts', () => {
    const demoPassword = 'halton-demo-2026';
    expect(passwordRefusal(demoPassword, { email, demoPassword })).toBe('must not be the demo password');
    expect(passwordRefusal(demoPassword, { email, demoPassword, demoAccount: true })).toBeNull();
  });

  it('accepts long passwords that are not common, whatever characters they use (three random words)', () => {
    for (const password of ['tricky-lemon-harbour-41', 'violet kettle orbit', 'a-long-test-password', 'admin-password-for-tests']) {
      expect(passwordRefusal(password, { email: 'admin@test.example' })).toBeNull();
    }
  });
});
