/**
 * Serves a photo rendition from the private bucket to signed-in employees. Photo ids are unique per upload,
 * so a rendition never changes: browsers keep it for a year. A pending or deactivated employee's photo is
 * visible only to themselves and to admins, like the rest of their profile; so is an upload that is not on the
 * profile yet unless the face check let it through (one held for HR, a rejected one, is never shown to others).
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { requireUser } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { getEmployee } from '~/models/employee.server';
import { RENDITION_SIZES } from '@shared/contracts/s3-keys';
import { isPhotoShowable, readRendition } from '~/services/photo-storage.server';
import { isStoreUnavailable, storeUnavailableResponse } from '~/utils/store-unavailable.server';

const paramsSchema = z.object({
  employeeId: z.string().uuid(),
  photoId: z.string().uuid(),
  file: z.string().regex(new RegExp(`^(${RENDITION_SIZES.join('|')})\\.(webp|jpg)$`)),
});

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
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const { employeeId, photoId, file } = parsed.data;
  const platform = await getPlatform();
  const employee = await getEmployee(platform.db, employeeId, 'public');
  if (!employee || (employee.photoId !== photoId && employee.pendingPhotoId !== photoId)) throw notFound();
  const ownerOrAdmin = user.id === employee.id || (user.role === 'admin' && user.status === 'active');
  if (!(employee.status === 'active' || ownerOrAdmin)) throw notFound();
  if (employee.photoId !== photoId && !ownerOrAdmin && !(await isPhotoShowable(platform, { employeeId, photoId }))) {
    throw notFound();
  }

  const [sizeText, extension] = file.split('.');
  const size = Number(sizeText) as (typeof RENDITION_SIZES)[number];
  const rendition = await readRendition(platform, {
    employeeId,
    photoId,
    size,
    format: extension === 'jpg' ? 'jpeg' : 'webp',
    ifNoneMatch: request.headers.get('if-none-match') ?? undefined,
  });
  if (rendition.status === 'not-modified') return new Response(null, { status: 304 });
  if (rendition.status === 'missing') throw notFound();
  return new Response(rendition.body, {
    headers: {
      'Content-Type': extension === 'jpg' ? 'image/jpeg' : 'image/webp',
      ...(rendition.contentLength ? { 'Content-Length': String(rendition.contentLength) } : {}),
      ...(rendition.etag ? { ETag: rendition.etag } : {}),
      'Cache-Control': 'private, max-age=31536000, immutable',
    },
  });
}
