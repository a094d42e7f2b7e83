/**
 * Hostile input, generated (decision 309): at least 1,000 generated bodies to every form action and JSON endpoint,
 * through the production bundle's request handler. Properties, for every post:
 *   - never a 5xx;
 *   - a post the app refuses (4xx, an alert on the page, `ok: false`) stores nothing: the database tables,
 *     DynamoDB and S3 are read back in full before and after;
 *   - a form that is valid except for one field gets that field's message, the one a person gets (the text is
 *     written here, as a person reads it on the page), however the body is encoded, padded or repeated.
 * The seed is fixed and printed; FUZZ_SEED=<n> runs another, FUZZ_SEED=<n> FUZZ_PATH=<path> replays the one
 * failure fast-check reports. FUZZ_RUNS=<n> changes the number of posts per endpoint.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmployeeEvent } from '@shared/contracts/employee-events';
import { listEmployeeEvents } from '~/models/event-outbox.server';
import { createResetToken } from '~/models/password-reset-tokens.server';
import { sendPasswordResetLink } from '~/services/password-reset-link.server';
import { preparePersonalNotice } from '~/services/personal-notices.server';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { createCast, storedFreeText } from '@test-support/http/people';
import { createConfirmedJoinToken } from '@test-support/join-links';
import { readMailbox } from '@test-support/mail';
import { getEmployeeByEmail } from '~/models/employee.server';
import {
  changedTables,
  fingerprintObjects,
  fingerprintTables,
  watchObjectWrites,
} from '@test-support/http/store-fingerprint';
import { readOutcome, type ResponseOutcome } from '@test-support/http/response-outcome';
import { exportedHandlers, routeModuleIds } from '@test-support/http/route-files';
import { FORM_ENDPOINTS, QUERY_ENDPOINTS, type Context, type Who, letters } from '@test-support/http/hostile-endpoints';
import {
  brokenMultipart,
  hostileText,
  hugeText,
  INVALID_UTF8,
  mismatchedContentType,
  multipart,
  multipartBreakage,
  nonFormBody,
  percentEscapedGarbage,
  urlencoded,
  wellFormed,
  type FormPart,
  type RawBody,
} from '@test-support/http/hostile-bodies';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);
/** What no text field takes: C0 controls and DEL; a multi-line field keeps tab, line feed and carriage return. */
const SINGLE_LINE_CONTROLS = /[\u0000-\u001f\u007f]/;
const MULTI_LINE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const PATH = process.env.FUZZ_PATH;
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const PAGE_RUNS = Math.min(RUNS, 250);

/** How a targeted case travels: the encoding, and noise that must not change the answer. */
const transport = fc.record({
  encoding: fc.constantFrom('urlencoded', 'multipart', 'multipart-invalid-utf8-extra'),
  repeatBad: fc.boolean(),
  extraFields: fc.array(fc.tuple(letters(1, 12), fc.oneof(hostileText, percentEscapedGarbage)), { maxLength: 4 }),
});

function partsOf(form: Record<string, string>): FormPart[] {
  return Object.entries(form).map(([name, value]) => ({ name, value }));
}

function encode(parts: FormPart[], encoding: string): RawBody {
  if (encoding === 'urlencoded' && parts.every((part) => 'value' in part)) return urlencoded(parts);
  if (encoding === 'multipart-invalid-utf8-extra') {
    const extra = parts.length;
    return multipart([...parts, { name: 'note', value: 'x' }], { rawValueBytes: new Map([[extra, INVALID_UTF8[1]!]]) });
  }
  return multipart(parts);
}

