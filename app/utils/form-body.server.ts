/**
 * Reading a form post's body. A body that is not a form (no or another Content-Type, broken multipart framing,
 * a truncated upload) is the client's fault: it gets a 400 that says so, never a 500. Found by the hostile-input
 * suite (app/routes/hostile-input.test.ts): every form action answered 500 to a post without a form
 * Content-Type, and the multipart ones to a truncated or mis-framed body or a part header of 200 kB.
 */
import { MaxPartSizeExceededError } from '@remix-run/node';

export const UNREADABLE_FORM = 'This form could not be read. Reload the page and send it again.';

/** The form, or a thrown 400. `parse` reads a multipart body with upload handlers; the default reads it in memory. */
export async function readFormBody(
  request: Request,
  parse: (request: Request) => Promise<FormData> = (plain) => plain.formData(),
): Promise<FormData> {
  try {
    return await parse(request);
  } catch (error) {
    // The caller tells the person which part was too large; an upload handler's own errors are the caller's too.
    if (error instanceof MaxPartSizeExceededError || !isUnreadableBody(error)) throw error;
    throw new Response(UNREADABLE_FORM, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}

/**
 * The errors undici (request.formData()) and Remix's multipart parser raise for a body that is not a well-formed
 * form: TypeErrors ("Content-Type was not one of...", "Could not parse content as FormData"), and the multipart
 * stream parser's framing errors.
 */
function isUnreadableBody(error: unknown): boolean {
  // RangeError: the multipart parser runs out of stack on a part header of hundreds of kilobytes.
  if (error instanceof TypeError || error instanceof RangeError) return true;
  return error instanceof Error && /multipart|boundary|malformed|header|unexpected end/i.test(error.message);
}
