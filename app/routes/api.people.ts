/**
 * Suggestions for the manager field: up to 8 active employees found by the directory's search index for `q`
 * (typos and diacritics forgiven; the SQL prefix search on name, title or email when the index is down). Open to the /join page before sign-in (a new employee has no account yet), so
 * anyone who is not an active, signed-in employee (a visitor, or a pending self-registered account) gets only
 * what picking needs: the display name, the department and the employee's id (random, and useless without an
 * active session), never the title or work email (the fields marked `shownWhenPickingManager`, passed by the field
 * gate, app/services/field-gate.server.ts); needs at least two characters, and is rationed per client
 * address for them (docs/decisions/305-pages-and-forms.md). Active employees also see title and work email, and the
 * fields HR defines that every employee may see (`customFields`, by key; a list shows no restricted field, decision
 * 322).
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { clientAddress, getUser } from '~/auth/user-session.server';
import { allowAnonymousLookup, DEFAULT_LOOKUP_THROTTLE } from '~/models/login-throttle.server';
import { getPlatform } from '~/platform.server';
import { displayValue } from '~/models/custom-fields';
import { getStoredCustomValues } from '~/models/employee-admin-listing.server';
import {
  ANY_EMPLOYEE,
  gateCustomValues,
  gateFields,
  UNTRUSTED_READER,
  visibleCustomFields,
} from '~/services/field-gate.server';
import { suggestPeople } from '~/services/people-search.server';
import { requestIntl } from '~/services/request-intl.server';

const querySchema = z.object({ q: z.string().trim().min(2).max(100) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ people: [] });
  const platform = await getPlatform();
  const { db } = platform;
  // A self-registered (pending) account is no more trusted than a visitor: nobody has checked it yet.
  const user = await getUser(request);
  const trusted = user?.status === 'active';
  if (!trusted && !(await allowAnonymousLookup(db, clientAddress(request, context)))) {
    const intl = await requestIntl(request);
    return Response.json(
      { people: [], error: intl.formatMessage({ id: 'directory.lookupsThrottled' }) },
      { status: 429, headers: { 'Retry-After': String(DEFAULT_LOOKUP_THROTTLE.windowMs / 1000) } },
    );
  }
  const people = await suggestPeople(platform, parsed.data.q, 8);
  // The field gate decides what each sees: a list of many people shows only what every employee may read.
  const reader = trusted ? ANY_EMPLOYEE : UNTRUSTED_READER;
  // The fields HR defines, through the same gate: read (one query for the few people found) only when this reader
  // may see some.
  const customValues =
    visibleCustomFields(platform.customFields, reader).length > 0
      ? await getStoredCustomValues(
          db,
          people.map((employee) => employee.id),
        )
      : new Map<string, string | null>();
  return Response.json(
    {
      people: people.map((employee) => ({
        id: employee.id,
        displayName: employee.displayName,
        ...gateFields(platform.fieldDefinitions, reader, {
          department: employee.department,
          jobTitle: employee.jobTitle,
          workEmail: employee.workEmail,
        }),
        // By the field's stable key; the label (which HR may rename) and the value as pages show it beside it.
        // Left out for a reader who may see none (a visitor picking a manager gets only a name, department and id).
        ...(trusted
          ? {
              customFields: Object.fromEntries(
                gateCustomValues(platform.customFields, reader, customValues.get(employee.id)).map(
                  ({ field, value }) => [field.key, { label: field.label, value, text: displayValue(field, value) }],
                ),
              ),
            }
          : {}),
      })),
    },
    // The answer depends on who asks: a shared cache must not give an employee's view to a visitor.
    { headers: { 'Cache-Control': 'private, max-age=30', Vary: 'Cookie' } },
  );
}
