/** A streamed ZIP as a download: the body flows with the browser's pace (backpressure), never whole in memory. */
import { createReadableStreamFromReadable } from '@remix-run/node';
import { Transform, pipeline, type Readable } from 'node:stream';

/**
 * The ZIP writer hands out many small pieces (each entry's header, its data in deflate's chunks, its descriptor,
 * the central directory entry by entry), and each piece became a write to the socket of its own: for a person
 * without photos, about a dozen writes of a few bytes to a few KB. Gathered up to this size, the whole archive of
 * such a person is one write, and a photo's bytes still flow in pieces of this size.
 */
const WRITE_BYTES = 64 * 1024;

function gatheredIntoLargerWrites(): Transform {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < WRITE_BYTES) return callback();
      const gathered = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      callback(null, gathered);
    },
    flush(callback) {
      callback(null, pendingBytes > 0 ? Buffer.concat(pending, pendingBytes) : undefined);
    },
  });
}

export function zipDownload(zip: Readable, fileName: string): Response {
  const body = gatheredIntoLargerWrites();
  // pipeline: the browser going away (the body destroyed) destroys the ZIP too, which stops its reading.
  pipeline(zip, body, () => {});
  return new Response(createReadableStreamFromReadable(body), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
