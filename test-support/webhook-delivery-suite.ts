/**
 * Webhooks on one database engine (SQLite, MariaDB), end to end through the outbox: HR registers an endpoint, an event fans out to it as its own
 * delivery row, the runner sends it signed to a receiver on 127.0.0.1, and the independent `standardwebhooks`
 * package verifies the signature. Then: what a payload may name, retries with backoff, one failing receiver not
 * holding back another, redirects not followed, rotation, disabling, and "send again". Registered by
 * app/services/webhooks/webhooks.server*.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { openDatabase, closeDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { parseEnv } from '~/config/env.server';
import { createTestDatabase, type TestDatabase, type TestDialect } from './databases';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';
import { createLogger } from '@shared/logger';
import type { NewEmployeeEvent } from '@shared/contracts/employee-events';
import { BUILT_IN_FIELD_DEFINITIONS } from '~/models/field-definitions';
import { listRecentWebhookDeliveries, listWebhookDeliveriesAbout } from '~/models/webhook-deliveries.server';
import { listWebhookEndpoints } from '~/models/webhook-endpoints.server';
import { recordEvent } from '~/services/domain-events.server';
import { dispatchToSubscriber } from '~/services/event-dispatcher.server';
import { webhooksSubscriber } from '~/subscribers/webhooks.server';
import { createDeliveryRunner, MAX_ATTEMPTS, RETRY_DELAYS_MS } from '~/services/webhooks/delivery-runner.server';
import { runWebhookAdminAction, type WebhookForm } from '~/services/webhooks/webhook-admin.server';
import { ROTATION_OVERLAP_MS } from '~/services/webhooks/endpoint-secrets.server';

export function describeWebhookDelivery(dialect: TestDialect) {
  let database: TestDatabase;
  let db: Database;
  let dataDir: string;
  let receiver: WebhookReceiver;
  let platform: Parameters<typeof webhooksSubscriber>[0] & Parameters<typeof runWebhookAdminAction>[0];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = openDatabase(database.config);
    await migrateDatabase(db.sequelize);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhooks-'));
    receiver = await startWebhookReceiver();
    platform = {
      db,
      env: parseEnv({ APP_ENV: 'local', NODE_ENV: 'test', DATA_DIR: dataDir, WEBHOOK_TIMEOUT_MS: '400' }),
      log: createLogger({ level: 'error', write: () => undefined }),
      fieldDefinitions: BUILT_IN_FIELD_DEFINITIONS,
      customFields: [],
      customFieldsVersion: -1,
    };
  });

  afterAll(async () => {
    await receiver?.close();
    await closeDatabase(db);
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    receiver.received.length = 0;
    receiver.answer = () => ({ status: 200 });
    // Each test starts with no endpoint and an empty outbox.
    for (const table of ['webhook_deliveries', 'webhook_endpoints', 'event_deliveries', 'events']) {
      await db.sequelize.query(`DELETE FROM ${table}`);
    }
  });

  const form = (fields: Partial<WebhookForm>): WebhookForm => ({ events: [], ...fields });

  async function register(name: string, url: string, events: string[]) {
    const result = await runWebhookAdminAction(platform, form({ intent: 'register', name, url, events }));
    if (!result.ok || !result.secret) throw new Error(`not registered: ${JSON.stringify(result)}`);
    const endpoint = (await listWebhookEndpoints(db)).find((found) => found.name === name)!;
    return { id: endpoint.id, secret: result.secret.value };
  }

  const updated = (employeeId: string, changedFields: string[]): NewEmployeeEvent => ({
    type: 'employee.updated',
    version: 1,
    employeeId,
    actorId: randomUUID(),
    changedFields,
  });

  async function fanOut() {
    return dispatchToSubscriber(db, webhooksSubscriber(platform));
  }

  async function deliver(now?: Date) {
    const runner = createDeliveryRunner(platform, now ? { now: () => now } : {});
    const started = await runner.tick();
    await runner.idle();
    return started;
  }

  describe(`webhooks (${dialect})`, () => {
    it('delivers an event signed as Standard Webhooks says, verified by the standardwebhooks package', async () => {
      const { secret } = await register('Payroll', receiver.url('/payroll'), ['employee.updated']);
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const employeeId = randomUUID();
      const event = await recordEvent(db, updated(employeeId, ['jobTitle', 'personalEmail', 'skills', 'nickname']));
      expect(await fanOut()).toEqual({ delivered: 1, failed: 0 });
      expect(await deliver()).toBe(1);

      expect(receiver.received).toHaveLength(1);
      const [received] = receiver.received;
      expect(received.path).toBe('/payroll');
      expect(received.headers['webhook-id']).toBe(event.eventId);
      const verified = new Webhook(secret).verify(received.body, received.headers);
      // Field names only, and only those every employee may see: not the personal email, not an unknown name.
      expect(verified).toEqual({
        type: 'employee.updated',
        timestamp: event.occurredAt,
        data: { eventId: event.eventId, employeeId, changedFields: ['jobTitle', 'skills'] },
      });
      // Another secret does not verify it: the signature is the endpoint's.
      const other = (await register('Other', receiver.url(), ['employee.created'])).secret;
      expect(() => new Webhook(other).verify(received.body, received.headers)).toThrow();

      const [logged] = await listWebhookDeliveriesAbout(db, employeeId);
      expect(logged).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, lastResponse: 'ok' });
      // A redelivered outbox event writes no second row.
      await db.sequelize.query('UPDATE event_deliveries SET delivered_at = NULL');
      await fanOut();
      expect(await listWebhookDeliveriesAbout(db, employeeId)).toHaveLength(1);
    });

    it('sends an update that changed only restricted fields to no one, and types an endpoint did not ask for neither', async () => {
      await register('Chat', receiver.url(), ['employee.updated']);
      const employeeId = randomUUID();
      await recordEvent(db, updated(employeeId, ['personalEmail', 'emergencyContactPhone']));
      await recordEvent(db, {
        type: 'employee.role-changed',
        version: 1,
        employeeId,
        actorId: randomUUID(),
        from: 'employee',
        to: 'admin',
      });
      await fanOut();
      expect(await listWebhookDeliveriesAbout(db, employeeId)).toEqual([]);
    });

    it('retries a failing receiver with backoff while another endpoint is delivered, and gives up after the last attempt', async () => {
      await register('Flaky', receiver.url('/flaky'), ['employee.created']);
      await register('Steady', receiver.url('/steady'), ['employee.created']);
      receiver.answer = (request) =>
        request.path === '/flaky' ? { status: 500, body: `broken ${'x'.repeat(1000)}` } : { status: 204, body: '' };
      const employeeId = randomUUID();
      await recordEvent(db, {
        type: 'employee.created',
        version: 2,
        employeeId,
        actorId: employeeId,
        source: 'join',
        employee: { status: 'pending', role: 'employee' },
        photoId: null,
      });
      await fanOut();
      const start = new Date();
      await deliver(start);
      const rows = async () =>
        Object.fromEntries((await listWebhookDeliveriesAbout(db, employeeId)).map((row) => [row.endpointName, row]));
      let byName = await rows();
      expect(byName.Steady).toMatchObject({ status: 'delivered', lastStatusCode: 204 });
      expect(byName.Flaky).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
      expect(byName.Flaky.lastResponse!.length).toBeLessThanOrEqual(200);
      expect(byName.Flaky.lastResponse).toMatch(/^broken x+…$/);
      expect(byName.Flaky.nextAttemptAt!.getTime()).toBe(start.getTime() + RETRY_DELAYS_MS[0]);

      // Not due yet: nothing is sent. Due: tried again, the delay growing each time, until the last attempt.
      expect(await deliver(new Date(start.getTime() + RETRY_DELAYS_MS[0] - 1))).toBe(0);
      let at = start.getTime();
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt += 1) {
        at += RETRY_DELAYS_MS[attempt - 2];
        expect(await deliver(new Date(at))).toBe(1);
        byName = await rows();
        expect(byName.Flaky.attempts).toBe(attempt);
        if (attempt < MAX_ATTEMPTS)
          expect(byName.Flaky.nextAttemptAt!.getTime()).toBe(at + RETRY_DELAYS_MS[attempt - 1]);
      }
      expect(byName.Flaky).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });
      expect(receiver.received.filter((request) => request.path === '/flaky')).toHaveLength(MAX_ATTEMPTS);
      // Every attempt had its own timestamp and the same id.
      expect(new Set(receiver.received.map((request) => request.headers['webhook-id'])).size).toBe(1);

      // "Send again" gives it a fresh round; the receiver has recovered.
      receiver.answer = () => ({ status: 200 });
      const resent = await runWebhookAdminAction(
        platform,
        form({ intent: 'resend', deliveryId: String(byName.Flaky.id) }),
      );
      expect(resent.ok).toBe(true);
      await deliver();
      expect((await rows()).Flaky).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
      // A delivery already waiting cannot be sent again twice; an unknown one is a 404, never a 500.
      const again = await runWebhookAdminAction(platform, form({ intent: 'resend', deliveryId: '999999' }));
      expect(again).toMatchObject({ ok: false, status: 404 });
    });

    it('does not wait for a receiver that never answers, and follows no redirect', async () => {
      await register('Silent', receiver.url('/silent'), ['employee.deleted']);
      await register('Moved', receiver.url('/moved'), ['employee.deleted']);
      await register('Fine', receiver.url('/fine'), ['employee.deleted']);
      receiver.answer = (request) => {
        if (request.path === '/silent') return 'hang';
        if (request.path === '/moved') return { status: 302, headers: { location: receiver.url('/elsewhere') } };
        return { status: 200 };
      };
      const employeeId = randomUUID();
      await recordEvent(db, { type: 'employee.deleted', version: 1, employeeId, actorId: 'system' });
      await fanOut();
      const started = Date.now();
      await deliver();
      expect(Date.now() - started).toBeLessThan(2_000);
      const byName = Object.fromEntries(
        (await listWebhookDeliveriesAbout(db, employeeId)).map((row) => [row.endpointName, row]),
      );
      expect(byName.Fine.status).toBe('delivered');
      expect(byName.Silent).toMatchObject({ status: 'pending', lastStatusCode: null });
      expect(byName.Silent.lastResponse).toMatch(/no answer within 400 ms/);
      expect(byName.Moved).toMatchObject({ status: 'pending', lastStatusCode: 302 });
      expect(byName.Moved.lastResponse).toMatch(/Redirect not followed/);
      expect(receiver.received.map((request) => request.path)).not.toContain('/elsewhere');
    });

    it('signs with the old and the new secret during a rotation, and stops sending to a disabled endpoint', async () => {
      const { id, secret: oldSecret } = await register('Rotating', receiver.url(), ['employee.photo-ready']);
      const rotated = await runWebhookAdminAction(platform, form({ intent: 'rotate', id }));
      if (!rotated.ok || !rotated.secret) throw new Error('not rotated');
      const newSecret = rotated.secret.value;
      expect(newSecret).not.toBe(oldSecret);
      const photoReady = (employeeId: string): NewEmployeeEvent => ({
        type: 'employee.photo-ready',
        version: 1,
        employeeId,
        actorId: 'system',
        photoId: randomUUID(),
        replacedPhotoId: null,
      });
      await recordEvent(db, photoReady(randomUUID()));
      await fanOut();
      await deliver();
      const [request] = receiver.received;
      expect(request.headers['webhook-signature'].split(' ')).toHaveLength(2);
      expect(new Webhook(oldSecret).verify(request.body, request.headers)).toMatchObject({
        type: 'employee.photo-ready',
      });
      expect(new Webhook(newSecret).verify(request.body, request.headers)).toMatchObject({
        type: 'employee.photo-ready',
      });
      // After the overlap only the new secret signs.
      await recordEvent(db, photoReady(randomUUID()));
      await fanOut();
      await deliver(new Date(Date.now() + ROTATION_OVERLAP_MS + 1000));
      const later = receiver.received[1];
      expect(later.headers['webhook-signature'].split(' ')).toHaveLength(1);
      expect(() => new Webhook(oldSecret).verify(later.body, later.headers)).toThrow();

      // Disabled: a waiting delivery is cancelled, new events write none.
      await recordEvent(db, photoReady(randomUUID()));
      await fanOut();
      expect((await runWebhookAdminAction(platform, form({ intent: 'disable', id }))).ok).toBe(true);
      await recordEvent(db, photoReady(randomUUID()));
      await fanOut();
      expect(await deliver()).toBe(0);
      const log = await listRecentWebhookDeliveries(db, { limit: 10 });
      expect(log.map((row) => row.status)).toEqual(['cancelled', 'delivered', 'delivered']);
      // Deleted: the endpoint and its log go.
      expect((await runWebhookAdminAction(platform, form({ intent: 'delete', id }))).ok).toBe(true);
      expect(await listRecentWebhookDeliveries(db, { limit: 10 })).toEqual([]);
      expect(await runWebhookAdminAction(platform, form({ intent: 'delete', id }))).toMatchObject({ status: 404 });
    });

    it('stores the signing secret encrypted, never as it was shown', async () => {
      const { secret } = await register('Sealed', receiver.url(), ['employee.created']);
      const [row] = await db.sequelize.query<{ secrets: string }>('SELECT secrets FROM webhook_endpoints', {
        type: 'SELECT' as never,
      });
      expect(row.secrets).not.toContain(secret.slice('whsec_'.length, 20));
      expect(JSON.parse(row.secrets)[0].sealed).toMatch(/^v1:/);
      expect(fs.statSync(path.join(dataDir, 'webhook-secrets.key')).mode & 0o077).toBe(0);
    });

    it('refuses a bad registration with a message per field and writes nothing', async () => {
      const result = await runWebhookAdminAction(
        platform,
        form({ intent: 'register', name: ' ', url: 'ftp://x', events: ['employee.password-reset-requested'] }),
      );
      expect(result).toMatchObject({
        ok: false,
        status: 400,
        errors: { name: expect.any(String), url: 'Use http or https.', events: 'Pick events from the list.' },
      });
      expect(await runWebhookAdminAction(platform, form({ intent: 'nonsense' }))).toMatchObject({ status: 400 });
      expect(await listWebhookEndpoints(db)).toEqual([]);
    });
  });
}
