import type { MetaFunction } from '@remix-run/node';

/**
 * The lightest page the app renders: one line in the root layout, through the same server, middleware and root
 * loader as every page, and no data of its own. `npm run bench` measures it beside the directory, a search and a
 * profile as the framework's floor on the same machine in the same run (docs/performance.md); it says no more
 * than /healthz does, so it is public and kept out of the navigation.
 */
export const meta: MetaFunction = () => [{ title: 'Up · XYZ People' }];

// Text, not JSX: a route module that imports nothing leaves the other pages' client chunks as they were (with
// JSX this one route split a shared chunk, and every page gained a modulepreload link).
export default function HealthzPage() {
  return 'XYZ People is up.';
}
