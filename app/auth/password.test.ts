import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password.server';
import { passwordSchema, personalPasswordProblem } from './password-policy';
import { safeRedirect } from './safe-redirect';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  it('still verifies hashes made with older parameters, and flags them for rehashing', async () => {
    const old = await hashPassword('an older password', { N: 2 ** 14, r: 8, p: 1 });
    expect(await verifyPassword('an older password', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$0$8$1$AAAA$AAAA')).toBe(false);
  });
});

describe('password policy', () => {
  const problem = (password: string) => passwordSchema.safeParse(password).error?.issues[0]?.message ?? null;

  it('asks for a minimum length', () => {
    expect(problem('short1!')).toMatch(/at least 10/);
    expect(problem('a quiet walk by the river')).toBeNull();
  });

  it('refuses common passwords whatever their case', () => {
    expect(problem('Password123')).toMatch(/too common/);
    expect(problem('QWERTYUIOP')).toMatch(/too common/);
  });

  it('refuses repetitive passwords', () => {
    expect(problem('abababababab')).toMatch(/repetitive/);
  });

  it('refuses passwords built from the email or the name', () => {
    expect(personalPasswordProblem('grace.hopper1', { email: 'grace.hopper@xyz.example' })).toMatch(/name or email/);
    expect(personalPasswordProblem('Lovelace2026!', { names: ['Ada', 'Lovelace'] })).toMatch(/name or email/);
    expect(personalPasswordProblem('tea, biscuits and lovelace', { names: ['Lovelace'] })).toBeNull();
  });
});

describe('safeRedirect', () => {
  it('keeps local paths', () => {
    expect(safeRedirect('/employees?q=ada')).toBe('/employees?q=ada');
  });
  it.each([
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    'javascript:alert(1)',
    '/\tfoo',
    '/logout',
    '',
  ])('falls back for %j', (target) => {
    expect(safeRedirect(target, '/me')).toBe('/me');
  });
});
