/**
 * The server's @remix-run/router is patched (patches/@remix-run+router+1.23.3.patch, docs/decisions/315) to keep
 * its ranked route branches per route-tree shape and its compiled path patterns. The patch touches only the
 * CommonJS build, which Node loads; the ES module build (what browsers get) is the untouched original, so every
 * answer of the patched `matchRoutes` is compared here with the original's, on generated route trees and paths.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as original from '@remix-run/router/dist/router.js';

type Route = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };
type Matcher = (
  routes: Route[],
  location: string,
) => Array<{ params: object; pathname: string; pathnameBase: string; route: Route }> | null;

const require = createRequire(import.meta.url);
const patchedPath = require.resolve('@remix-run/router');
const patched = require('@remix-run/router') as { matchRoutes: Matcher };
const originalMatch = (original as unknown as { matchRoutes: Matcher }).matchRoutes;

function summary(matches: ReturnType<Matcher>) {
  return matches?.map((match) => ({
    id: match.route.id,
    params: match.params,
    pathname: match.pathname,
    pathnameBase: match.pathnameBase,
  }));
}

const segment = fc.constantFrom('employees', 'admin', 'me', ':id', ':file', 'photos', 'a', 'B', ':opt?', 'x?');
const relativePath = fc.oneof(
  { weight: 5, arbitrary: fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')) },
  { weight: 1, arbitrary: fc.constant('*') },
  { weight: 1, arbitrary: fc.constant('') },
);

let nextId = 0;
function routeTree(depth: number): fc.Arbitrary<Route[]> {
  const leaf = fc.oneof(
    fc.record({ path: relativePath, caseSensitive: fc.boolean() }).map((r) => ({ ...r, id: `r${nextId++}` })),
    fc.constant(null).map(() => ({ id: `r${nextId++}`, index: true })),
  );
  if (depth === 0) return fc.array(leaf, { minLength: 1, maxLength: 4 });
  const parent = fc
    .record({ path: fc.option(relativePath, { nil: undefined }), children: routeTree(depth - 1) })
    .map((r) => ({ ...r, id: `r${nextId++}` }));
  return fc.array(fc.oneof(leaf, parent), { minLength: 1, maxLength: 4 });
}

const pathname = fc
  .array(fc.constantFrom('employees', 'admin', 'me', '42', 'photos', 'a', 'b', 'x', 'A', 'file.webp', '%20'), {
    maxLength: 5,
  })
  .map((parts) => `/${parts.join('/')}`);

/** A fresh copy with new objects, as Remix's render builds per request. */
function cloneTree(routes: Route[]): Route[] {
  return routes.map((route) => ({ ...route, children: route.children ? cloneTree(route.children) : undefined }));
}

describe('the patched route matching', () => {
  it('is the patched build that Node loads (the postinstall step ran)', () => {
    expect(fs.readFileSync(patchedPath, 'utf8')).toContain('function rankedBranchesFor(routes)');
  });

  it('answers every path as the original does, on the same tree and on fresh copies of it', () => {
    fc.assert(
      fc.property(routeTree(2), fc.array(pathname, { minLength: 1, maxLength: 6 }), (routes, paths) => {
        let expected: unknown[];
        try {
          expected = paths.map((path) => summary(originalMatch(routes, path)));
        } catch (error) {
          // A tree the original rejects (an index route with children) is rejected the same way.
          expect(() => patched.matchRoutes(routes, paths[0])).toThrow((error as Error).message);
          return;
        }
        for (const tree of [routes, routes, cloneTree(routes)]) {
          const got = paths.map((path) => patched.matchRoutes(tree, path));
          expect(got.map(summary)).toEqual(expected);
          // Matches point at the route objects passed in, not at the ones cached first.
          for (const matches of got) {
            for (const match of matches ?? []) expect(containsObject(tree, match.route)).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('sees a route added to a tree in place after it was matched', () => {
    const routes: Route[] = [{ id: 'root', path: '', children: [{ id: 'employees', path: 'employees' }] }];
    expect(patched.matchRoutes(routes, '/admin')).toBeNull();
    routes[0].children!.push({ id: 'admin', path: 'admin' });
    expect(summary(patched.matchRoutes(routes, '/admin'))?.map((match) => match.id)).toEqual(['root', 'admin']);
  });

  it("ranks this app's kind of tree as the original does: static before dynamic, index routes, splats last", () => {
    const routes: Route[] = [
      {
        id: 'root',
        path: '',
        children: [
          { id: 'index', index: true },
          { id: 'employees', path: 'employees', children: [{ id: 'employees-index', index: true }] },
          { id: 'employee', path: 'employees/:id' },
          { id: 'photo', path: 'photos/:employeeId/:photoId/:file' },
          { id: 'admin', path: 'admin', children: [{ id: 'admin-employee', path: 'employees/:id' }] },
          { id: 'export', path: 'admin/export.csv' },
          { id: 'rest', path: '*' },
        ],
      },
    ];
    for (const path of [
      '/',
      '/employees',
      '/employees/7',
      '/admin/employees/7',
      '/admin/export.csv',
      '/nope/x',
      '/photos/1/2/m.webp',
    ]) {
      expect(summary(patched.matchRoutes(cloneTree(routes), path))).toEqual(summary(originalMatch(routes, path)));
    }
  });
});

function containsObject(routes: Route[] | undefined, target: Route): boolean {
  return (routes ?? []).some((route) => route === target || containsObject(route.children, target));
}
