import * as argon2 from 'argon2';

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// A hash of nothing in particular: checked against when the email is unknown, so that a wrong
// email takes as long to refuse as a wrong password and does not reveal who has an account.
let decoy: Promise<string> | undefined;

export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (!hash) {
    decoy ??= hashPassword('no account has this password');
    await argon2.verify(await decoy, password);
    return false;
  }
  return argon2.verify(hash, password);
}
