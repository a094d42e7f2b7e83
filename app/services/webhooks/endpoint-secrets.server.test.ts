/**
 * Rotation after the key was lost (docs/decisions/329-signed-webhooks.md): secrets sealed under the old key cannot
 * sign, so a rotation under the new key keeps only the new secret, and deliveries sign again at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '~/config/env.server';
import { newSecret, secretsInForce } from './endpoint-secrets.server';

const dirs: string[] = [];
function envWithOwnKey() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-key-'));
  dirs.push(dataDir);
  return parseEnv({ APP_ENV: 'local', NODE_ENV: 'test', DATA_DIR: dataDir });
}
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('rotating a signing secret', () => {
  const endpointId = 'endpoint-1';
  const now = new Date('2026-12-07T18:00:00.000Z');

  it('keeps the previous secret beside the new one under the same key', async () => {
    const env = envWithOwnKey();
    const first = await newSecret(env, endpointId, [], now);
    const second = await newSecret(env, endpointId, first.stored, now);
    expect(await secretsInForce(env, { id: endpointId, secrets: second.stored }, now)).toEqual([
      second.plain,
      first.plain,
    ]);
  });

  it('drops a previous secret the current key cannot open, so deliveries sign with the new one', async () => {
    const first = await newSecret(envWithOwnKey(), endpointId, [], now);
    const replacedKey = envWithOwnKey();
    await expect(secretsInForce(replacedKey, { id: endpointId, secrets: first.stored }, now)).rejects.toThrow();
    const rotated = await newSecret(replacedKey, endpointId, first.stored, now);
    expect(await secretsInForce(replacedKey, { id: endpointId, secrets: rotated.stored }, now)).toEqual([
      rotated.plain,
    ]);
  });
});
