/**
 * The JSON twin of the /join profile form, used by the page's script so that it can show upload progress. Like the
 * form it needs the join link's token (a hidden field): without a live one it answers 400 and stores nothing.
 */
import type { ActionFunctionArgs } from '@remix-run/node';
import { createUserSession } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { handleJoin } from '~/services/join.server';
import { translateFieldErrors, translateFormError } from '~/i18n/form-errors';
import { languageOfRequest, requestIntl } from '~/services/request-intl.server';

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return new Response('Method not allowed', { status: 405 });
  const platform = await getPlatform();
  const result = await handleJoin(platform, request, {
    browserKeepsFile: true,
    language: await languageOfRequest(request),
  });
  if (!result.ok) {
    const intl = await requestIntl(request);
    // 503 when a store was unreachable: the form was fine, the person may send it again in a minute.
    return Response.json(
      {
        ok: false,
        errors: translateFieldErrors(intl, result.errors),
        formError: translateFormError(intl, result.formError),
        ...(result.linkExpired ? { linkExpired: true } : {}),
      },
      { status: result.retryLater ? 503 : 400, headers: result.retryLater ? { 'Retry-After': '30' } : undefined },
    );
  }
  const signedIn = await createUserSession(request, result.employeeId, '/me?welcome=1');
  return Response.json(
    { ok: true, redirectTo: '/me?welcome=1' },
    { headers: { 'Set-Cookie': signedIn.headers.get('Set-Cookie') ?? '' } },
  );
}

export function loader() {
  return new Response('Not found', { status: 404 });
}
