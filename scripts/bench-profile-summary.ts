/**
 * Summarises a V8 CPU profile (`node --cpu-prof`) as the bench's "where the time goes": self time grouped by
 * package (node_modules/<name>, our bundle, Node's internals, GC), and the top functions by self time.
 * Idle time is left out of the shares, so they add up to the time the process was busy.
 *
 * Usage: npx tsx scripts/bench-profile-summary.ts <file.cpuprofile> [top=25]
 */
import fs from 'node:fs';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  byPackage: Array<{ name: string; ms: number; share: number }>;
  byFunction: Array<{ name: string; ms: number; share: number }>;
  /** Time with the package anywhere on the stack: what a package costs including what it calls. */
  onStackByPackage: Array<{ name: string; ms: number; share: number }>;
  /** The same for our own functions (the server bundle), e.g. a loader, getUser, handleRequest. */
  onStackByOwnFunction: Array<{ name: string; ms: number; share: number }>;
}

/** node_modules/<pkg> (scoped too), our server bundle, Node's internals, or V8's own entries such as GC. */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1];
  if (url.startsWith('node:')) return 'node internals';
  if (/\/build\/index\.js$/.test(url)) return 'app bundle (build/index.js)';
  return url.replace(/^file:\/\//, '').replace(/^.*\/(?=[^/]+\/[^/]+$)/, '');
}

export function summariseProfile(raw: unknown, top = 25): ProfileSummary {
  const profile = profileSchema.parse(raw);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const onStackPackages = new Map<string, number>();
  const onStackOwn = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const seenPackages = new Set<string>();
    const seenOwn = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const pkg = packageOf(frame.url, frame.functionName);
      seenPackages.add(pkg);
      if (pkg.startsWith('app bundle') && frame.functionName) seenOwn.add(frame.functionName);
    }
    for (const pkg of seenPackages) onStackPackages.set(pkg, (onStackPackages.get(pkg) ?? 0) + ms);
    for (const name of seenOwn) onStackOwn.set(name, (onStackOwn.get(name) ?? 0) + ms);
  }
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    const pkg = packageOf(frame.url, frame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    const name = `${frame.functionName || '(anonymous)'} ${pkg}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  const ranked = (map: Map<string, number>, limit: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, ms]) => ({ name, ms, share: ms / Math.max(busyMs, 1e-9) }));
  return {
    busyMs,
    idleMs,
    byPackage: ranked(packages, top),
    byFunction: ranked(functions, top),
    onStackByPackage: ranked(onStackPackages, top),
    onStackByOwnFunction: ranked(onStackOwn, top),
  };
}

export function formatSummary(summary: ProfileSummary): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  return [
    `busy ${(summary.busyMs / 1000).toFixed(1)} s, idle ${(summary.idleMs / 1000).toFixed(1)} s`,
    '',
    '| self time by package | ms | share of busy |',
    '|---|---:|---:|',
    ...summary.byPackage.map((row) => `| ${row.name} | ${row.ms.toFixed(0)} | ${pct(row.share)} |`),
    '',
    '| top functions (self time) | ms | share of busy |',
    '|---|---:|---:|',
    ...summary.byFunction.map((row) => `| ${row.name} | ${row.ms.toFixed(0)} | ${pct(row.share)} |`),
    '',
    '| package on the stack (inclusive) | ms | share of busy |',
    '|---|---:|---:|',
    ...summary.onStackByPackage.map((row) => `| ${row.name} | ${row.ms.toFixed(0)} | ${pct(row.share)} |`),
    '',
    '| our function on the stack (inclusive) | ms | share of busy |',
    '|---|---:|---:|',
    ...summary.onStackByOwnFunction.map((row) => `| ${row.name} | ${row.ms.toFixed(0)} | ${pct(row.share)} |`),
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const args = z
    .tuple([z.string().min(1), z.coerce.number().int().min(1).max(200).default(25)])
    .parse([process.argv[2], process.argv[3] ?? undefined]);
  console.log(formatSummary(summariseProfile(JSON.parse(fs.readFileSync(args[0], 'utf8')), args[1])));
}
