/**
 * A page whose store does not answer (decision 012), through the production bundle as server.js serves it: the
 * person gets 503 with Retry-After and a page that says 503 and "try again in a minute", both on the server's render
 * and in the data the browser hydrates from, and a client-side navigation gets 503 too. A bug is still a 500.
 * The outage is DynamoDB's photo-record read timing out (a stand-in for an outage, named as such: the fault is
 * injected on the bundle's real client, which talks to a real dynalite); the profile shown has an upload in
 * progress, so its page needs that read.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setPendingPhoto } from '~/models/employee-photo-slot.server';
import { getEmployeeByEmail } from '~/models/employee.server';
import { createConfirmedJoinToken } from '@test-support/join-links';
import { failCommand, type InjectedFault } from '@test-support/fault-injection';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { multipart } from '@test-support/http/hostile-bodies';
import { createCast, type Cast } from '@test-support/http/people';
import { writeTestJpeg } from '@test-support/photos';

describe('the page a person gets while a store is down', () => {
  let app: AppUnderTest;
  let cast: Cast;
  let fault: InjectedFault | undefined;

  beforeAll(async () => {
    app = await startAppUnderTest();
    cast = await createCast(app);
    await setPendingPhoto(app.platform.db, cast.colleague.employee.id, randomUUID());
  }, 60_000);
  afterEach(() => fault?.remove());
  afterAll(async () => {
    await app?.close();
  });

  const profile = (suffix = '') =>
    app.fetch(
      new Request(`${APP_ORIGIN}/employees/${cast.colleague.employee.id}${suffix}`, {
        headers: { cookie: cast.active.cookie },
      }),
    );

  /** What a person reads on the error page: its status line, heading and sentence. */
  function errorPageText(html: string): { code: string; heading: string; text: string } {
    const page = /<div class="error-page[^"]*">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    const [code, heading, text] = [
      /<p class="error-page__code">(.*?)<\/p>/,
      /<h1>(.*?)<\/h1>/,
      /<p class="muted">(.*?)<\/p>/,
    ].map((pattern) => pattern.exec(page)?.[1] ?? '');
    return { code, heading, text };
  }

  it('shows the profile when every store answers', async () => {
    const response = await profile();
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(cast.colleague.employee.firstName);
  });

  it('answers 503 with Retry-After and a page that says 503 and to try again in a minute', async () => {
    fault = failCommand(app.platform.dynamo, 'GetItemCommand', { errorName: 'TimeoutError' });
    const response = await profile();
    expect(fault.hits).toBeGreaterThan(0);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    const html = await response.text();
    expect(errorPageText(html)).toEqual({
      code: '503',
      heading: 'Part of our system is not answering just now',
      text: 'Please try again in a minute. Nothing you had already saved is lost.',
    });
    // The browser hydrates from the route error the server rendered (status and all), so it shows the same page.
    // (turbo-stream: the status, then statusText, internal, data, then the type, in one flat list.)
    expect(html).toMatch(/,503,\\*"statusText[^\n]{0,200}\\*"RouteErrorResponse/);
    expect(html).not.toContain('Unexpected Server Error');
  });

  it('answers a client-side navigation to the page 503 as well', async () => {
    fault = failCommand(app.platform.dynamo, 'GetItemCommand', { errorName: 'TimeoutError' });
    const response = await profile('.data');
    expect(response.status).toBe(503);
    const body = await response.text();
    // (turbo-stream: ["ErrorResponse", data, status, statusText] by reference, the values after it.)
    expect(body).toMatch(/"ErrorResponse"[^\n]*,"Temporarily unavailable[^"]*",503,/);
  });

  it('still answers a bug (not an outage) with 500 and the server-error page', async () => {
    fault = failCommand(app.platform.dynamo, 'GetItemCommand', { errorName: 'ValidationException' });
    const response = await profile();
    expect(response.status).toBe(500);
    expect(response.headers.has('retry-after')).toBe(false);
    expect(errorPageText(await response.text())).toMatchObject({
      code: '500',
      heading: 'Something went wrong on our side',
    });
  });

  it('does not take a person who left mid-upload for an outage: no store warning, one info line, nothing stored', async () => {
    // As @remix-run/express does when the connection closes: the request's signal aborts, and the body, cut short,
    // fails as Node's IncomingMessage does ("aborted", ECONNRESET), which reads like a store's connection reset.
    const email = `left-${randomUUID().slice(0, 8)}@xyz.example`;
    const { bytes, contentType } = multipart([
      { name: 'token', value: await createConfirmedJoinToken(app.platform.db, email) },
      { name: 'firstName', value: 'Left' },
      { name: 'lastName', value: 'Midway' },
      { name: 'workEmail', value: email },
      { name: 'jobTitle', value: 'Engineer' },
      { name: 'department', value: 'Engineering' },
      { name: 'password', value: 'a long and private password 2026' },
      {
        name: 'photo',
        file: { filename: 'me.jpg', type: 'image/jpeg', bytes: fs.readFileSync(await writeTestJpeg()) },
      },
    ]);
    const connection = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(bytes.subarray(0, Math.floor(bytes.length / 2)));
      },
      pull(stream) {
        connection.abort();
        stream.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      },
    });
    const logged = app.servedLog.length;
    const response = await app.fetch(
      new Request(`${APP_ORIGIN}/api/join`, {
        method: 'POST',
        headers: { origin: APP_ORIGIN, 'content-type': contentType },
        body,
        signal: connection.signal,
        duplex: 'half',
      } as RequestInit),
    );
    // Remix answers an aborted request at once, 500 into the closed connection (no one reads it, and handleError is
    // silent), without waiting for the action, which fails on the cut-short body a moment later.
    expect(response.status).toBe(500);
    const lines = () => app.servedLog.slice(logged).map(({ level, message }) => ({ level, message }));
    await vi.waitFor(() => expect(lines()).not.toEqual([]));
    expect(lines()).toEqual([{ level: 'info', message: 'the client went away before its answer' }]);
    expect(await getEmployeeByEmail(app.platform.db, email)).toBeNull();
  });
});
