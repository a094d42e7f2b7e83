/**
 * The routes as the files in app/routes/ declare them, read at test time so that a new route file is seen by
 * the suites that must cover every route (the authorisation matrix, the hostile-input suite). Follows Remix's
 * flat-routes convention as remix.config.js configures it: a module directly in app/routes/, or a folder with a
 * `route.tsx`/`route.ts`; tests, `*.server.*` modules and dot files are not routes.
 */
import fs from 'node:fs';
import path from 'node:path';

export const ROUTES_DIR = path.resolve(__dirname, '..', '..', 'app', 'routes');

const IGNORED = [/^\./, /\.test\.tsx?$/, /\.server\.tsx?$/];

function routeFile(id: string): string {
  const name = id.replace(/^routes\//, '');
  for (const candidate of [`${name}.tsx`, `${name}.ts`, `${name}/route.tsx`, `${name}/route.ts`]) {
    const file = path.join(ROUTES_DIR, candidate);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`no route file for ${id}`);
}

/** Route ids (`routes/<name>`, as Remix names them) of every route module in app/routes/, sorted. */
export function routeModuleIds(): string[] {
  const ids: string[] = [];
  for (const entry of fs.readdirSync(ROUTES_DIR, { withFileTypes: true })) {
    if (IGNORED.some((pattern) => pattern.test(entry.name))) continue;
    if (entry.isFile() && /\.tsx?$/.test(entry.name)) ids.push(`routes/${entry.name.replace(/\.tsx?$/, '')}`);
    if (
      entry.isDirectory() &&
      ['route.tsx', 'route.ts'].some((f) => fs.existsSync(path.join(ROUTES_DIR, entry.name, f)))
    )
      ids.push(`routes/${entry.name}`);
  }
  return ids.sort();
}

/** Which request handlers a route module exports: a loader, an action, and a page (default export). */
export function exportedHandlers(id: string): { loader: boolean; action: boolean; page: boolean } {
  const source = fs.readFileSync(routeFile(id), 'utf8');
  const exports = (name: string) =>
    new RegExp(`export\\s+(async\\s+)?(function|const|let)\\s+${name}\\b|export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`).test(
      source,
    );
  return { loader: exports('loader'), action: exports('action'), page: /export\s+default\b/.test(source) };
}
