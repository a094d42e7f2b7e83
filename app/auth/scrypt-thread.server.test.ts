import fs from 'node:fs';
import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.server';
import { scryptOnThread } from './scrypt-thread.server';

describe('scrypt on its own thread', () => {
  it('gives the key node:crypto gives, so hashes stored before still verify', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const options = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
    const key = await scryptOnThread({ password: 'a stored password', salt, keyLength: 32, options });
    expect(key.equals(scryptSync('a stored password', salt, 32, options))).toBe(true);
    const stored = ['scrypt', 2 ** 14, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    expect(await verifyPassword('a stored password', stored)).toBe(true);
  });

  it('leaves the libuv pool to file reads: a read started after six hashes ends before the first hash', async () => {
    const order: string[] = [];
    const hashes = Array.from({ length: 6 }, (_, index) =>
      hashPassword(`password number ${index}`).then(() => order.push('hash')),
    );
    const read = fs.promises.readFile(__filename).then(() => order.push('read'));
    await Promise.all([...hashes, read]);
    expect(order[0]).toBe('read');
  });

  it('reports a bad parameter as an error, and the next hash still works', async () => {
    const bad = scryptOnThread({
      password: 'x',
      salt: Buffer.alloc(16),
      keyLength: 32,
      options: { N: 3, r: 8, p: 1, maxmem: 64 * 1024 * 1024 },
    });
    await expect(bad).rejects.toThrow(/scrypt failed/);
    expect(await verifyPassword('still works', await hashPassword('still works'))).toBe(true);
  });
});
