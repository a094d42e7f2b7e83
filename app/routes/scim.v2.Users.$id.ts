/**
 * /scim/v2/Users/<id>: GET reads, PUT replaces, PATCH modifies (RFC 7644 §3.5.2, with Entra ID's forms), DELETE
 * deactivates and hides the User from the provider (204). Each answer carries the ETag; If-Match on a write that
 * names an older version is refused with 412.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { getPlatform } from '~/platform.server';
import { ScimError, scimJson } from '~/services/scim/scim-error';
import { readScimJson } from '~/services/scim/scim-body.server';
import { handleScimRequest } from '~/services/scim/scim-route.server';
import { parseListParams } from '~/services/scim/scim-user-list.server';
import { projectUser } from '~/services/scim/scim-user-projection.server';
import { userSchemas } from '~/services/scim/user-schemas.server';
import { deleteScimUser, getScimUser, patchScimUser, replaceScimUser } from '~/services/scim/scim-users.server';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const platform = await getPlatform();
  return handleScimRequest(request, { platform, load: context, operation: 'Users.get' }, async () => {
    const query = parseListParams(Object.fromEntries(new URL(request.url).searchParams));
    const user = await getScimUser(platform, params.id ?? '');
    return scimJson(projectUser(user, query, userSchemas(platform.customFields)), {
      headers: { ETag: user.meta.version },
    });
  });
}

const OPERATIONS: Record<string, string> = { PUT: 'Users.replace', PATCH: 'Users.patch', DELETE: 'Users.delete' };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const platform = await getPlatform();
  const operation = OPERATIONS[request.method] ?? 'Users.other';
  return handleScimRequest(request, { platform, load: context, operation }, async ({ client }) => {
    const id = params.id ?? '';
    const ifMatch = request.headers.get('if-match');
    switch (request.method) {
      case 'PUT':
      case 'PATCH': {
        const body = await readScimJson(request);
        const user =
          request.method === 'PUT'
            ? await replaceScimUser(platform, client, id, body, ifMatch)
            : await patchScimUser(platform, client, id, body, ifMatch);
        return scimJson(user, { headers: { ETag: user.meta.version } });
      }
      case 'DELETE':
        await deleteScimUser(platform, client, id, ifMatch);
        return new Response(null, { status: 204 });
      default:
        throw new ScimError(405, null, 'A User is read with GET, and changed with PUT, PATCH or DELETE.');
    }
  });
}
