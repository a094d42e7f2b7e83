/**
 * HR's CSV upload, checked as it arrives: the `csv` part's bytes are decoded and handed to checkEmployeesCsv row
 * by row while the body streams in. The worker holds neither the file nor its parsed table, only each row's report
 * and the clean rows' values: held whole, a 5,000-row file took a worker to 428-523 MiB RSS
 * (docs/decisions/316-worker-heap-capped.md). Nothing is written here: the caller writes a clean file once the
 * whole form has been read.
 */
import { MaxPartSizeExceededError, unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node';
import type { Platform } from '~/platform.server';
import { readFormBody } from '~/utils/form-body.server';
import { checkEmployeesCsv, type CheckedImport } from './import.server';

const CSV_FIELD = 'csv';

/**
 * The checked file, or null when the form carries no file in `csv` (or an empty one). Throws
 * MaxPartSizeExceededError for a part over `maxBytes`, as the in-memory reading did, and readFormBody's 400 for a
 * body that is not a well-formed form.
 */
export async function checkCsvUpload(
  request: Request,
  platform: Platform,
  maxBytes: number,
): Promise<CheckedImport | null> {
  let checked: CheckedImport | null = null;
  let seenFile = false;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    // Any other part, a text field named csv, or a second file: read (within the same limit) and left out.
    if (name !== CSV_FIELD || !filename || seenFile) {
      await drain(name, data, maxBytes);
      return undefined;
    }
    seenFile = true;
    let bytes = 0;
    const decoder = new TextDecoder();
    async function* text(): AsyncGenerator<string> {
      for await (const chunk of data) {
        bytes += chunk.byteLength;
        if (bytes > maxBytes) throw new MaxPartSizeExceededError(name, maxBytes);
        yield decoder.decode(chunk, { stream: true });
      }
      yield decoder.decode();
    }
    const result = await checkEmployeesCsv(platform, text());
    checked = bytes === 0 ? null : result;
    return undefined;
  };
  await readFormBody(request, (body) => unstable_parseMultipartFormData(body, handler));
  return checked;
}

async function drain(name: string, data: AsyncIterable<Uint8Array>, maxBytes: number): Promise<void> {
  let bytes = 0;
  for await (const chunk of data) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw new MaxPartSizeExceededError(name, maxBytes);
  }
}
