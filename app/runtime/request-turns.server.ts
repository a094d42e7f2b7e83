/**
 * At most `limit` requests of one worker inside the app at once; the others wait their turn in the order they came
 * (docs/decisions/031-requests-take-turns-in-a-worker.md). A worker has one thread: fifty pages started together
 * finish no sooner than fifty pages taken sixteen at a time, but each one in progress holds its loaders' rows and
 * its render until it ends, and V8 promotes what outlives a young collection to the old space. Under the bench's
 * fifty connections that took a worker's peak from about 300 MiB to about 250 for the same CPU per request.
 *
 * What takes a turn is a page or its data (GET, HEAD), from its arrival until the app has its answer (the headers are
 * written): a request with a body (a form, an upload) never waits and holds no turn, so clients trickling uploads
 * cannot keep pages out; nor does a slow reader of a long download (the archive), whose body flows after its headers.
 * server.js answers the health checks and static files before this.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

type Handler<Req extends IncomingMessage, Res extends ServerResponse, Next> = (
  req: Req,
  res: Res,
  next: Next,
) => unknown;

/** The handler, with its requests taking turns; `limit` 0 leaves it as it is. */
export function takeTurns<Req extends IncomingMessage, Res extends ServerResponse, Next>(
  limit: number,
  handler: Handler<Req, Res, Next>,
): Handler<Req, Res, Next> {
  if (limit <= 0) return handler;
  let inside = 0;
  const waiting: Array<() => void> = [];
  const letNextIn = () => {
    while (inside < limit && waiting.length > 0) waiting.shift()!();
  };
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return handler(req, res, next);
    waiting.push(() => {
      // A client that left while it waited: nothing to answer, and its 'close' has already gone by, so it must not
      // take a turn it would never give back (found in the bench: every turn was soon held by a gone client).
      if (res.destroyed || req.socket.destroyed) return;
      inside += 1;
      let done = false;
      const leave = () => {
        if (done) return;
        done = true;
        inside -= 1;
        // Not inside this answer's writeHead: the next request starts once this call has returned.
        queueMicrotask(letNextIn);
      };
      // The answer's headers end the turn (a body written without them writes them first); 'close' also ends a
      // response whose connection was lost before its answer.
      const response: ServerResponse = res;
      const writeHead = response.writeHead;
      response.writeHead = function writeHeadAndLeave(this: ServerResponse, ...args: unknown[]) {
        leave();
        return (writeHead as (...all: unknown[]) => ServerResponse).apply(this, args);
      } as ServerResponse['writeHead'];
      res.once('close', leave);
      handler(req, res, next);
    });
    letNextIn();
  };
}
