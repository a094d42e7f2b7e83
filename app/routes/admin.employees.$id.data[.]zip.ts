/**
 * HR's copy of one employee's archive (the same ZIP as their own "My data"), recorded in that employee's view
 * log like any other read of their private details (docs/decisions/320-personal-archive-and-view-log.md). Its
 * README is in HR's language, who reads it first; the data is the same in every language.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { requireAdmin } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { streamPersonalArchive } from '~/services/personal-archive/build-archive.server';
import { recordPrivateDetailView } from '~/services/private-detail-views.server';
import { requestIntl } from '~/services/request-intl.server';
import { restrictedFieldsFor } from '~/services/field-gate.server';
import { zipDownload } from '~/utils/zip-download.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw new Response('Not found', { status: 404 });
  const platform = await getPlatform();
  const intl = await requestIntl(request);
  const archive = await streamPersonalArchive(platform, id.data, { viewer: admin, intl });
  if (!archive) throw new Response('Not found', { status: 404 });
  try {
    await recordPrivateDetailView(platform.db, {
      viewerId: admin.id,
      subjectId: id.data,
      place: 'hr-archive',
      fields: await restrictedFieldsFor(platform, admin, id.data),
    });
  } catch (error) {
    // Unrecorded, it is not handed out.
    archive.destroy();
    throw error;
  }
  const date = new Date().toISOString().slice(0, 10);
  return zipDownload(archive, `xyz-people-data-${id.data.slice(0, 8)}-${date}.zip`);
}
