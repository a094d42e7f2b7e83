/**
 * Fixtures in the Epic Stack manner: tests get employees inserted straight into the server's database and
 * browsers signed in by a session cookie, instead of clicking through /join and /login every time. Whatever a
 * fixture inserts it removes afterwards.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createCookie } from '@remix-run/node';
import { QueryTypes } from 'sequelize';
import { openDatabase, type Database } from '~/db/database.server';
import { type PrivateEmployee } from '~/models/employee-projection.server';
import { insertEmployee } from '~/models/employee.server';
import { setPassword } from '~/auth/credentials.server';
import { createSession, SESSION_TTL_MS } from '~/models/session-store.server';
import { recordEvent } from '~/services/domain-events.server';
import { SUBSCRIPTIONS } from '~/services/subscriptions';
import type { NewEmployeeEvent } from '@shared/contracts/employee-events';
import { FIELD_DEFINITIONS_STREAM, type FieldDefinitionAspect } from '@shared/contracts/employee-events';
import { createConfirmedJoinToken } from '@test-support/join-links';
import { E2E_BASE_URL, E2E_DATA_DIR } from './e2e-env';

export { expect };

let sharedDb: Database | undefined;

/** The e2e server's own SQLite file (the server keeps it under its DATA_DIR). */
export function e2eDatabase(): Database {
  sharedDb ??= openDatabase({ sqliteFile: path.join(E2E_DATA_DIR, 'employees.sqlite') });
  return sharedDb;
}

export interface TestEmployee extends PrivateEmployee {
  password: string;
}

export interface EmployeeOptions {
  role?: 'employee' | 'admin';
  status?: 'pending' | 'active' | 'inactive';
  firstName?: string;
  lastName?: string;
  department?: string;
  jobTitle?: string;
  personalEmail?: string;
}

const unique = () => randomUUID().slice(0, 8);
/**
 * The tag as eight letters (hex digit n -> the nth letter), for names: always the same length, so one test
 * employee's name is never a prefix of another's (dropping the digits left "Person" now and then, which a
 * search for it found in every other test employee).
 */
const letters = (tag: string) => tag.replace(/[0-9a-f]/g, (digit) => String.fromCharCode(97 + parseInt(digit, 16)));

export async function insertTestEmployee(options: EmployeeOptions = {}): Promise<TestEmployee> {
  const db = e2eDatabase();
  const tag = unique();
  const password = `e2e password ${tag}`;
  const employee = await insertEmployee(db, {
    firstName: options.firstName ?? 'Test',
    lastName: options.lastName ?? `Person${letters(tag)}`,
    preferredName: null,
    workEmail: `e2e.${tag}@xyz.example`,
    workPhone: '+44 20 7946 0000',
    jobTitle: options.jobTitle ?? 'Quality Engineer',
    department: options.department ?? 'Engineering',
    managerId: null,
    officeLocation: 'Berlin',
    startDate: '2026-01-05',
    bio: 'Created by the e2e suites.',
    personalEmail: options.personalEmail ?? `home.${tag}@example.com`,
    personalPhone: '+44 7700 900123',
    emergencyContactName: `Emergency ${letters(tag)}`,
    emergencyContactPhone: '+44 7700 900456',
    status: options.status ?? 'active',
    role: options.role ?? 'employee',
  });
  await setPassword(db, employee.id, password);
  await tellSearchIndex([
    {
      type: 'employee.created',
      version: 2,
      employeeId: employee.id,
      actorId: 'system',
      source: 'admin',
      employee: { status: employee.status, role: employee.role },
      photoId: null,
    },
  ]);
  return { ...employee, password };
}

/**
 * Fixtures write rows directly, so they also write the event the services would, for the search index only
 * (HR's notifications must not hear about test rows), and wait until the server's dispatcher has delivered
 * it: a test that searches right after making someone finds them, and a removed one is gone from the index.
 */
async function tellSearchIndex(events: NewEmployeeEvent[]): Promise<void> {
  const db = e2eDatabase();
  const ids: string[] = [];
  for (const event of events) {
    ids.push(
      (await recordEvent(db, event, { subscriptions: { 'search-index': SUBSCRIPTIONS['search-index'] } })).eventId,
    );
  }
  await waitForSearchIndex(ids);
}

/** Waits until the search-index subscriber has taken these events (by event id). */
export async function waitForSearchIndex(eventIds: string[], timeoutMs = 15_000): Promise<void> {
  if (eventIds.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }] = await e2eDatabase().sequelize.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM event_deliveries d JOIN events e ON e.seq = d.event_seq
        WHERE d.subscriber = 'search-index' AND d.delivered_at IS NULL AND e.id IN (:ids)`,
      { replacements: { ids: eventIds }, type: QueryTypes.SELECT },
    );
    if (Number(n) === 0) return;
    if (Date.now() > deadline) throw new Error(`the search index did not take ${n} event(s) in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * After a suite wrote field definitions straight into the database: the `field-definitions.changed` event the admin
 * service records with every such write (app/services/custom-field-admin.server.ts). Without it the search index is
 * never stamped with the definitions' new version, and the directory keeps answering from the database instead of
 * the index (docs/decisions/324-search-index-holds-everyone-fields.md). Waits for the index to take it.
 */
export async function announceDefinitionsChange(keys: string[], changed: FieldDefinitionAspect[]): Promise<void> {
  const event = await recordEvent(e2eDatabase(), {
    type: 'field-definitions.changed',
    version: 1,
    employeeId: FIELD_DEFINITIONS_STREAM,
    actorId: 'system',
    keys,
    changed,
  });
  await waitForSearchIndex([event.eventId]);
}

