/**
 * A rarely used service's client costs a process nothing until its first send, is built once however many sends
 * follow (at once or later), and is closed by destroy only if it was ever built.
 */
import { describe, expect, it } from 'vitest';
import { clientOnFirstSend } from './lazy-client';

/** A stand-in for an SDK client that records what it was sent and whether it was destroyed. */
function recordingClient() {
  const sent: unknown[] = [];
  return {
    sent,
    destroyed: false,
    async send(command: never, options?: never) {
      sent.push({ command, options });
      return { answered: command };
    },
    destroy() {
      this.destroyed = true;
    },
  };
}

describe('a client built on its first send', () => {
  it('is not built until something is sent, then once for every send, each forwarded with its options', async () => {
    const built: Array<ReturnType<typeof recordingClient>> = [];
    const client = clientOnFirstSend(async () => {
      built.push(recordingClient());
      return built.at(-1)!;
    });
    expect(built).toHaveLength(0);

    const signal = new AbortController().signal;
    const answers = await Promise.all([
      client.send('first' as never),
      client.send('second' as never, { abortSignal: signal } as never),
    ]);
    await client.send('third' as never);

    expect(built).toHaveLength(1);
    expect(answers).toEqual([{ answered: 'first' }, { answered: 'second' }]);
    expect(built[0].sent).toEqual([
      { command: 'first', options: undefined },
      { command: 'second', options: { abortSignal: signal } },
      { command: 'third', options: undefined },
    ]);
  });

  it('destroys the client it built, and builds none to destroy', async () => {
    const built: Array<ReturnType<typeof recordingClient>> = [];
    const client = clientOnFirstSend(async () => {
      built.push(recordingClient());
      return built.at(-1)!;
    });
    client.destroy();
    expect(built).toHaveLength(0);

    await client.send('a command' as never);
    client.destroy();
    expect(built[0].destroyed).toBe(true);
  });

  it('fails every send with the reason its package could not be loaded', async () => {
    const client = clientOnFirstSend<ReturnType<typeof recordingClient>>(async () => {
      throw new Error("Cannot find package '@aws-sdk/client-sns'");
    });
    await expect(client.send('first' as never)).rejects.toThrow(/client-sns/);
    await expect(client.send('second' as never)).rejects.toThrow(/client-sns/);
  });
});
