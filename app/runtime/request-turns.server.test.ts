import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { takeTurns } from './request-turns.server';

/** A server whose handler holds each request until the test lets it answer, recording who is inside. */
function heldServer(limit: number) {
  const inside = new Set<string>();
  const started: string[] = [];
  let mostInside = 0;
  const holds = new Map<string, () => void>();
  const handler = takeTurns(limit, (req: http.IncomingMessage, res: http.ServerResponse) => {
    const name = req.url!.slice(1);
    started.push(name);
    inside.add(name);
    mostInside = Math.max(mostInside, inside.size);
    holds.set(name, () => {
      inside.delete(name);
      res.end(name);
    });
  });
  const server = http.createServer((req, res) => handler(req, res, () => {}));
  return {
    server,
    started,
    mostInside: () => mostInside,
    release: (name: string) => holds.get(name)!(),
    waitUntilStarted: async (name: string) => {
      while (!started.includes(name)) await new Promise((resolve) => setTimeout(resolve, 5));
    },
  };
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('requests taking turns in a worker', () => {
  it('lets at most the limit in at once, and the others in as they leave, in the order they came', async () => {
    const held = heldServer(2);
    const url = await listen(held.server);
    const answers = ['a', 'b', 'c', 'd', 'e'].map((name) =>
      fetch(`${url}/${name}`).then((response) => response.text()),
    );
    await held.waitUntilStarted('b');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(held.started).toEqual(['a', 'b']);
    held.release('a');
    await held.waitUntilStarted('c');
    held.release('b');
    held.release('c');
    await held.waitUntilStarted('e');
    held.release('d');
    held.release('e');
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(held.started).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(held.mostInside()).toBe(2);
  });

  it('skips a client that left while it waited, so its turn goes to the next one', async () => {
    const held = heldServer(1);
    const url = await listen(held.server);
    const first = fetch(`${url}/first`).then((response) => response.text());
    await held.waitUntilStarted('first');
    const leaving = new AbortController();
    const gone = fetch(`${url}/gone`, { signal: leaving.signal }).catch((error: Error) => error.name);
    await new Promise((resolve) => setTimeout(resolve, 50));
    leaving.abort();
    expect(await gone).toBe('AbortError');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = fetch(`${url}/next`).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    held.release('first');
    await held.waitUntilStarted('next');
    held.release('next');
    expect(await first).toBe('first');
    expect(await next).toBe('next');
    expect(held.started).toEqual(['first', 'next']);
  });

  it('gives a turn back when the connection is lost before the answer', async () => {
    const held = heldServer(1);
    const url = await listen(held.server);
    const leaving = new AbortController();
    const lost = fetch(`${url}/lost`, { signal: leaving.signal }).catch((error: Error) => error.name);
    await held.waitUntilStarted('lost');
    leaving.abort();
    expect(await lost).toBe('AbortError');
    const after = fetch(`${url}/after`).then((response) => response.text());
    await held.waitUntilStarted('after');
    held.release('after');
    expect(await after).toBe('after');
  });

  it('lets a request with a body (a form, an upload) in at once, without taking a turn', async () => {
    const held = heldServer(1);
    const url = await listen(held.server);
    const page = fetch(`${url}/page`).then((response) => response.text());
    await held.waitUntilStarted('page');
    const form = fetch(`${url}/form`, { method: 'POST', body: 'name=Ada' }).then((response) => response.text());
    await held.waitUntilStarted('form');
    held.release('form');
    expect(await form).toBe('form');
    held.release('page');
    expect(await page).toBe('page');
  });

  it('gives the turn back once the answer has its headers, while its body still flows', async () => {
    let streaming: http.ServerResponse | undefined;
    const started: string[] = [];
    const handler = takeTurns(1, (req: http.IncomingMessage, res: http.ServerResponse) => {
      started.push(req.url!);
      if (req.url === '/download') {
        streaming = res;
        res.writeHead(200, { 'Content-Type': 'application/zip' });
        res.write('PK');
      } else res.end('page');
    });
    const server = http.createServer((req, res) => handler(req, res, () => {}));
    const url = await listen(server);
    const download = await fetch(`${url}/download`);
    expect(download.status).toBe(200);
    expect(await fetch(`${url}/page`).then((response) => response.text())).toBe('page');
    expect(started).toEqual(['/download', '/page']);
    streaming!.end();
    expect(await download.text()).toBe('PK');
  });

  it('with a limit of 0 lets every request in at once', async () => {
    const held = heldServer(0);
    const url = await listen(held.server);
    const answers = ['a', 'b', 'c'].map((name) => fetch(`${url}/${name}`).then((response) => response.text()));
    await held.waitUntilStarted('c');
    for (const name of ['a', 'b', 'c']) held.release(name);
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c']);
    expect(held.mostInside()).toBe(3);
  });
});
