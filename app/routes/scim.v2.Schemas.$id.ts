/** GET /scim/v2/Schemas/<urn>: one of the User schemas; an unknown URN is a SCIM 404. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { getPlatform } from '~/platform.server';
import { scimBaseUrl, userSchema } from '~/services/scim/discovery.server';
import { admitScimRequest, answerScim } from '~/services/scim/scim-admission.server';
import { ScimError, scimJson } from '~/services/scim/scim-error';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const platform = await getPlatform();
  return answerScim(async () => {
    await admitScimRequest(platform.db, request, context, 'Schemas.get');
    const schema = userSchema(platform.customFields, scimBaseUrl(platform.env), params.id ?? '');
    if (!schema) throw new ScimError(404, null, 'No such schema: GET /Schemas lists the ones served.');
    return scimJson(schema);
  });
}
