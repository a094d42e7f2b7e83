/**
 * Slow clients on raw sockets: one that sends its request headers a byte at a time, one that announces an upload
 * and trickles its body. Each keeps trickling until the server closes the connection, and says after how long.
 */
import net from 'node:net';

export interface SlowClientResult {
  closedAfterMs: number;
  /** The first line the server sent before closing, if any (e.g. "HTTP/1.1 408 Request Timeout"). */
  response: string;
}

const GIVE_UP_MS = 60_000;

function trickle(baseUrl: string, head: string, byte: string): Promise<SlowClientResult> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname);
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ closedAfterMs: Date.now() - started, response: received.split('\r\n')[0] ?? '' });
    };
    const giveUp = setTimeout(finish, GIVE_UP_MS);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', finish);
    socket.on('error', () => {});
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (socket.writable) socket.write(byte);
      }, 500);
    });
  });
}

/** A request whose headers never end: "X-Slow: aaaa..." a byte every half second. */
export function trickleHeaders(baseUrl: string): Promise<SlowClientResult> {
  const host = new URL(baseUrl).host;
  return trickle(baseUrl, `GET /employees HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `, 'a');
}

/** A 5 MB multipart upload that arrives a byte every half second. */
export function trickleBody(baseUrl: string, path: string): Promise<SlowClientResult> {
  const { host, origin } = new URL(baseUrl);
  const boundary = 'slowclientboundary';
  return trickle(
    baseUrl,
    `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${origin}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="slow.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    'x',
  );
}
