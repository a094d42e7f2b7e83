/**
 * "My data": the signed-in employee's own archive, everything held about them as one streamed ZIP
 * (docs/decisions/320-personal-archive-and-view-log.md). Their own download is not a view of their private details.
 * Its README is in the person's language (their stored choice, else the browser's); the data is the same in all.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/user-session.server';
import { catalogue } from '~/i18n/catalogue.server';
import { requestLanguage } from '~/i18n/locale.server';
import { getPlatform } from '~/platform.server';
import { streamPersonalArchive } from '~/services/personal-archive/build-archive.server';
import { zipDownload } from '~/utils/zip-download.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const platform = await getPlatform();
  const intl = catalogue(requestLanguage(request, user.preferredLanguage)).intl;
  const archive = await streamPersonalArchive(platform, user.id, { intl });
  if (!archive) throw new Response('Not found', { status: 404 });
  return zipDownload(archive, `xyz-people-my-data-${new Date().toISOString().slice(0, 10)}.zip`);
}
