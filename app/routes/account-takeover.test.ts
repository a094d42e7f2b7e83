/**
 * The ways into somebody else's account that an attacker's pass found, each asked the way it was found (HTTP
 * requests to the production bundle) and answered as a person notices it: a reset link that outlives a password
 * change, guesses at the current password in a stolen session, and a sign-in lockout anyone could trigger.
 * Emails are read from the local mailer's `.eml` files, as the employee reads their inbox.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchToSubscriber } from '~/services/event-dispatcher.server';
import { personalNotices } from '~/subscribers/personal-notices.server';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { addPerson, CAST_PASSWORD, createCast, formPost, signIn, type Cast } from '@test-support/http/people';
import { firstLink, readMailbox } from '@test-support/mail';

let app: AppUnderTest;
let cast: Cast;

beforeAll(async () => {
  app = await startAppUnderTest();
  cast = await createCast(app);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const NEW_PASSWORD = 'Lighthouse-Keeper-Tea-77';
const mailDir = () => path.join(app.platform.env.dataDir, 'mail');

/** Asks for a reset link as a visitor does and returns the link the employee finds in their inbox. */
async function requestResetLink(email: string): Promise<string> {
  const before = readMailbox(mailDir()).map((mail) => mail.file);
  const asked = await app.fetch(formPost('/forgot-password', { email }), { clientAddress: '10.1.1.1' });
  expect(asked.status).toBe(200);
  await dispatchToSubscriber(app.platform.db, personalNotices(app.platform));
  const mail = readMailbox(mailDir()).find((found) => !before.includes(found.file) && found.to.endsWith(`<${email}>`));
  const link = mail ? firstLink(mail.text) : null;
  if (!link) throw new Error(`no reset email reached ${email}`);
  return link;
}

/** What the reset page says when the link is opened, and what posting a new password through it answers. */
async function useResetLink(link: string) {
  const url = new URL(link);
  const opened = await (await app.fetch(new Request(`${APP_ORIGIN}${url.pathname}${url.search}`))).text();
  const token = url.searchParams.get('token') ?? '';
  const posted = await app.fetch(formPost('/reset-password', { token, password: 'Attacker-Chosen-Pass-99' }));
  return { opened, posted: { status: posted.status, body: await posted.text() } };
}

describe('a reset link ends when the password is set another way', () => {
  it('a password change on /me ends a link asked for before it', async () => {
    const person = await addPerson(app, 'Rhea', 'active');
    const cookie = await signIn(app, person);
    const link = await requestResetLink(person.workEmail);
    const changed = await app.fetch(
      formPost('/me', { intent: 'password', currentPassword: CAST_PASSWORD, newPassword: NEW_PASSWORD }, cookie),
    );
    expect(await changed.text()).toContain('Your password is changed.');

    const after = await useResetLink(link);
    expect(after.opened).toContain('This link does not work any more');
    expect(after.posted.status).toBe(200);
    expect(after.posted.body).toContain('This link has expired or was already used. Ask for a new one.');
    // The password the person chose still stands.
    expect((await app.fetch(formPost('/login', { email: person.workEmail, password: NEW_PASSWORD }))).status).toBe(302);
  });

  it('a reset through one link ends the other links', async () => {
    const person = await addPerson(app, 'Rory', 'active');
    const first = await requestResetLink(person.workEmail);
    const second = await requestResetLink(person.workEmail);
    const token = new URL(second).searchParams.get('token') ?? '';
    const reset = await app.fetch(formPost('/reset-password', { token, password: NEW_PASSWORD }));
    expect(reset.status).toBe(302);

    const after = await useResetLink(first);
    expect(after.opened).toContain('This link does not work any more');
    expect(after.posted.body).toContain('This link has expired or was already used. Ask for a new one.');
  });

  it('a deactivation ends the links, and they stay dead after a reactivation', async () => {
    const employee = await addPerson(app, 'Dana', 'active');
    const link = await requestResetLink(employee.workEmail);
    const deactivated = await app.fetch(
      formPost(
        `/admin/employees/${employee.id}`,
        { intent: 'deactivate', confirmed: 'yes', reason: 'Left' },
        cast.admin.cookie,
      ),
    );
    expect(deactivated.status).toBe(200);
    const reactivated = await app.fetch(
      formPost(`/admin/employees/${employee.id}`, { intent: 'reactivate' }, cast.admin.cookie),
    );
    expect(reactivated.status).toBe(200);

    const after = await useResetLink(link);
    expect(after.opened).toContain('This link does not work any more');
    expect(after.posted.body).toContain('This link has expired or was already used. Ask for a new one.');
  });

  it('a reset asked for before a password change, still unsent when it changed, sends no link', async () => {
    const employee = await addPerson(app, 'Chad', 'active');
    const cookie = await signIn(app, employee);
    const before = readMailbox(mailDir()).length;
    // The email is still in the outbox (its subscriber has not run) when the password is changed.
    await app.fetch(formPost('/forgot-password', { email: employee.workEmail }), { clientAddress: '10.1.1.2' });
    const changed = await app.fetch(
      formPost('/me', { intent: 'password', currentPassword: CAST_PASSWORD, newPassword: NEW_PASSWORD }, cookie),
    );
    expect(await changed.text()).toContain('Your password is changed.');
    await dispatchToSubscriber(app.platform.db, personalNotices(app.platform));
    const sent = readMailbox(mailDir()).slice(before);
    expect(sent.filter((mail) => mail.to.endsWith(`<${employee.workEmail}>`))).toEqual([]);
  });
});

