/**
 * HR's queue and an employee's admin page through the production bundle's request handler, in German and in
 * English: headings, buttons, counts, the workflow's findings (stored as codes and English sentences) and an
 * action's message. Assertions are on elements: the page's inline catalogue carries every message of its language.
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { addPerson, formPost, signIn } from '@test-support/http/people';
import type { PrivateEmployee } from '~/models/employee-projection.server';
import { storeWaitingTask } from '~/models/workflow-tasks.server';
import { HELD_MESSAGES } from '~/services/photo-view.server';

describe("HR's people pages in the viewer's language", () => {
  let app: AppUnderTest;
  let cookie: string;
  let penny: PrivateEmployee;

  const page = async (pathname: string, language: string, init: Request | null = null) => {
    const request = init ?? new Request(`${APP_ORIGIN}${pathname}`, { headers: { cookie } });
    request.headers.set('Accept-Language', language);
    const response = await app.fetch(request);
    expect(response.status).toBe(200);
    return parseHTML(await response.text()).document;
  };
  const text = (document: Document, selector: string) =>
    document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();

  beforeAll(async () => {
    app = await startAppUnderTest();
    const hera = await addPerson(app, 'Hera', 'active', 'admin');
    cookie = await signIn(app, hera);
    penny = await addPerson(app, 'Penny', 'pending');
    // The workflow's HR step, waiting for two days, with what its photo step and record checks found.
    await storeWaitingTask(
      app.platform.db,
      {
        employeeId: penny.id,
        step: 'AwaitHrDecision',
        taskToken: 'token-penny',
        executionId: 'execution-penny',
        findings: JSON.stringify({
          photo: { verdict: 'needs-review', faceCheck: 'no-consent', reason: HELD_MESSAGES['no-consent'] },
          record: {
            passed: false,
            findings: [
              { check: 'unique-work-email', passed: false, detail: 'Another profile has this work email' },
              { check: 'manager-active', passed: true, detail: 'No manager named' },
            ],
          },
        }),
      },
      Date.now() - 50 * 3_600_000,
    );
  }, 60_000);
  afterAll(async () => app?.close());

  it('shows the queue and what the workflow found in German', async () => {
    const queue = await page('/admin', 'de');
    expect(queue.documentElement.getAttribute('lang')).toBe('de');
    expect(text(queue, 'h1')).toBe('Offene Profile');
    expect(text(queue, '[data-testid="queue-counts"]')).toBe('1 aktiv · 1 offen · 0 inaktiv');
    expect(text(queue, '[data-testid="workflow-waiting"]')).toBe('Wartet auf Ihre Entscheidung seit 2 Tagen.');
    expect(text(queue, '[data-finding="photo"]')).toBe(
      'Braucht Ihre Prüfung (keine Einwilligung – selbst ansehen) — Das neue Foto wartet auf HR: Es liegt keine ' +
        'Einwilligung in den Gesichtsabgleich vor, daher prüft HR es selbst.',
    );
    expect(text(queue, '[data-check="unique-work-email"]')).toBe(
      '✗ Geschäftliche E-Mail-Adresse eindeutig: Ein anderes Profil hat diese geschäftliche E-Mail-Adresse',
    );
    expect(text(queue, '[data-check="manager-active"]')).toBe('✓ Führungskraft aktiv: Keine Führungskraft angegeben');
    const buttons = [...queue.querySelectorAll('[data-testid="pending-employee"] button')].map((b) => b.textContent);
    expect(buttons).toEqual(['Penny Tester freigeben', 'Penny Tester manuell aktivieren', 'Ablehnen']);
  });

  it('keeps the queue in English for a browser without a language of ours', async () => {
    const queue = await page('/admin', 'en-GB');
    expect(text(queue, 'h1')).toBe('Pending profiles');
    expect(text(queue, '[data-testid="queue-counts"]')).toBe('1 active · 1 pending · 0 inactive');
    expect(text(queue, '[data-testid="workflow-waiting"]')).toBe('Waiting for your decision for 2 days.');
    expect(text(queue, '[data-check="unique-work-email"]')).toBe(
      '✗ Work email unique: Another profile has this work email',
    );
  });

  it("shows an employee's admin page and an action's message in German", async () => {
    const employee = await page(`/admin/employees/${penny.id}`, 'de');
    expect(text(employee, '#status-heading')).toBe('Status und Rolle');
    expect(text(employee, '#edit-heading')).toBe('Profil bearbeiten');
    expect(text(employee, '#identities-heading')).toBe('Anmeldeidentitäten');
    expect(text(employee, '#workflow-heading')).toBe('Prüfablauf');
    expect(text(employee, '[data-face-check-consent]')).toBe(
      'Noch nicht gefragt. Die Fotos werden nicht geprüft: Sehen Sie sich jedes neue Foto selbst an.',
    );
    expect(text(employee, '#activity-heading')).toBe('Aktivität');

    // A deactivation without its confirmation step: refused, in the page's language, and nothing changes.
    const refused = await page('', 'de', formPost(`/admin/employees/${penny.id}`, { intent: 'deactivate' }, cookie));
    expect(text(refused, '[role="alert"]')).toBe('Bestätigen Sie zuerst die Deaktivierung.');
  });
});