const garbageBody = (fields: string[]): fc.Arbitrary<RawBody> => {
  const name = fc.oneof(fc.constantFrom(...fields), hostileText);
  const value = fc.oneof(hostileText, hugeText, percentEscapedGarbage, fc.constantFrom('photo', 'profile', 'extras'));
  const part: fc.Arbitrary<FormPart> = fc.oneof(
    fc.record({ name, value }),
    fc.record({
      name,
      file: fc.record({
        filename: fc.oneof(hostileText, fc.constant('../../etc/passwd')),
        type: fc.constantFrom('image/jpeg', 'text/csv', 'application/octet-stream', '\u0000'),
        bytes: fc.uint8Array({ maxLength: 4000 }),
      }),
    }),
  );
  const parts = fc.array(part, { maxLength: 8 });
  return fc.oneof(
    fc
      .tuple(parts, fc.array(fc.constantFrom(...INVALID_UTF8), { maxLength: 3 }))
      .map(([list, raws]) => urlencoded(list, new Map(raws.map((raw, index) => [index, raw])))),
    parts.map((list) => multipart(list)),
    fc
      .tuple(parts, fc.constantFrom(...INVALID_UTF8))
      .map(([list, raw]) => multipart(list, { rawValueBytes: new Map([[0, raw]]) })),
    fc
      .tuple(parts, multipartBreakage, fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([list, breakage, cut]) => brokenMultipart(list, breakage, cut)),
    fc
      .tuple(nonFormBody, mismatchedContentType)
      .map(([bytes, contentType]) => ({ kind: `${contentType ?? 'no content type'} body`, contentType, bytes })),
    fc
      .tuple(parts, mismatchedContentType)
      .map(([list, contentType]) => ({ ...multipart(list), kind: `multipart sent as ${contentType}`, contentType })),
  );
};

/** The failure, short: the assertion's own message (which names the body) and how to replay it. */
function reportFailure<T>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `${cause.slice(0, 1500)}\n(replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''}; ` +
      `run ${details.numRuns} of ${RUNS})`,
  );
}

const counts = new Map<string, Map<string, number>>();
function count(route: string, label: string) {
  const forRoute = counts.get(route) ?? new Map<string, number>();
  forRoute.set(label, (forRoute.get(label) ?? 0) + 1);
  counts.set(route, forRoute);
}

function label(outcome: ResponseOutcome): string {
  if (outcome.status >= 300 && outcome.status < 400) return `${outcome.status}`;
  if (outcome.refused) return `${outcome.status} refused${outcome.messages.length > 0 ? ' with message' : ''}`;
  return outcome.confirmed ? `${outcome.status} accepted` : `${outcome.status} without message`;
}

it('covers every route module that exports an action', async () => {
  const withAction = routeModuleIds().filter((id) => exportedHandlers(id).action);
  const covered = new Set(FORM_ENDPOINTS.map((endpoint) => endpoint.route));
  const missing = withAction.filter((id) => !covered.has(id));
  expect(missing, `add these routes' actions to FORM_ENDPOINTS in ${__filename}`).toEqual([]);
});

