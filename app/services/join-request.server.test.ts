/**
 * The join's email step: whatever address is given, the page's answer is the same, and the proof goes to the
 * address's mailbox. A new address gets a join link built on the configured address; one that has an account gets
 * "you already have an account"; nobody gets a profile for an address they only typed. Asking is throttled per
 * address and per client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '@shared/mail/mailer';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { addEmployee } from '@test-support/auth-database';
import { getEmployeeByEmail } from '~/models/employee.server';
import { findJoinRequest } from '~/models/join-requests.server';
import { setPreferredLanguage } from '~/models/preferred-language.server';
import { JOIN_REQUEST_POLICY, requestJoinLink } from './join-request.server';

// A browser that asks for no language gets English (app/locales/en/email.json).
const JOIN_LINK_SUBJECT = 'Confirm your work email to join XYZ People';
const ALREADY_JOINED_SUBJECT = 'You already have an XYZ People account';

describe('asking for a join link', () => {
  let platform: TestPlatform;
  const sent: OutgoingEmail[] = [];
  let withMailbox: TestPlatform;
  const tag = Date.now();
  const existing = `nova.starter.${tag}@xyz.example`;

  beforeAll(async () => {
    platform = await startTestPlatform({
      photoTrigger: false,
      env: { PUBLIC_URL: 'https://people.xyz.example' },
    });
    withMailbox = Object.assign(Object.create(platform) as TestPlatform, {
      mailer: {
        send: async (email: OutgoingEmail) => {
          sent.push(email);
          return { messageId: email.id };
        },
        listSuppressedAddresses: async () => [],
      },
    });
    await addEmployee(platform.db, { email: existing });
  });
  afterAll(async () => platform?.close());

  const form = (workEmail: string) => {
    const data = new FormData();
    data.set('workEmail', workEmail);
    return data;
  };

  it('a new address: the same answer, and an email to that address only, with a 24-hour link on the public address', async () => {
    const email = `ada.new.${tag}@xyz.example`;
    const answer = await requestJoinLink(withMailbox, form(` Ada.New.${tag}@XYZ.example `), '10.0.0.1');
    expect(answer).toEqual({ sent: true, error: null });
    const mail = sent.at(-1)!;
    expect(mail).toMatchObject({ to: { address: email }, subject: JOIN_LINK_SUBJECT });
    const link = new URL(mail.link!);
    expect(link.origin + link.pathname).toBe('https://people.xyz.example/join');
    expect(mail.text).toContain(mail.link!);
    expect(await findJoinRequest(platform.db, link.searchParams.get('token')!)).toBe(email);
    // Nothing about the person exists until the link is used: no employee, so no way to block their SSO onboarding.
    expect(await getEmployeeByEmail(platform.db, email)).toBeNull();
  });

  it('an address that has an account: the very same answer on the page; the mailbox hears "sign in or reset"', async () => {
    const before = sent.length;
    const answer = await requestJoinLink(withMailbox, form(existing), '10.0.0.2');
    expect(answer).toEqual({ sent: true, error: null });
    expect(sent.length).toBe(before + 1);
    const mail = sent.at(-1)!;
    expect(mail).toMatchObject({ to: { address: existing }, subject: ALREADY_JOINED_SUBJECT });
    expect(mail.text).toContain('https://people.xyz.example/login');
    expect(mail.text).toContain('https://people.xyz.example/forgot-password');
    expect(mail.text).not.toContain('/join?token=');
  });

  it('words the proof in the join page’s language, or in the language an existing account’s owner chose', async () => {
    await requestJoinLink(withMailbox, form(`amelie.nouvelle.${tag}@xyz.example`), '10.0.4.1', 'fr');
    const french = sent.at(-1)!;
    expect(french.subject).toBe('Confirmez votre e-mail professionnel pour rejoindre XYZ People');
    expect(french.text).toContain('Quelqu’un (vous, espérons-le) a demandé à créer un profil XYZ People');
    expect(french.text).toContain(`Créer votre profil : ${french.link}`);
    expect(french.html).toContain('<html lang="fr">');

    const owner = await addEmployee(platform.db, { email: `greta.joined.${tag}@xyz.example` });
    await setPreferredLanguage(platform.db, owner.id, 'de');
    await requestJoinLink(withMailbox, form(owner.workEmail), '10.0.4.2', 'fr');
    expect(sent.at(-1)!.subject).toBe('Sie haben bereits ein Konto bei XYZ People');
  });

  it('refuses an address outside the company domains, or no address, by the field, and sends nothing', async () => {
    const before = sent.length;
    expect(await requestJoinLink(withMailbox, form('someone@gmail.com'), '10.0.0.3')).toEqual({
      sent: false,
      error: 'Use your company email (@xyz.example).',
    });
    expect(await requestJoinLink(withMailbox, form(''), '10.0.0.3')).toEqual({
      sent: false,
      error: 'Enter your work email',
    });
    expect(sent.length).toBe(before);
  });

  it(`mails one address at most ${JOIN_REQUEST_POLICY.accountLimit} times, and one client at most ${JOIN_REQUEST_POLICY.addressLimit}, in the window; the page reads the same`, async () => {
    const target = `mailbombed.${tag}@xyz.example`;
    const before = sent.length;
    for (let n = 0; n < JOIN_REQUEST_POLICY.accountLimit + 2; n += 1)
      expect(await requestJoinLink(withMailbox, form(target), `10.0.1.${n}`)).toEqual({ sent: true, error: null });
    expect(sent.length - before).toBe(JOIN_REQUEST_POLICY.accountLimit);

    const script = '10.0.2.1';
    const fromScript = sent.length;
    for (let n = 0; n < JOIN_REQUEST_POLICY.addressLimit + 2; n += 1)
      expect(await requestJoinLink(withMailbox, form(`probe.${n}.${tag}@xyz.example`), script)).toEqual({
        sent: true,
        error: null,
      });
    expect(sent.length - fromScript).toBe(JOIN_REQUEST_POLICY.addressLimit);
  });

  it('answers "try again" when the mail cannot be sent, for a new address and an existing one alike', async () => {
    const failing = Object.assign(Object.create(platform) as TestPlatform, {
      mailer: {
        send: async () => {
          throw new Error('SES is not answering');
        },
        listSuppressedAddresses: async () => [],
      },
    });
    const answers = [
      await requestJoinLink(failing, form(`ada.later.${tag}@xyz.example`), '10.0.3.1'),
      await requestJoinLink(failing, form(existing), '10.0.3.2'),
    ];
    expect(answers[0]).toMatchObject({ sent: false, error: expect.stringContaining('try again') });
    expect(answers[1]).toEqual(answers[0]);
  });
});
