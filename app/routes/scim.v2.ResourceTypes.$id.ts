/** GET /scim/v2/ResourceTypes/User: the User resource type; any other name is a SCIM 404. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { getPlatform } from '~/platform.server';
import { scimBaseUrl, userResourceType } from '~/services/scim/discovery.server';
import { admitScimRequest, answerScim } from '~/services/scim/scim-admission.server';
import { ScimError, scimJson } from '~/services/scim/scim-error';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const platform = await getPlatform();
  return answerScim(async () => {
    await admitScimRequest(platform.db, request, context, 'ResourceTypes.get');
    const resourceType = userResourceType(scimBaseUrl(platform.env));
    if (params.id !== resourceType.id) throw new ScimError(404, null, 'This service provider serves only User.');
    return scimJson(resourceType);
  });
}
