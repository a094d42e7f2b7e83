/**
 * A SCIM body over 1 MiB is refused with a SCIM 413 whether it declares its length or not, and a body that is not
 * JSON with a 400 `invalidSyntax`.
 */
import { describe, expect, it } from 'vitest';
import { readScimJson, SCIM_MAX_BODY_BYTES } from './scim-body.server';
import { ScimError } from './scim-error';

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request('http://people.test/scim/v2/Users', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

async function errorOf(promise: Promise<unknown>): Promise<ScimError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

describe('reading a SCIM body', () => {
  it('parses JSON up to the limit', async () => {
    expect(await readScimJson(post(JSON.stringify({ userName: 'ada@xyz.example' })))).toEqual({
      userName: 'ada@xyz.example',
    });
  });

  it('refuses a body over 1 MiB with 413, declared or streamed in chunks', async () => {
    const big = 'x'.repeat(SCIM_MAX_BODY_BYTES + 1);
    expect((await errorOf(readScimJson(post(big)))).status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 17; i += 1) controller.enqueue(new Uint8Array(64 * 1024));
        controller.close();
      },
    });
    const streamed = await errorOf(readScimJson(post(chunks)));
    expect(streamed.status).toBe(413);
    expect(await streamed.toResponse().json()).toMatchObject({ status: '413' });
  });

  it('refuses a body that is not JSON with 400 invalidSyntax', async () => {
    const error = await errorOf(readScimJson(post('{"userName":')));
    expect([error.status, error.scimType]).toEqual([400, 'invalidSyntax']);
  });
});
