/**
 * Server-side request forgery: with the strict rule on (as on AWS), an endpoint that is not HTTPS on a public
 * address is refused when HR registers it and again at delivery, after its name is resolved, so a name that
 * resolves to a private address later (DNS rebinding) is refused too and nothing connects. Names are resolved by an
 * injected resolver: these tests make no network connection.
 */
import { describe, expect, it } from 'vitest';
import { parseEnv } from '~/config/env.server';
import { privateTargetsAllowed } from '~/config/webhook-settings.server';
import type { WebhookDelivery } from '~/models/webhook-deliveries.server';
import { createLogger } from '@shared/logger';
import { attemptDelivery } from './delivery-runner.server';
import { isPublicAddress, resolveTarget, type Resolver } from './target-rules.server';
import { runWebhookAdminAction } from './webhook-admin.server';

const strictEnv = parseEnv({ APP_ENV: 'local', NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' });

/** A resolver that answers from a table, and counts its questions. */
function tableResolver(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolver = async (hostname: string) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  };
  return Object.assign(resolver, { asked });
}

describe('webhook targets', () => {
  it('allows private targets by default locally and refuses them by default on AWS', () => {
    expect(privateTargetsAllowed(parseEnv({ APP_ENV: 'local' }))).toBe(true);
    expect(privateTargetsAllowed(strictEnv)).toBe(false);
    expect(privateTargetsAllowed({ APP_ENV: 'aws', WEBHOOK_TIMEOUT_MS: 1 })).toBe(false);
  });

  it.each([
    ['8.8.8.8', true],
    ['93.184.216.34', true],
    ['2606:4700:4700::1111', true],
    ['10.0.0.1', false],
    ['172.16.5.4', false],
    ['192.168.1.1', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['198.51.100.7', false],
    ['::1', false],
    ['::', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:8.8.8.8', false],
    ['64:ff9b::a00:1', false],
    ['2002:a00:1::1', false],
    ['fd00::1', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['fd00:ec2::254', false],
    ['not-an-address', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it.each([
    ['https://localhost/hooks', /localhost is this machine/],
    ['https://api.localhost/hooks', /is this machine/],
    ['https://10.0.0.1/hooks', /10\.0\.0\.1 is not a public address/],
    ['https://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is not a public address/],
    ['https://[::1]/hooks', /::1 is not a public address/],
    ['https://[fd00::1]/hooks', /not a public address/],
    ['https://internal.example.com/hooks', /resolves to 10\.1\.2\.3, not a public address/],
    ['https://mixed.example.com/hooks', /resolves to 192\.168\.0\.9/],
    ['https://nowhere.example.com/hooks', /could not be resolved/],
    ['http://hooks.example.com/hooks', /must start with https/],
    ['https://hooks.example.com:8443/hooks', /port \(443\)/],
    ['https://user:pw@hooks.example.com/hooks', /user names and passwords/],
  ])('refuses to register %s with the strict rule', async (url, message) => {
    const resolver = tableResolver({
      'internal.example.com': ['10.1.2.3'],
      'mixed.example.com': ['93.184.216.34', '192.168.0.9'],
      'hooks.example.com': ['93.184.216.34'],
    });
    const db = { sequelize: { transaction: () => Promise.reject(new Error('must write nothing')) } };
    const result = await runWebhookAdminAction(
      { db: db as never, env: strictEnv, log: createLogger({ write: () => undefined }) },
      { intent: 'register', name: 'Probe', url, events: ['employee.created'] },
      { resolver },
    );
    expect(result).toMatchObject({ ok: false, status: 400, errors: { url: expect.stringMatching(message) } });
  });

  it('accepts a public HTTPS name, then refuses it at delivery once it resolves to a private address', async () => {
    const table: Record<string, string[]> = { 'hooks.example.com': ['93.184.216.34'] };
    const resolver = tableResolver(table);
    const url = new URL('https://hooks.example.com/people');
    expect(await resolveTarget(url, true, resolver)).toEqual({ address: '93.184.216.34', family: 4 });

    // DNS rebinding: the same name now answers with the loopback address or the metadata service.
    for (const rebound of ['127.0.0.1', '169.254.169.254', '::1']) {
      table['hooks.example.com'] = [rebound];
      const outcome = await attemptDelivery(
        { env: strictEnv },
        { id: 1, eventId: 'e', attempts: 0, payload: '{}' } as WebhookDelivery,
        { id: 'x', url: url.href, secrets: [], name: 'n', eventTypes: [], enabled: true, createdAt: new Date() },
        { resolver, now: new Date() },
      );
      expect(outcome).toMatchObject({ status: 'pending', statusCode: null });
      expect(outcome.response).toBe(`Refused: hooks.example.com resolves to ${rebound}, not a public address`);
    }
    expect(resolver.asked).toHaveLength(4);
  });
});
