/** A streamed ZIP as a download: the body flows with the browser's pace (backpressure), never whole in memory. */
import { createReadableStreamFromReadable } from '@remix-run/node';
import type { Readable } from 'node:stream';

export function zipDownload(zip: Readable, fileName: string): Response {
  return new Response(createReadableStreamFromReadable(zip), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
