/**
 * A page whose store does not answer (decision 012), through the production bundle as server.js serves it: the
 * person gets 503 with Retry-After and a page that says 503 and "try again in a minute", both on the server's render
 * and in the data the browser hydrates from, and a client-side navigation gets 503 too. A bug is still a 500.
 * The outage is DynamoDB's photo-record read timing out (a stand-in for an outage, named as such: the fault is
 * injected on the bundle's real client, which talks to a real dynalite); the profile shown has an upload in
 * progress, so its page needs that read.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setPendingPhoto } from '~/models/employee.server';
import { failCommand, type InjectedFault } from '@test-support/fault-injection';
import { APP_ORIGIN, startAppUnderTest, type AppUnderTest } from '@test-support/http/app-under-test';
import { createCast, type Cast } from '@test-support/http/people';

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
});
