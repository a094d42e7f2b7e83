/** GET /scim/v2/ServiceProviderConfig: what this SCIM service provider supports (RFC 7643 §5), to a valid token. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { getPlatform } from '~/platform.server';
import { scimBaseUrl, serviceProviderConfig } from '~/services/scim/discovery.server';
import { admitScimRequest, answerScim } from '~/services/scim/scim-admission.server';
import { scimJson } from '~/services/scim/scim-error';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const platform = await getPlatform();
  return answerScim(async () => {
    await admitScimRequest(platform.db, request, context, 'ServiceProviderConfig.get');
    return scimJson(serviceProviderConfig(scimBaseUrl(platform.env)));
  });
}
