/**
 * /scim/v2/Users: GET lists (filter, paging, sorting, attributes), POST creates (201, Location and ETag). Only a
 * connection's bearer token is accepted (app/services/scim/scim-route.server.ts); what happens to a person is
 * docs/decisions/328-scim-provisioned-people.md.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { getPlatform } from '~/platform.server';
import { ScimError, scimJson } from '~/services/scim/scim-error';
import { readScimJson } from '~/services/scim/scim-body.server';
import { handleScimRequest } from '~/services/scim/scim-route.server';
import { listScimUsers, parseListParams } from '~/services/scim/scim-user-list.server';
import { createScimUser } from '~/services/scim/scim-users.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const platform = await getPlatform();
  return handleScimRequest(request, { platform, load: context, operation: 'Users.list' }, async () => {
    const params = parseListParams(Object.fromEntries(new URL(request.url).searchParams));
    return scimJson(await listScimUsers(platform, params));
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const platform = await getPlatform();
  return handleScimRequest(request, { platform, load: context, operation: 'Users.create' }, async ({ client }) => {
    if (request.method !== 'POST')
      throw new ScimError(405, null, 'POST creates a User; PUT, PATCH and DELETE name one.');
    const user = await createScimUser(platform, client, await readScimJson(request));
    return scimJson(user, { status: 201, headers: { Location: user.meta.location, ETag: user.meta.version } });
  });
}
