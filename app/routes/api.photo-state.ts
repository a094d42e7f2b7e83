/**
 * GET /api/photo-state?employee=<id>[&employee=<id>…]: what pages poll while a photo is being processed
 * (components/photo-state-poll.ts), so that they can refresh themselves once it is ready or failed. Small and
 * read-only; never cached. An employee may ask about themselves; an active HR admin about anyone.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { getUser } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { getPhotoStates } from '~/services/photo-state.server';

/** The HR pending list polls at most one page of pending profiles (100) at once. */
const MAX_EMPLOYEES = 100;

const querySchema = z
  .array(z.string().uuid('Each employee must be an employee id'))
  .min(1, 'Name at least one employee')
  .max(MAX_EMPLOYEES, `Ask about at most ${MAX_EMPLOYEES} employees at once`);

const NO_STORE = { 'Cache-Control': 'no-store' };

export async function loader({ request }: LoaderFunctionArgs) {
  // A JSON answer, not the sign-in redirect: the poller stops on it and the page keeps saying "refresh".
  const user = await getUser(request);
  if (!user) return Response.json({ error: 'Sign in first.' }, { status: 401, headers: NO_STORE });
  const parsed = querySchema.safeParse(new URL(request.url).searchParams.getAll('employee'));
  if (!parsed.success) {
    return Response.json({ error: parsed.error.issues[0]?.message }, { status: 400, headers: NO_STORE });
  }
  const ids = [...new Set(parsed.data)];
  const isAdmin = user.role === 'admin' && user.status === 'active';
  if (!isAdmin && ids.some((id) => id !== user.id)) {
    return Response.json({ error: 'You can only follow your own photo.' }, { status: 403, headers: NO_STORE });
  }
  const photos = await getPhotoStates(await getPlatform(), ids);
  return Response.json({ photos }, { headers: NO_STORE });
}
