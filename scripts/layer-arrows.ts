/**
 * `npx tsx scripts/layer-arrows.ts`: the structure drawn from the imports. Collapses dependency-cruiser's module
 * graph of app/ and functions/ to the layers of docs/architecture.md (scripts/dependency-layers.cjs) and lists
 * every layer -> layer arrow that points up the map, each with the imports behind it, and every cycle between
 * layers, and the modules that belong to no layer (which no layer rule checks). Tests are left out (they are not
 * part of a layer). Exits 1 when an arrow points up or a module is in no layer.
 *
 * The imports of the platform module that decision 018 allows (its type, the session guards' getPlatform)
 * (docs/decisions/018-platform-context-type-and-session-guards.md) are counted on a line of their own, not as
 * arrows; `--all` lists them as arrows too.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { LAYERS, PLATFORM_MODULE, SESSION_GUARDS, TEST_FILE, layerOf } = require('./dependency-layers.cjs') as {
  LAYERS: Array<{ name: string }>;
  PLATFORM_MODULE: string;
  SESSION_GUARDS: string;
  TEST_FILE: string;
  layerOf: (path: string) => string | undefined;
};

interface CruiseResult {
  modules: Array<{ source: string; dependencies: Array<{ resolved: string; dependencyTypes: string[] }> }>;
}

const countAllowed = !process.argv.includes('--all');
const rank = new Map(LAYERS.map((layer, index) => [layer.name, index]));

const cruise = spawnSync(
  'npx',
  ['depcruise', 'app', 'functions', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
  { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
// depcruise exits with the number of rule violations; only an unreadable answer is a failure here.
if (!cruise.stdout) throw new Error(`depcruise gave no output: ${cruise.stderr}`);
const graph = JSON.parse(cruise.stdout) as CruiseResult;

const unlayered = graph.modules
  .map((module) => module.source)
  .filter((path) => /^(app|functions)\/.*\.tsx?$/.test(path) && !/\.d\.ts$/.test(path))
  .filter((path) => !new RegExp(TEST_FILE).test(path) && !layerOf(path));

const upward = new Map<string, string[]>();
const allowed = new Map<string, number>();
const layerEdges = new Map<string, Set<string>>();
for (const module of graph.modules) {
  const from = layerOf(module.source);
  if (!from) continue;
  for (const dependency of module.dependencies) {
    const to = layerOf(dependency.resolved);
    if (!to || to === from) continue;
    const typeOnly = dependency.dependencyTypes.includes('type-only');
    const up = rank.get(to)! < rank.get(from)!;
    const isAllowed =
      up &&
      countAllowed &&
      new RegExp(PLATFORM_MODULE).test(dependency.resolved) &&
      (typeOnly || new RegExp(SESSION_GUARDS).test(module.source));
    if (isAllowed) {
      allowed.set(from, (allowed.get(from) ?? 0) + 1);
      continue;
    }
    if (!layerEdges.has(from)) layerEdges.set(from, new Set());
    layerEdges.get(from)!.add(to);
    if (up) {
      const arrow = `${from} -> ${to}`;
      if (!upward.has(arrow)) upward.set(arrow, []);
      upward.get(arrow)!.push(`${module.source} -> ${dependency.resolved}${typeOnly ? ' (type only)' : ''}`);
    }
  }
}

console.log(`Layers, top to bottom: ${LAYERS.map((layer) => layer.name).join(' > ')}`);
console.log(`\nArrows running back up: ${upward.size}`);
for (const [arrow, imports] of [...upward].sort()) {
  console.log(`  ${arrow} (${imports.length} import${imports.length === 1 ? '' : 's'})`);
  for (const line of imports.sort()) console.log(`      ${line}`);
}

const cycles = layerCycles(layerEdges);
console.log(`\nCycles between layers: ${cycles.length}`);
for (const cycle of cycles) console.log(`  ${cycle.join(' <-> ')}`);

if (countAllowed) {
  const total = [...allowed.values()].reduce((sum, count) => sum + count, 0);
  const by = [...allowed].map(([layer, count]) => `${layer} ${count}`).join(', ');
  console.log(
    `\nAllowed by decision 018 (the Platform type, the session guards' getPlatform): ${total} imports (${by})`,
  );
}
// A module outside every layer is checked by no layer rule: a new folder in app/ needs its row in the table.
console.log(`\nModules of app/ and functions/ in no layer: ${unlayered.length}`);
for (const path of unlayered.sort()) console.log(`  ${path}`);
process.exitCode = upward.size > 0 || unlayered.length > 0 ? 1 : 0;

/** Strongly connected groups of two or more layers (Tarjan), each sorted down the map. */
function layerCycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort((a, b) => rank.get(a)! - rank.get(b)!));
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return groups;
}
