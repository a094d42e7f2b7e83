/** Page cursors: base64url JSON, opaque to users, checked by a zod schema on the way back in. */
import type { ZodType } from 'zod';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The decoded cursor, or null when it is not one of ours (tampered, stale, truncated). */
export function decodeCursor<T>(cursor: string, schema: ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
