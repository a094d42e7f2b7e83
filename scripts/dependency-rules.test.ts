/**
 * Each rule of .dependency-cruiser.cjs reports a violation: a tiny tree of fixture files, one breaking import per
 * rule, cruised once with the real rule set. A rule added without a case here fails the first test, so no rule
 * can be silently dead (a path typo makes a rule match nothing and pass everything).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs') as IConfiguration;
const { LAYERS, PLATFORM_MODULE } = require('./dependency-layers.cjs') as {
  LAYERS: Array<{ name: string; path: string }>;
  PLATFORM_MODULE: string;
};

/** A file that belongs to each layer (its path matches the layer's pattern). */
const LAYER_FILE: Record<string, string> = {
  entry: 'app/root.tsx',
  runtime: 'app/runtime/primary.server.ts',
  routes: 'app/routes/join.tsx',
  components: 'app/components/avatar.tsx',
  platform: 'app/platform.server.ts',
  subscribers: 'app/subscribers/search-index.server.ts',
  workflow: 'app/workflow/handle-task.server.ts',
  local: 'app/local/seed.server.ts',
  services: 'app/services/employees.server.ts',
  auth: 'app/auth/credentials.server.ts',
  models: 'app/models/employee.server.ts',
  search: 'app/search/search-index.server.ts',
  db: 'app/db/database.server.ts',
  i18n: 'app/i18n/languages.ts',
  config: 'app/config/env.server.ts',
  utils: 'app/utils/plural.ts',
  function: 'functions/photo-processor/handler.ts',
  shared: 'functions/shared/logger.ts',
};

interface Case {
  rule: string;
  /** The file whose import breaks the rule, and what it imports (a path in the tree or a package). */
  from: string;
  to: string;
  /** `import type` instead of a value import. */
  typeOnly?: boolean;
  /** `import()` on first use instead of an import at the top. */
  dynamic?: boolean;
}

/** Each layer imports the nearest layer above it, the platform module aside (the next case covers it). */
const layerCases: Case[] = LAYERS.slice(1).map((layer, index) => {
  const nearestAbove = LAYERS.slice(0, index + 1)
    .reverse()
    .find((upper) => upper.path !== PLATFORM_MODULE)!;
  return {
    rule: `layer-order-${layer.name}`,
    from: fixtureFile(layer.name, 'up'),
    to: LAYER_FILE[nearestAbove.name],
  };
});

const cases: Case[] = [
  ...layerCases,
  { rule: 'platform-type-only-below-it', from: 'app/services/gets-platform.server.ts', to: 'app/platform.server.ts' },
  { rule: 'tests-in-their-homes', from: 'cloudformation/test/template.test.ts', to: 'cloudformation/ids.ts' },
  { rule: 'no-circular', from: 'app/utils/cycle-a.ts', to: 'app/utils/cycle-b.ts' },
  { rule: 'functions-and-infra-not-to-app', from: 'cloudformation/builders/bucket.ts', to: 'app/utils/plural.ts' },
  { rule: 'shared-layer-self-contained', from: 'functions/shared/contracts/keys.ts', to: 'cloudformation/ids.ts' },
  {
    rule: 'function-not-to-other-function',
    from: 'functions/photo-processor/resize.ts',
    to: 'functions/mailer/handler.ts',
  },
  {
    rule: 'app-only-local-to-function-folders',
    from: 'app/services/photo-upload.server.ts',
    to: 'functions/photo-processor/handler.ts',
  },
  { rule: 'routes-not-to-drivers', from: 'app/routes/api.people.ts', to: 'sequelize' },
  { rule: 'rare-packages-on-first-use', from: 'app/services/notify.server.ts', to: '@aws-sdk/client-sns' },
  { rule: 'routes-not-to-db', from: 'app/routes/me.tsx', to: 'app/db/connection.server.ts' },
  { rule: 'routes-not-to-schema', from: 'app/routes/admin.tsx', to: 'app/db/schema.server.ts' },
  { rule: 'models-not-to-remix', from: 'app/models/session-store.server.ts', to: '@remix-run/node' },
  { rule: 'components-not-to-server', from: 'app/components/field.tsx', to: 'app/components/photo-url.server.ts' },
  { rule: 'test-support-only-from-tests', from: 'app/utils/manager-pick.ts', to: 'test-support/databases.ts' },
  { rule: 'production-not-to-test-files', from: 'app/utils/form-body.server.ts', to: 'app/utils/plural.test.ts' },
  { rule: 'route-folder-only-from-its-routes', from: 'app/routes/login.tsx', to: 'app/routes/admin/csv.ts' },
  {
    rule: 'route-folder-not-from-outside-routes',
    from: 'app/services/people-search.server.ts',
    to: 'app/routes/admin/import.server.ts',
  },
];

