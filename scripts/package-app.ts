/**
 * Builds the app artifact: dist/app.tar.gz with build/, public/, server.js, package.json, package-lock.json
 * and the production node_modules (so an instance boots from the artifacts bucket with no registry access;
 * the private subnets have no internet route). The archive is reproducible for the same inputs (sorted
 * names, fixed times and owners, gzip without a timestamp), and its key in the artifacts bucket is
 * content-addressed: app/<sha256 prefix>.tar.gz, written to dist/app-artifact-key.txt. A new key changes
 * the launch template, which rolls the instances.
 *   npm run package:app [-- --skip-build]
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_APP_ARCHIVE = join(repoRoot, 'dist', 'app.tar.gz');
export const APP_CONTENTS = [
  'build',
  // The message catalogues, read at start-up (app/i18n/catalogue.server.ts).
  'app/locales',
  'public',
  'server.js',
  'package.json',
  'package-lock.json',
  'node_modules',
] as const;

export function appArtifactKey(archive: string): string {
  const digest = createHash('sha256').update(readFileSync(archive)).digest('hex');
  return `app/${digest.slice(0, 20)}.tar.gz`;
}

export function packageApp(options: { out?: string; skipBuild?: boolean } = {}): {
  archive: string;
  bytes: number;
  key: string;
} {
  const out = resolve(options.out ?? DEFAULT_APP_ARCHIVE);
  if (!options.skipBuild) execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  for (const required of ['build/index.js', 'server.js', 'package-lock.json']) {
    if (!existsSync(join(repoRoot, required))) throw new Error(`${required} is missing: the app artifact needs it`);
  }

  const staging = mkdtempSync(join(tmpdir(), 'app-artifact-'));
  try {
    for (const entry of APP_CONTENTS.filter((name) => name !== 'node_modules')) {
      if (existsSync(join(repoRoot, entry))) cpSync(join(repoRoot, entry), join(staging, entry), { recursive: true });
    }
    // A copy of the installed tree, pruned to production dependencies: the native modules (sharp's
    // linux-x64 build, sqlite3) stay as installed, and nothing is fetched again.
    cpSync(join(repoRoot, 'node_modules'), join(staging, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    execFileSync('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], {
      cwd: staging,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // Tool caches (vitest's results, build caches) are not part of the app and change on every test run.
    for (const cache of ['.cache', '.vite'])
      rmSync(join(staging, 'node_modules', cache), { recursive: true, force: true });

    mkdirSync(dirname(out), { recursive: true });
    const tar = execFileSync(
      'tar',
      [
        '--sort=name',
        '--mtime=@946684800',
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        '-cf',
        '-',
        ...APP_CONTENTS.filter((name) => existsSync(join(staging, name))),
      ],
      { cwd: staging, maxBuffer: 2 ** 31 - 1 },
    );
    writeFileSync(out, execFileSync('gzip', ['-n', '-6'], { input: tar, maxBuffer: 2 ** 31 - 1 }));
    const key = appArtifactKey(out);
    writeFileSync(join(dirname(out), 'app-artifact-key.txt'), `${key}\n`);
    return { archive: out, bytes: statSync(out).size, key };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'skip-build': { type: 'boolean' } } });
  const args = z.object({ out: z.string().min(1).optional(), 'skip-build': z.boolean().optional() }).parse(values);
  const { archive, bytes, key } = packageApp({ out: args.out, skipBuild: args['skip-build'] });
  console.log(`${relative(process.cwd(), archive)}: ${(bytes / 1024 / 1024).toFixed(1)} MiB, artifact key ${key}`);
}