const PAUSED = 'Too many failed attempts. For your security, sign-in is paused';
const WRONG = 'That email and password do not match an account.';

async function signInFrom(address: string, email: string, password: string) {
  const response = await app.fetch(formPost('/login', { email, password }), { clientAddress: address });
  return { status: response.status, body: response.status === 302 ? '' : await response.text() };
}

describe('guessing the current password on /me counts as guessing at sign-in', () => {
  it('after five wrong current passwords in a session, the right one is refused while the pause lasts', async () => {
    const person = await addPerson(app, 'Gail', 'active');
    const stolenCookie = await signIn(app, person);
    const thief = '10.44.0.1';
    const change = (currentPassword: string) =>
      app
        .fetch(formPost('/me', { intent: 'password', currentPassword, newPassword: NEW_PASSWORD }, stolenCookie), {
          clientAddress: thief,
        })
        .then((response) => response.text());
    for (let guess = 0; guess < 5; guess++) {
      expect(await change(`Guess-number-${guess}-xyz`)).toContain('That is not your current password.');
    }
    const rightOne = await change(CAST_PASSWORD);
    expect(rightOne).toContain(PAUSED);
    expect(rightOne).not.toContain('Your password is changed.');
    // The same counter as the sign-in form's: that client is paused there too, and the password did not change.
    expect((await signInFrom(thief, person.workEmail, CAST_PASSWORD)).body).toContain(PAUSED);
    expect((await signInFrom('10.44.0.2', person.workEmail, CAST_PASSWORD)).status).toBe(302);
  });
});

describe('wrong passwords typed by somebody else do not lock the owner out', () => {
  it("an attacker's guesses from one address pause that address, and the owner signs in from theirs", async () => {
    const person = await addPerson(app, 'Vera', 'active');
    const attacker = '10.66.0.1';
    const answers = [];
    for (let guess = 0; guess < 8; guess++) {
      answers.push((await signInFrom(attacker, person.workEmail, `Wrong-guess-${guess}-abc`)).body);
    }
    expect(answers.slice(0, 5).every((body) => body.includes(WRONG))).toBe(true);
    expect(answers.slice(5).every((body) => body.includes(PAUSED))).toBe(true);
    // Guessing is stopped for the attacker: even the right password is not checked from there.
    expect((await signInFrom(attacker, person.workEmail, CAST_PASSWORD)).body).toContain(PAUSED);
    // The owner, from their own address, is not.
    expect((await signInFrom('10.7.0.1', person.workEmail, CAST_PASSWORD)).status).toBe(302);
  });

  it('guesses spread over many addresses pause the account for everyone', async () => {
    const person = await addPerson(app, 'Nils', 'active');
    for (let address = 1; address <= 5; address++) {
      for (let guess = 0; guess < 5; guess++) {
        expect((await signInFrom(`10.77.0.${address}`, person.workEmail, `Wrong-guess-${guess}-abc`)).body).toContain(
          WRONG,
        );
      }
    }
    expect((await signInFrom('10.78.0.1', person.workEmail, CAST_PASSWORD)).body).toContain(PAUSED);
  });
});