/** Imports that follow the map, which no rule may report. */
const allowed: Case[] = [
  { rule: 'down a layer', from: 'app/services/allowed-down.server.ts', to: 'app/models/employee.server.ts' },
  {
    rule: 'the Platform type',
    from: 'app/models/allowed-type.server.ts',
    to: 'app/platform.server.ts',
    typeOnly: true,
  },
  {
    rule: "the session guards' getPlatform",
    from: 'app/auth/user-session.server.ts',
    to: 'app/platform.server.ts',
  },
  { rule: 'a test of any layer', from: 'app/models/allowed.server.test.ts', to: 'app/routes/join.tsx' },
  {
    rule: "a rare package's types",
    from: 'functions/shared/allowed-sns-types.ts',
    to: '@aws-sdk/client-sns',
    typeOnly: true,
  },
  {
    rule: 'a rare package on first use',
    from: 'functions/shared/allowed-sns-loader.ts',
    to: '@aws-sdk/client-sns',
    dynamic: true,
  },
];

let fixture: string;
let result: ICruiseResult;

beforeAll(async () => {
  fixture = mkdtempSync(join(tmpdir(), 'dependency-rules-'));
  const files = new Map<string, string[]>();
  const add = (path: string, line?: string) => {
    if (!files.has(path)) files.set(path, []);
    if (line) files.get(path)!.push(line);
  };
  for (const { from, to, typeOnly, dynamic } of [...cases, ...allowed]) {
    add(from, importLine(from, to, { typeOnly, dynamic }));
    if (!isPackage(to)) add(to);
  }
  add('app/utils/cycle-b.ts', importLine('app/utils/cycle-b.ts', 'app/utils/cycle-a.ts'));
  for (const [path, lines] of files) write(path, [...lines, 'export const marker = 1;', ''].join('\n'));
  for (const name of ['sequelize', '@remix-run/node', '@aws-sdk/client-sns']) {
    write(`node_modules/${name}/package.json`, JSON.stringify({ name, main: 'index.js' }));
    write(`node_modules/${name}/index.js`, 'exports.marker = 1;\n');
  }

  const reported = await cruise(['app', 'functions', 'cloudformation', 'test-support'], {
    baseDir: fixture,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    outputType: 'json',
  });
  result = JSON.parse(reported.output as string) as ICruiseResult;
}, 60_000);

afterAll(() => {
  if (fixture) rmSync(fixture, { recursive: true, force: true });
});

describe('dependency rules', () => {
  it('has a case for every rule in .dependency-cruiser.cjs', () => {
    const ruleNames = (config.forbidden ?? []).map((rule) => rule.name);
    expect(cases.map((c) => c.rule).sort()).toEqual([...ruleNames].sort());
  });

  it.each(cases)('$rule reports $from -> $to', ({ rule, from, to }) => {
    const reported = result.summary.violations
      .filter((violation) => violation.from === from)
      .map((violation) => `${violation.rule.name}: ${packageOf(violation.to) ?? violation.to}`);
    expect(reported).toContain(`${rule}: ${to}`);
  });

  it.each(allowed)('allows $rule ($from -> $to)', ({ from }) => {
    expect(result.summary.violations.filter((violation) => violation.from === from)).toEqual([]);
  });
});

function fixtureFile(layer: string, name: string): string {
  const sample = LAYER_FILE[layer];
  if (sample === 'app/root.tsx' || sample === 'app/platform.server.ts') return sample;
  return join(dirname(sample), `${name}-${layer}${sample.endsWith('.tsx') ? '.tsx' : '.ts'}`);
}

function isPackage(specifier: string): boolean {
  return !/^(app|functions|cloudformation|test-support)\//.test(specifier);
}

/** `sequelize` for `node_modules/sequelize/index.js`, undefined for a file of the tree. */
function packageOf(resolved: string): string | undefined {
  return /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(resolved)?.[1];
}

function importLine(from: string, to: string, kind: { typeOnly?: boolean; dynamic?: boolean } = {}): string {
  const specifier = isPackage(to) ? to : `./${relative(dirname(from), to)}`.replace(/^\.\/\.\.\//, '../');
  if (kind.dynamic) return `export const load = () => import('${specifier}');`;
  return kind.typeOnly ? `import type { marker } from '${specifier}';` : `import { marker } from '${specifier}';`;
}

function write(path: string, text: string): void {
  const absolute = join(fixture, path);
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, text);
}
