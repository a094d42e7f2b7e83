/**
 * POST /admin/employees/<id>/identities: an HR admin removes one of the employee's linked identities (the list
 * is on the admin employee page). The person can still sign in with that provider afterwards only if their
 * verified email matches an active employee, which links it again (and says so in the activity).
 */
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { requireAdmin } from '~/auth/user-session.server';
import { getPlatform } from '~/platform.server';
import { unlinkIdentity } from '~/services/linked-identities.server';
import { readFormBody } from '~/utils/form-body.server';
import { requestIntl } from '~/services/request-intl.server';
import { translateHrMessage } from './admin/hr-messages';

const unlinkSchema = z.object({
  intent: z.literal('unlink', { errorMap: () => ({ message: 'Choose the identity to remove.' }) }),
  linkId: z.string().uuid('Choose the identity to remove.'),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const employeeId = z.string().uuid().safeParse(params.id);
  if (!employeeId.success) throw new Response('Not found', { status: 404 });
  const platform = await getPlatform();
  const parsed = unlinkSchema.safeParse(Object.fromEntries(await readFormBody(request)));
  if (!parsed.success) {
    const intl = await requestIntl(request);
    return new Response(translateHrMessage(intl, parsed.error.issues[0]!.message), { status: 400 });
  }
  const removed = await unlinkIdentity(platform, admin.id, { employeeId: employeeId.data, linkId: parsed.data.linkId });
  const notice = removed ? 'identity-removed' : 'identity-gone';
  return redirect(`/admin/employees/${employeeId.data}?${new URLSearchParams({ notice })}#identities`);
}
