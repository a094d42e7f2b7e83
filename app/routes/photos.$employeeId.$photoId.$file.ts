/**
 * Serves a photo rendition from the private bucket to signed-in employees. Photo ids are unique per upload,
 * so a rendition never changes: browsers keep it for a year. A pending or deactivated employee's photo is
 * visible only to themselves and to admins, like the rest of their profile; so is an upload that is not on the
 * profile yet unless the face check let it through (one held for HR, a rejected one, is never shown to others).
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { getEmployee } from '~/models/employee.server';
import { isShownToEveryone } from '~/services/current-photo.server';
import { readRendition } from '~/services/photo-storage.server';
import { parsePhotoUrl } from '~/utils/photo-url';
import { isStoreUnavailable, storeUnavailableResponse } from '~/utils/store-unavailable.server';

const notFound = () => new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });

export async function loader(args: LoaderFunctionArgs) {
  try {
    return await servePhoto(args);
  } catch (error) {
    // A store that is down is "try again in a minute", not a server error (a thrown Response passes through).
    if (isStoreUnavailable(error)) return storeUnavailableResponse();
    throw error;
  }
}

async function servePhoto({ request, params }: LoaderFunctionArgs): Promise<Response> {
  const user = await requireUser(request);
  const rendition = parsePhotoUrl(params);
  if (!rendition) throw notFound();
  const { employeeId, photoId, size, format } = rendition;
  const platform = await getPlatform();
  const employee = await getEmployee(platform.db, employeeId, 'public');
  if (!employee || (employee.photoId !== photoId && employee.pendingPhotoId !== photoId)) throw notFound();
  const ownerOrAdmin = user.id === employee.id || (user.role === 'admin' && user.status === 'active');
  if (!(employee.status === 'active' || ownerOrAdmin)) throw notFound();
  if (!ownerOrAdmin && !(await isShownToEveryone(platform, employee, photoId))) throw notFound();

  const stored = await readRendition(platform, {
    employeeId,
    photoId,
    size,
    format,
    ifNoneMatch: request.headers.get('if-none-match') ?? undefined,
  });
  if (stored.status === 'not-modified') return new Response(null, { status: 304 });
  if (stored.status === 'missing') throw notFound();
  return new Response(stored.body, {
    headers: {
      'Content-Type': `image/${format}`,
      ...(stored.contentLength ? { 'Content-Length': String(stored.contentLength) } : {}),
      ...(stored.etag ? { ETag: stored.etag } : {}),
      'Cache-Control': 'private, max-age=31536000, immutable',
    },
  });
}