describe('hostile input, generated', () => {
  let app: AppUnderTest;
  let context: Context;
  let objectWrites: { take(): string[] };

  beforeAll(async () => {
    app = await startAppUnderTest();
    objectWrites = watchObjectWrites(app.platform);
    const cast = await createCast(app);
    context = {
      cast,
      resetToken: await createResetToken(app.platform.db, cast.colleague.employee.id),
      joinToken: await createConfirmedJoinToken(app.platform.db, `zed.fuzzer.${SEED}@xyz.example`),
      runId: `${SEED}`,
    };
    console.log(
      `hostile input: seed ${SEED}, ${RUNS} posts per endpoint (replay one failure: FUZZ_SEED=<seed> FUZZ_PATH=<path>)`,
    );
  });

  afterAll(async () => {
    const lines = [...counts].map(
      ([route, outcomes]) =>
        `  ${route}: ${[...outcomes].map(([outcome, n]) => `${n} × ${outcome}`).join(', ')} (${[...outcomes.values()].reduce((a, b) => a + b, 0)} requests)`,
    );
    const total = [...counts.values()].flatMap((outcomes) => [...outcomes.values()]).reduce((a, b) => a + b, 0);
    if (total > 0) console.log(`hostile input outcomes (seed ${SEED}), ${total} requests:\n${lines.join('\n')}`);
    await app?.close();
  });

  function cookieOf(who: Who): string {
    return who === 'visitor' ? '' : context.cast[who].cookie;
  }

  async function send(endpoint: { path: (c: Context) => string; who: Who }, body: RawBody, address: string) {
    const headers: Record<string, string> = { Origin: APP_ORIGIN, Accept: 'text/html' };
    if (body.contentType !== null) headers['Content-Type'] = body.contentType;
    const cookie = cookieOf(endpoint.who);
    if (cookie) headers.Cookie = cookie;
    const response = await app.fetch(
      new Request(`${APP_ORIGIN}${endpoint.path(context)}`, { method: 'POST', headers, body: Buffer.from(body.bytes) }),
      { clientAddress: address },
    );
    return readOutcome(response);
  }

  describe('joining needs the mailbox of the work address (docs/decisions/318-join-proves-the-work-address.md)', () => {
    const mailTo = (address: string) =>
      readMailbox(path.join(app.platform.env.dataDir, 'mail')).filter(
        (mail) => mail.to === address || mail.to.endsWith(`<${address}>`),
      );
    const squatForm = (workEmail: string) => ({
      firstName: 'Nova',
      lastName: 'Starter',
      workEmail,
      jobTitle: 'Engineer',
      department: 'Engineering',
      password: 'Correct-Horse-Battery-42',
    });
    const askForLink = (workEmail: string, address: string) =>
      app.fetch(
        new Request(`${APP_ORIGIN}/join`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: APP_ORIGIN },
          body: new URLSearchParams({ workEmail }).toString(),
        }),
        { clientAddress: address },
      );

    it("a stranger's squat on a colleague's address stores nothing and signs nobody in; the link goes to the colleague's mailbox only", async () => {
      const nova = `nova.starter.${SEED}@xyz.example`;
      const before = await fingerprintTables(app.platform);
      // What the attack sent: the whole profile form, straight to /join and to its JSON twin, without a link.
      for (const [route, body] of [
        ['/join', multipart(partsOf(squatForm(nova)))],
        ['/api/join', multipart(partsOf(squatForm(nova)))],
      ] as const) {
        const response = await app.fetch(
          new Request(`${APP_ORIGIN}${route}`, {
            method: 'POST',
            headers: { Origin: APP_ORIGIN, 'Content-Type': body.contentType! },
            body: Buffer.from(body.bytes),
          }),
          { clientAddress: '10.9.2.1' },
        );
        expect(response.headers.get('set-cookie') ?? '', route).not.toMatch(/session=/);
        const outcome = await readOutcome(response);
        expect(outcome.refused, route).toBe(true);
        expect(outcome.messages.join(' | '), route).toContain('This join link has expired or was already used');
      }
      expect(await getEmployeeByEmail(app.platform.db, nova)).toBeNull();
      expect(changedTables(before, await fingerprintTables(app.platform))).toEqual([]);

      // The first step, with the colleague's address: the same "check your inbox", and the link in their mailbox.
      const asked = await askForLink(nova, '10.9.2.2');
      expect(asked.status).toBe(200);
      const answer = await asked.text();
      expect(answer).toContain('Check your inbox');
      expect(answer).toContain('alert--success');
      expect(await getEmployeeByEmail(app.platform.db, nova)).toBeNull();
      const [mail, ...more] = mailTo(nova);
      expect(more).toEqual([]);
      expect(mail!.subject).toBe('Confirm your work email to join XYZ People');
      expect(mail!.text).toMatch(new RegExp(`${APP_ORIGIN}/join\\?token=[A-Za-z0-9_-]{43}`));
    });

    it('an address that has an account answers exactly as a new one; its owner is mailed the sign-in and reset links', async () => {
      const taken = context.cast.colleague.employee.workEmail;
      const fresh = `nobody.yet.${SEED}@xyz.example`;
      const page = async (workEmail: string, address: string) => {
        const response = await askForLink(workEmail, address);
        // The page's script nonce changes with every answer; nothing else may.
        return { status: response.status, body: (await response.text()).replace(/nonce="[^"]*"/g, '') };
      };
      const answers: Array<{ status: number; body: string }> = [];
      for (let n = 0; n < 10; n += 1) {
        answers.push(await page(taken, `10.9.3.${n}`), await page(fresh, `10.9.4.${n}`));
      }
      expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200]));
      expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
      expect(answers[0]!.body).not.toContain('already exists');
      const toOwner = mailTo(taken);
      expect(toOwner.length).toBeGreaterThan(0);
      expect(toOwner.every((mail) => mail.subject === 'You already have an XYZ People account')).toBe(true);
      expect(toOwner[0]!.text).toContain(`${APP_ORIGIN}/forgot-password`);
      expect(toOwner[0]!.text).not.toContain('/join?token=');
    });
  });

  describe('the front door (docs/decisions/317-one-public-address.md)', () => {
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const resetEvents = async (employeeId: string) =>
      (await listEmployeeEvents(app.platform.db, employeeId))
        .map((body) => JSON.parse(body) as EmployeeEvent)
        .filter((event) => event.type === 'employee.password-reset-requested');

    it('refuses a request for another host (Host or X-Forwarded-Host) and mails nothing; the right host gets a link on the configured address', async () => {
      const victim = context.cast.colleague.employee;
      const before = await fingerprintTables(app.platform);
      const hostileHeaders: Array<Record<string, string>> = [
        { Host: 'evil.example' },
        { Host: 'evil.example', Origin: 'http://evil.example' },
        { 'X-Forwarded-Host': 'evil.example' },
        { Host: 'people.test.evil.example' },
      ];
      for (const headers of hostileHeaders) {
        const response = await app.fetch(
          new Request(`${APP_ORIGIN}/forgot-password`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
            body: form({ email: victim.workEmail }),
          }),
          { clientAddress: '10.9.0.1' },
        );
        const what = `POST /forgot-password with ${JSON.stringify(headers)}`;
        expect(response.status, what).toBe(421);
        expect(await response.text(), what).toContain(`This server answers only at ${APP_ORIGIN}`);
      }
      expect(await resetEvents(victim.id), 'a reset asked for through another host').toEqual([]);
      expect(changedTables(before, await fingerprintTables(app.platform))).toEqual([]);
      // A page for another host is refused too: nothing the app renders can name it.
      expect((await app.fetch(new Request(`${APP_ORIGIN}/login`, { headers: { Host: 'evil.example' } }))).status).toBe(
        421,
      );

      const asked = await app.fetch(
        new Request(`${APP_ORIGIN}/forgot-password`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: APP_ORIGIN },
          body: form({ email: victim.workEmail }),
        }),
        { clientAddress: '10.9.0.2' },
      );
      expect(asked.status).toBe(200);
      const [event] = await resetEvents(victim.id);
      const email = await preparePersonalNotice(app.platform, event!);
      expect(email?.link).toMatch(new RegExp(`^${APP_ORIGIN}/reset-password\\?token=`));
      expect(email?.text).toContain(`${APP_ORIGIN}/reset-password?token=`);
    });

    it('mails a reset link on the configured address even for an event that names another (written before the fix)', async () => {
      const victim = context.cast.pending.employee;
      await sendPasswordResetLink(app.platform, victim.id, 'http://evil.example');
      const [event] = await resetEvents(victim.id);
      const email = await preparePersonalNotice(app.platform, event!);
      expect(email?.link).toMatch(new RegExp(`^${APP_ORIGIN}/reset-password\\?token=`));
      expect(`${email?.text} ${email?.html}`).not.toContain('evil.example');
    });

    it('refuses a cross-site or `Origin: null` POST with 403 and a text, another method with 405; none of these, nor a 404 or a 405 from a route, is logged as an error', async () => {
      const written: string[] = [];
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
      try {
        const post = (path: string, headers: Record<string, string>, cookie = '') =>
          app.fetch(
            new Request(`${APP_ORIGIN}${path}`, {
              method: 'POST',
              headers: {
                'Content-Type': 'application/x-www-form-urlencoded',
                ...headers,
                ...(cookie ? { Cookie: cookie } : {}),
              },
              body: form({ email: 'ada@xyz.example', password: 'not the password' }),
            }),
          );
        for (const [path, headers, cookie] of [
          ['/login', { Origin: 'null' }, ''],
          ['/login', { Origin: 'http://evil.example' }, ''],
          ['/login.data', { Origin: 'null' }, ''],
          ['/me', { Origin: 'http://evil.example' }, context.cast.active.cookie],
          ['/me.data', { Origin: 'null' }, context.cast.active.cookie],
          ['/login', { Origin: 'not a url' }, ''],
        ] as const) {
          const response = await post(path, headers, cookie);
          const what = `POST ${path} with ${JSON.stringify(headers)}`;
          expect(response.status, what).toBe(403);
          expect(await response.text(), what).toContain('sent from another site');
        }
        // TRACE cannot be made as a fetch Request (undici refuses it); app/runtime/server.test.ts sends it to server.js.
        const propfind = await app.fetch(new Request(`${APP_ORIGIN}/`, { method: 'PROPFIND' }));
        expect(propfind.status).toBe(405);
        expect(propfind.headers.get('allow')).toBe('GET, HEAD, POST');
        expect(await propfind.text()).toContain('answers GET, HEAD, POST only');

        const missing = await app.fetch(new Request(`${APP_ORIGIN}/no-such-page`));
        expect(missing.status).toBe(404);
        expect(await missing.text()).toContain('</html>');
        // /employees has no action: Remix answers 405 with the error page.
        const noAction = await post('/employees', { Origin: APP_ORIGIN }, context.cast.active.cookie);
        expect(noAction.status).toBe(405);
        await noAction.text();
      } finally {
        spy.mockRestore();
      }
      expect(written.filter((line) => line.includes('"level":"error"'))).toEqual([]);
    });

    it('refuses a NUL or another control character in a text field (the manager on /join and /me) with the field named, never a 500', async () => {
      for (const [path, who, fields] of [
        [
          `/join?token=${context.joinToken}`,
          'visitor',
          {
            token: context.joinToken,
            firstName: 'Nul',
            lastName: 'Tester',
            jobTitle: 'Tester',
            department: 'Quality',
            password: 'Correct-Horse-Battery-42',
          },
        ],
        [
          '/me',
          'active',
          {
            intent: 'profile',
            firstName: 'Active',
            lastName: 'Tester',
            jobTitle: 'Engineer',
            department: 'Engineering',
          },
        ],
      ] as const) {
        for (const control of ['\u0000', '\u0001', '\u001f', '\u007f']) {
          const managerEmail = `${context.cast.admin.employee.workEmail}${control}`;
          const before = await fingerprintTables(app.platform);
          // The join's profile form is multipart (it carries the photo), as a browser sends it.
          const encode = path.startsWith('/join') ? multipart : urlencoded;
          const outcome = await send(
            { path: () => path, who },
            encode(partsOf({ ...fields, managerEmail })),
            '10.9.1.1',
          );
          const what = `POST ${path} managerEmail=…${encodeURIComponent(control)} -> ${outcome.status} ${outcome.messages.join(' | ')}`;
          expect(outcome.status, what).toBeLessThan(500);
          expect(outcome.refused, what).toBe(true);
          expect(outcome.messages.join('\n'), what).toContain('Manager may not contain control characters');
          expect(changedTables(before, await fingerprintTables(app.platform)), what).toEqual([]);
        }
      }
    });
  });

  for (const endpoint of FORM_ENDPOINTS) {
    it(`${endpoint.route}: ${RUNS} generated posts, never a 5xx, nothing stored when refused, the field's own message`, async () => {
      const targeted: fc.Arbitrary<{ body: RawBody; expected: string | null; field: string | null }> =
        endpoint.valid && endpoint.bad
          ? fc
              .tuple(fc.constantFrom(...endpoint.bad), transport)
              .chain(([bad, travel]) => bad.value.map((value) => ({ bad, travel, value })))
              .map(({ bad, travel, value }) => {
                const form = { ...endpoint.valid!(context), ...(bad.with ?? {}) };
                delete form[bad.field];
                const parts = partsOf(form);
                if (value !== 'missing') {
                  const part: FormPart =
                    typeof value === 'string'
                      ? { name: bad.field, value }
                      : { name: bad.field, file: { filename: 'upload.bin', type: 'text/csv', bytes: value.file } };
                  parts.push(part);
                  if (travel.repeatBad) parts.push(part);
                }
                for (const [name, extra] of travel.extraFields) parts.push({ name: `x-${name}`, value: extra });
                const hasFile = parts.some((part) => 'file' in part);
                const body = encode(
                  parts,
                  hasFile || endpoint.multipartForm ? 'multipart' : endpoint.plainForm ? 'urlencoded' : travel.encoding,
                );
                return {
                  body: { ...body, kind: `${body.kind}, bad ${bad.field}` },
                  expected: bad.message,
                  field: bad.field,
                };
              })
          : fc.constant(null as never);
      const garbage = garbageBody(endpoint.fields).map((body) => ({ body, expected: null, field: null }));
      const cases = endpoint.valid && endpoint.bad ? fc.oneof(targeted, garbage) : garbage;
      let n = 0;
      let accepted = 0;
      const objectsBefore = await fingerprintObjects(app.platform);
      let tables = await fingerprintTables(app.platform);
      await fc.assert(
        fc.asyncProperty(cases, async ({ body, expected, field }) => {
          n += 1;
          objectWrites.take();
          const outcome = await send(endpoint, body, `10.1.${(n >> 8) & 255}.${n & 255}`);
          const writes = objectWrites.take();
          const after = await fingerprintTables(app.platform);
          const changed = [...changedTables(tables, after), ...writes];
          tables = after;
          count(endpoint.route, label(outcome));
          if (outcome.confirmed) accepted += 1;
          const what = `${body.kind} (${body.bytes.byteLength} bytes) -> ${outcome.status} ${outcome.messages.join(' | ').slice(0, 300)}`;
          expect(outcome.status, what).toBeLessThan(500);
          // Only a post the answer confirms may store anything: a refused one, or one answered with neither a
          // confirmation nor a refusal, must not.
          if (!outcome.confirmed) expect(changed, `stored from a post not confirmed: ${what}`).toEqual([]);
          if (outcome.status >= 400) expect(outcome.body.trim(), `an empty ${outcome.status}: ${what}`).not.toBe('');
          if (expected) {
            expect(outcome.refused, `accepted with a bad ${field}: ${what}`).toBe(true);
            expect(
              outcome.messages.some((message) => message.includes(expected)),
              `expected "${expected}" for ${field}: ${what}`,
            ).toBe(true);
          }
        }),
        {
          seed: SEED,
          path: PATH,
          numRuns: Math.min(RUNS, endpoint.maxRuns ?? RUNS),
          endOnFailure: true,
          reporter: reportFailure,
        },
      );
      // Read back in full: with no post accepted, DynamoDB and S3 hold exactly what they held before the run.
      if (accepted === 0) expect(await fingerprintObjects(app.platform)).toBe(objectsBefore);
      // And no staged upload stays behind, however its body broke off.
      expect(fs.readdirSync(app.tempDir).filter((name) => name.startsWith('upload-'))).toEqual([]);
    }, 300_000);
  }

  it(`routes/me: ${PAGE_RUNS} profiles with hostile free text (job title, office, bio) are refused with the field's message (control characters included) or stored exactly and shown escaped`, async () => {
    const { cast } = context;
    const freeText = fc.oneof(
      hostileText,
      fc.constantFrom('<script>alert(1)</script>', 'Eng\u0000ineer', '\u202eresu'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ jobTitle: freeText, officeLocation: freeText, bio: freeText }),
        fc.constantFrom('urlencoded', 'multipart'),
        async (texts, encoding) => {
          const before = await fingerprintTables(app.platform);
          const form = {
            intent: 'profile',
            firstName: cast.active.employee.firstName,
            lastName: cast.active.employee.lastName,
            department: cast.active.employee.department,
            ...texts,
          };
          const body = encode(partsOf(form), encoding);
          const outcome = await send({ path: () => '/me', who: 'active' }, body, '10.4.0.1');
          count('routes/me (hostile free text)', label(outcome));
          const what = `${encoding} ${JSON.stringify(texts).slice(0, 300)} -> ${outcome.status} ${outcome.messages.join(' | ')}`;
          expect(outcome.status, what).toBeLessThan(500);
          // What the server can have received: lone surrogates travel as U+FFFD; the form trims.
          const sent = (text: string) => wellFormed(text).trim();
          if (outcome.refused) {
            expect(
              changedTables(before, await fingerprintTables(app.platform)),
              `stored when refused: ${what}`,
            ).toEqual([]);
            // Each field's first problem, as the page names it: its length, then control characters (C0 and DEL;
            // the bio, a textarea, keeps tab and line breaks).
            const problem = (label: string, text: string, max: number, controls: RegExp) =>
              text.length > max
                ? `must be at most ${max} characters`
                : controls.test(text)
                  ? `${label} may not contain control characters`
                  : null;
            const expected = [
              sent(texts.jobTitle) === ''
                ? 'Job title is required'
                : problem('Job title', sent(texts.jobTitle), 120, SINGLE_LINE_CONTROLS),
              problem('Office', sent(texts.officeLocation), 120, SINGLE_LINE_CONTROLS),
              problem('Short bio', sent(texts.bio), 2000, MULTI_LINE_CONTROLS),
            ].filter((message): message is string => message !== null);
            expect(expected.length, `refused though every field is valid: ${what}`).toBeGreaterThan(0);
            for (const message of expected) expect(outcome.messages.join('\n'), what).toContain(message);
            return;
          }
          const row = await storedFreeText(app, cast.active.employee.id);
          expect(row, what).toEqual({
            job_title: sent(texts.jobTitle),
            office_location: sent(texts.officeLocation) || null,
            bio: sent(texts.bio) || null,
          });
          const page = await app.fetch(
            new Request(`${APP_ORIGIN}/employees/${cast.active.employee.id}`, {
              headers: { Cookie: cast.active.cookie },
            }),
          );
          expect(page.status, what).toBe(200);
          expect(await page.text(), `markup from a field reached the page: ${what}`).not.toContain('<script>alert(1)');
        },
      ),
      { seed: SEED, path: PATH, numRuns: PAGE_RUNS, endOnFailure: true, reporter: reportFailure },
    );
  }, 300_000);

  for (const endpoint of QUERY_ENDPOINTS) {
    const runs = endpoint.page ? PAGE_RUNS : RUNS;
    it(`${endpoint.route} as ${endpoint.who}: ${runs} generated queries, never a 5xx and nothing stored`, async () => {
      const objectsBefore = await fingerprintObjects(app.platform);
      // Crafted cursors: well-formed base64url JSON carrying hostile text, as a tampered `after`/`before` would.
      const craftedCursor = fc
        .tuple(hostileText, fc.oneof(hostileText, fc.uuid()))
        .map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url'));
      const value = fc.oneof(
        craftedCursor,
        hostileText,
        hugeText.map((text) => text.slice(0, 20_000)),
        percentEscapedGarbage,
        fc.uuid(),
      );
      const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...endpoint.params), hostileText), value), {
        maxLength: 6,
      });
      let n = 0;
      await fc.assert(
        fc.asyncProperty(query, fc.boolean(), async (pairs, dataRequest) => {
          n += 1;
          // %-escapes are sent as they are (the server decodes them); everything else is escaped as a browser would.
          const search = pairs
            .map(
              ([name, text]) =>
                `${encodeURIComponent(wellFormed(name))}=${/^(%[0-9A-F]{2}|x)+$/.test(text) ? text : encodeURIComponent(wellFormed(text))}`,
            )
            .join('&');
          const pathname = endpoint.path(context);
          const route = dataRequest && !pathname.startsWith('/api/') ? `${pathname}.data` : pathname;
          const before = await fingerprintTables(app.platform);
          objectWrites.take();
          const headers: Record<string, string> = {};
          const cookie = cookieOf(endpoint.who);
          if (cookie) headers.Cookie = cookie;
          const response = await app.fetch(new Request(`${APP_ORIGIN}${route}?${search}`, { headers }), {
            clientAddress: `10.2.${(n >> 8) & 255}.${n & 255}`,
          });
          const outcome = await readOutcome(response);
          const after = await fingerprintTables(app.platform);
          const changed = [...changedTables(before, after), ...objectWrites.take()];
          count(
            `GET ${endpoint.route} as ${endpoint.who}`,
            `${outcome.status}${outcome.messages.length > 0 ? ' with message' : ''}`,
          );
          const what = `GET ${route}?${search.slice(0, 200)} -> ${outcome.status} ${outcome.messages.join(' | ')}`;
          expect(outcome.status, what).toBeLessThan(500);
          expect(changed, `a GET stored something: ${what}`).toEqual([]);
        }),
        { seed: SEED, path: PATH, numRuns: runs, endOnFailure: true, reporter: reportFailure },
      );
      expect(await fingerprintObjects(app.platform)).toBe(objectsBefore);
    }, 300_000);
  }
});
