/**
 * Webhooks (docs/decisions/329-signed-webhooks.md): HR opens Webhooks from the admin menu, registers an endpoint on a
 * receiver on 127.0.0.1, reads its signing secret once (gone after a reload), and after a change to a person sees
 * the delivery in the log while the receiver verifies the signature with the independent `standardwebhooks` package.
 * The change is written through the service's outbox (seeded, not clicked: the profile form has suites of its own).
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { recordEvent } from '~/services/domain-events.server';
import { startWebhookReceiver, type WebhookReceiver } from '@test-support/webhook-receiver';
import { e2eDatabase, expect, seriousA11yViolations, test } from './fixtures';

let receiver: WebhookReceiver;

test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
});

test.afterAll(async () => {
  await receiver?.close();
});

test('HR registers a webhook, sees its secret once, and sees a signed delivery in the log', async ({
  adminPage: page,
}) => {
  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'HR admin' }).getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();

  const name = `Payroll ${randomUUID().slice(0, 8)}`;
  await page.getByLabel('Name (the system it is for)').fill(name);
  await page.getByLabel('URL').fill(receiver.url('/payroll'));
  await page.getByRole('checkbox', { name: /employee\.updated/ }).check();
  await page.getByRole('button', { name: 'Register' }).click();
  const secretCard = page.getByTestId('signing-secret');
  await expect(secretCard).toContainText(name);
  const secret = (await secretCard.locator('code').textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.reload();
  await expect(page.getByTestId('signing-secret')).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);

  const employeeId = randomUUID();
  const event = await recordEvent(e2eDatabase(), {
    type: 'employee.updated',
    version: 1,
    employeeId,
    actorId: 'system',
    changedFields: ['jobTitle', 'personalPhone'],
  });
  await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
  const [received] = receiver.received;
  expect(new Webhook(secret).verify(received.body, received.headers)).toEqual({
    type: 'employee.updated',
    timestamp: event.occurredAt,
    data: { eventId: event.eventId, employeeId, changedFields: ['jobTitle'] },
  });

  await page.reload();
  const row = page.getByTestId('webhook-log').getByRole('row').filter({ hasText: employeeId });
  await expect(row).toContainText(name);
  await expect(row).toContainText('delivered');
  await expect(row.getByRole('button', { name: 'Send again' })).toBeVisible();
});
