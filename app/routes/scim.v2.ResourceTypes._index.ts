/** GET /scim/v2/ResourceTypes: the one resource type served, User with its two extensions (RFC 7643 §6). */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { getPlatform } from '~/platform.server';
import { listOf, scimBaseUrl, userResourceType } from '~/services/scim/discovery.server';
import { admitScimRequest, answerScim } from '~/services/scim/scim-admission.server';
import { scimJson } from '~/services/scim/scim-error';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const platform = await getPlatform();
  return answerScim(async () => {
    await admitScimRequest(platform.db, request, context, 'ResourceTypes.list');
    return scimJson(listOf([userResourceType(scimBaseUrl(platform.env))]));
  });
}
