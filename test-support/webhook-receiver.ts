/**
 * A webhook receiver on 127.0.0.1 for tests and the bench: keeps each request's headers and raw body, and answers
 * with what `answer` says (200 by default; a status, a body, or no answer at all).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export type ReceiverAnswer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

export interface WebhookReceiver {
  url: (path?: string) => string;
  received: ReceivedWebhook[];
  answer: (request: ReceivedWebhook) => ReceiverAnswer;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: () => '',
    received: [],
    answer: () => ({ status: 200 }),
    close: async () => undefined,
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: ReceivedWebhook = {
        path: request.url ?? '/',
        headers: Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name, String(value ?? '')]),
        ),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      receiver.received.push(received);
      const answer = receiver.answer(received);
      if (answer === 'hang') return;
      response.writeHead(answer.status, answer.headers ?? { 'content-type': 'text/plain' });
      response.end(answer.body ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = (path = '/hooks') => `http://127.0.0.1:${port}${path}`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}
