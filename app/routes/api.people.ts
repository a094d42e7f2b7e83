/**
 * Suggestions for the manager field: up to 8 active employees whose name, title or email starts with `q`.
 * Open to the /join page before sign-in (a new employee has no account yet), so it returns only what the
 * directory shows and needs at least two characters (docs/decisions/305-manager-suggestions.md).
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { searchDirectory } from '~/models/directory-search.server';
import { getPlatform } from '~/platform.server';

const querySchema = z.object({ q: z.string().trim().min(2).max(100) });

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ people: [] });
  const { db } = await getPlatform();
  const page = await searchDirectory(db, { search: parsed.data.q, limit: 8 });
  return Response.json(
    {
      people: page.employees.map((employee) => ({
        displayName: employee.displayName,
        workEmail: employee.workEmail,
        jobTitle: employee.jobTitle,
      })),
    },
    { headers: { 'Cache-Control': 'private, max-age=30' } },
  );
}
