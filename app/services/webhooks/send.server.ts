/**
 * One HTTP attempt of a webhook delivery: a POST to the address that was checked (the request's own DNS lookup
 * answers with it, so TLS still verifies the certificate against the URL's name), within a deadline for the whole
 * exchange, reading at most MAX_RESPONSE_BYTES of the answer, and never following a redirect (a 3xx is a failed
 * attempt: following it would reach an address nobody checked).
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './target-rules.server';

/** Enough to show why a receiver refused; the rest is read no further. */
export const MAX_RESPONSE_BYTES = 16 * 1024;

export interface SendResult {
  /** The receiver's status code, or null when no answer came (refused, timed out, reset). */
  statusCode: number | null;
  /** The start of the answer's body, or the error. */
  text: string;
}

export interface SendRequest {
  url: URL;
  address: ResolvedAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Kept-alive connections per process; a socket is only ever opened to an address that was checked. */
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 8 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 8 }),
};

export function sendWebhook(request: SendRequest): Promise<SendResult> {
  const { url, address } = request;
  const secure = url.protocol === 'https:';
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const body = Buffer.from(request.body);
    const outgoing = (secure ? https : http).request(
      url,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        lookup: pinned,
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(body.length),
          'user-agent': 'XYZ-People-Webhooks/1',
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size >= MAX_RESPONSE_BYTES) return;
          chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_RESPONSE_BYTES) {
            // Enough read: the socket goes rather than draining a large answer.
            response.destroy();
            finish({ statusCode: response.statusCode ?? null, text: Buffer.concat(chunks).toString('utf8') });
          }
        });
        response.on('end', () =>
          finish({ statusCode: response.statusCode ?? null, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', (error) => finish({ statusCode: response.statusCode ?? null, text: error.message }));
      },
    );
    const deadline = setTimeout(() => {
      outgoing.destroy(new Error(`no answer within ${request.timeoutMs} ms`));
    }, request.timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      finish({ statusCode: null, text: error.code ? `${error.code}: ${error.message}` : error.message }),
    );
    outgoing.end(body);
  });
}
