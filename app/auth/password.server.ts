/**
 * Password hashing with scrypt (node:crypto, no native add-on). Stored as
 * `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>` so that the cost can be raised later and old hashes still verify
 * (and get rehashed at the next sign-in: see needsRehash).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { scryptOnThread, type ScryptJob } from './scrypt-thread.server';

const scrypt = (password: string, salt: Buffer, keyLength: number, options: ScryptJob['options']) =>
  scryptOnThread({ password, salt, keyLength, options });

/**
 * N=2^15, r=8, p=1: about 155 ms and 32 MiB per hash on one core of the 2-core machines measured
 * (docs/decisions/302-password-hashing.md). p=3 (OWASP's equivalent of N=2^17) took 420 ms there.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function maxmemFor(params: { N: number; r: number }): number {
  return 128 * params.N * params.r * 2;
}

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS) {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...params, maxmem: maxmemFor(params) });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((value) => Number.isInteger(value) && value > 0)) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  const key = await scrypt(password.normalize('NFKC'), salt, expected.length, { N, r, p, maxmem: maxmemFor({ N, r }) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export function needsRehash(stored: string): boolean {
  const [, N, r, p] = stored.split('$').map((part, index) => (index === 0 ? part : Number(part)));
  return N !== SCRYPT_PARAMS.N || r !== SCRYPT_PARAMS.r || p !== SCRYPT_PARAMS.p;
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check when the account does not exist, so timing does not reveal accounts. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing');
  await verifyPassword(password, await dummyHash);
  return false;
}
