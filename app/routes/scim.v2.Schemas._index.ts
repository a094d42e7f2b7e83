/** GET /scim/v2/Schemas: the User schemas, the product's extension built from HR's fields in force (RFC 7643 §7). */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { getPlatform } from '~/platform.server';
import { listOf, scimBaseUrl, userSchemas } from '~/services/scim/discovery.server';
import { admitScimRequest, answerScim } from '~/services/scim/scim-admission.server';
import { scimJson } from '~/services/scim/scim-error';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const platform = await getPlatform();
  return answerScim(async () => {
    await admitScimRequest(platform.db, request, context, 'Schemas.list');
    return scimJson(listOf(userSchemas(platform.customFields, scimBaseUrl(platform.env))));
  });
}
