/**
 * The directory's page cursor, shared by the admin listing (./employee-admin-listing.server.ts) and the
 * directory search (./directory-search.server.ts), so that both read each other's cursors.
 */
import { z } from 'zod';
import { decodeCursor as decodeOpaqueCursor, encodeCursor as encodeOpaqueCursor } from '@shared/cursor';

// No NUL: it would cut SQLite's copy of the statement short (a crafted cursor was a 500).
const directoryCursorSchema = z.tuple([z.string().regex(/^[^\u0000]*$/), z.string().regex(/^[^\u0000]*$/)]);

/** Cursor = base64url of [sortName, id]. */
export function encodeCursor(sortName: string, id: string): string {
  return encodeOpaqueCursor([sortName, id]);
}

/** A tampered or stale cursor gives null: the page starts from the beginning rather than failing. */
export function decodeCursor(cursor: string): { sortName: string; id: string } | null {
  const parsed = decodeOpaqueCursor(cursor, directoryCursorSchema);
  return parsed ? { sortName: parsed[0], id: parsed[1] } : null;
}
