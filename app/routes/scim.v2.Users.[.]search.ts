/**
 * POST /scim/v2/Users/.search (RFC 7644 §3.4.3): the listing of GET /scim/v2/Users with its parameters in a
 * SearchRequest body, so that a filter never sits in a URL (and its logs).
 */
import type { ActionFunctionArgs } from '@remix-run/node';
import { getPlatform } from '~/platform.server';
import { ScimError, scimJson } from '~/services/scim/scim-error';
import { readScimJson } from '~/services/scim/scim-body.server';
import { handleScimRequest } from '~/services/scim/scim-route.server';
import { listScimUsers, parseListParams } from '~/services/scim/scim-user-list.server';

export async function action({ request, context }: ActionFunctionArgs) {
  const platform = await getPlatform();
  return handleScimRequest(request, { platform, load: context, operation: 'Users.search' }, async () => {
    if (request.method !== 'POST') throw new ScimError(405, null, 'POST a SearchRequest here.');
    const body = await readScimJson(request);
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new ScimError(400, 'invalidSyntax', 'The body must be a SearchRequest object.');
    }
    return scimJson(await listScimUsers(platform, parseListParams(body)));
  });
}