/** Waits until the search index has taken every event written so far (after a change made through a page). */
export async function waitForSearchIndexToCatchUp(timeoutMs = 15_000): Promise<void> {
  const rows = await e2eDatabase().sequelize.query<{ id: string }>(
    `SELECT e.id FROM event_deliveries d JOIN events e ON e.seq = d.event_seq
      WHERE d.subscriber = 'search-index' AND d.delivered_at IS NULL`,
    { type: QueryTypes.SELECT },
  );
  await waitForSearchIndex(
    rows.map((row) => row.id),
    timeoutMs,
  );
}

export async function deleteTestEmployee(id: string): Promise<void> {
  const db = e2eDatabase();
  for (const table of [
    'sessions',
    'credentials',
    'password_reset_tokens',
    'linked_identities',
    'face_check_consents',
  ]) {
    await db.sequelize.query(`DELETE FROM ${table} WHERE employee_id = :id`, {
      replacements: { id },
      type: QueryTypes.DELETE,
    });
  }
  await db.sequelize.query('UPDATE employees SET manager_id = NULL WHERE manager_id = :id', {
    replacements: { id },
    type: QueryTypes.UPDATE,
  });
  await db.sequelize.query('DELETE FROM employees WHERE id = :id', { replacements: { id }, type: QueryTypes.DELETE });
  await tellSearchIndex([{ type: 'employee.deleted', version: 1, employeeId: id, actorId: 'system' }]);
}

export async function deleteEmployeeByEmail(email: string): Promise<void> {
  const rows = await e2eDatabase().sequelize.query<{ id: string }>(
    'SELECT id FROM employees WHERE work_email_normalized = :email',
    {
      replacements: { email: email.toLowerCase() },
      type: QueryTypes.SELECT,
    },
  );
  for (const row of rows) await deleteTestEmployee(row.id);
}

export async function countEmployeesWithEmail(email: string): Promise<number> {
  const rows = await e2eDatabase().sequelize.query<{ n: number }>(
    'SELECT COUNT(*) AS n FROM employees WHERE work_email_normalized = :email',
    { replacements: { email: email.toLowerCase() }, type: QueryTypes.SELECT },
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * The join form as a join link opens it, the link minted straight in the database as if its email had been opened
 * (test-support/join-links.ts): the specs about the form itself skip the email step, which e2e/onboarding.spec.ts
 * walks through the mailbox.
 */
export async function openConfirmedJoinForm(page: Page, email: string): Promise<void> {
  await page.goto(await confirmedJoinPath(email));
  await expect(page.getByLabel('Work email')).toHaveValue(email.toLowerCase());
}

/**
 * Answers the face-check notice on a photo form (docs/decisions/206-face-check-consent.md). Without a yes the face
 * check does not run and HR looks at the photo by eye, so the specs about the face check agree first.
 */
export async function answerFaceCheck(scope: Page | Locator, answer: 'yes' | 'no' = 'yes'): Promise<void> {
  await scope.getByLabel(answer === 'yes' ? 'Yes: check my face' : 'No: HR checks by eye').check();
}

/** The path of a join link for the address, as if its email had been opened. */
export async function confirmedJoinPath(email: string): Promise<string> {
  const token = await createConfirmedJoinToken(e2eDatabase(), email);
  return `/join?${new URLSearchParams({ token })}`;
}

const sessionCookie = createCookie('session', { httpOnly: true, sameSite: 'lax', path: '/' });

/** A new server-side session for the employee, as the value of the session cookie. */
export async function sessionCookieValue(employee: { id: string }): Promise<string> {
  const token = await createSession(e2eDatabase(), employee.id);
  const header = await sessionCookie.serialize(token);
  return header.split(';')[0].split('=').slice(1).join('=');
}

/** Signs a browser context in as the employee: a real server-side session, set as the cookie. */
export async function signIn(context: BrowserContext, employee: { id: string }): Promise<void> {
  const value = await sessionCookieValue(employee);
  await context.addCookies([
    {
      name: 'session',
      value,
      url: E2E_BASE_URL,
      httpOnly: true,
      sameSite: 'Lax',
      expires: Math.floor((Date.now() + SESSION_TTL_MS) / 1000),
    },
  ]);
}

/** axe-core with the WCAG 2.1 A/AA rules; returns only serious and critical violations. */
export async function seriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
    }));
}

type Fixtures = {
  /** An active employee, removed after the test. */
  employee: TestEmployee;
  /** An active HR admin, removed after the test. */
  admin: TestEmployee;
  /** A page signed in as `employee`. */
  employeePage: Page;
  /** A page signed in as `admin`, in its own browser context. */
  adminPage: Page;
  /** Makes more employees on demand; all removed after the test. */
  makeEmployee: (options?: EmployeeOptions) => Promise<TestEmployee>;
  /** Fails the test on any browser console error (CSP violations included). */
  consoleErrors: string[];
};

export const test = base.extend<Fixtures>({
  makeEmployee: async ({}, use) => {
    const made: string[] = [];
    await use(async (options) => {
      const employee = await insertTestEmployee(options);
      made.push(employee.id);
      return employee;
    });
    for (const id of made) await deleteTestEmployee(id);
  },
  employee: async ({ makeEmployee }, use) => {
    await use(await makeEmployee());
  },
  admin: async ({ makeEmployee }, use) => {
    await use(
      await makeEmployee({ role: 'admin', firstName: 'Hilda', department: 'People', jobTitle: 'HR Business Partner' }),
    );
  },
  employeePage: async ({ context, page, employee }, use) => {
    await signIn(context, employee);
    await use(page);
  },
  adminPage: async ({ browser, admin }, use) => {
    const context = await browser.newContext({ baseURL: E2E_BASE_URL });
    await signIn(context, admin);
    await use(await context.newPage());
    await context.close();
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
    },
    { auto: false },
  ],
});
