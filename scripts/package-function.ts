/**
 * Bundles the photo function for Lambda: dist/photo-processor.zip with
 *   index.mjs (+ .map)       functions/photo-processor/handler.ts and everything it imports, bundled by esbuild (ESM)
 *   node_modules/sharp, @img  sharp and its linux-x64 glibc binaries, installed for that platform in a temp folder
 * The zip is reproducible (sorted entries, fixed timestamps), so `aws cloudformation package`, which names
 * uploads by content hash, uploads a new bundle only when the code changed.
 *   npm run package:function [-- --out dist/photo-processor.zip]
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { z } from 'zod';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HANDLER_SOURCE = join(repoRoot, 'functions', 'photo-processor', 'handler.ts');
export const DEFAULT_FUNCTION_ZIP = join(repoRoot, 'dist', 'photo-processor.zip');
export const SHARP_VERSION = '0.35.5';
const FIXED_TIME = new Date('2000-01-01T00:00:00Z');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? [path, ...listFiles(path)] : [path];
    })
    .sort();
}

export async function packageFunction(outFile = DEFAULT_FUNCTION_ZIP): Promise<{ zip: string; bytes: number }> {
  if (!existsSync(HANDLER_SOURCE)) throw new Error(`${relative(repoRoot, HANDLER_SOURCE)} does not exist yet`);
  const work = mkdtempSync(join(tmpdir(), 'photo-function-'));
  try {
    const bundleDir = join(work, 'bundle');
    mkdirSync(bundleDir);
    await build({
      entryPoints: [HANDLER_SOURCE],
      outfile: join(bundleDir, 'index.mjs'),
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      legalComments: 'none',
      // sharp loads a native binary at run time: it ships beside the bundle, installed for Lambda's platform.
      external: ['sharp'],
      // Bundled CommonJS dependencies call require(); ESM has none, so the bundle gets one.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      logLevel: 'warning',
    });

    // npm installs sharp with the optional @img packages of the requested platform, not this machine's.
    const installDir = join(work, 'install');
    mkdirSync(installDir);
    writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'photo-function-deps', private: true }));
    execFileSync(
      'npm',
      [
        'install',
        '--os=linux',
        '--cpu=x64',
        '--libc=glibc',
        '--omit=dev',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        `sharp@${SHARP_VERSION}`,
      ],
      { cwd: installDir, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    cpSync(join(installDir, 'node_modules'), join(bundleDir, 'node_modules'), { recursive: true });
    if (!existsSync(join(bundleDir, 'node_modules', '@img', 'sharp-linux-x64'))) {
      throw new Error('sharp was installed without @img/sharp-linux-x64: the bundle would not run on Lambda');
    }

    // Type declarations, C headers and readmes are not needed at run time.
    for (const file of listFiles(bundleDir)) {
      if (/\.d\.[cm]?ts$|\.h$|README\.md$/.test(file) && statSync(file).isFile()) rmSync(file);
    }
    const files = listFiles(bundleDir);
    for (const file of [...files, bundleDir]) utimesSync(file, FIXED_TIME, FIXED_TIME);
    const out = resolve(outFile);
    mkdirSync(dirname(out), { recursive: true });
    rmSync(out, { force: true });
    // -X: no extra attributes (uid/gid, extended times); -D: no directory entries; sorted names: same bytes each time.
    execFileSync('zip', ['-q', '-X', '-D', '-9', out, '-@'], {
      cwd: bundleDir,
      input: files
        .filter((file) => statSync(file).isFile())
        .map((file) => relative(bundleDir, file))
        .join('\n'),
    });
    return { zip: out, bytes: statSync(out).size };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const args = z.object({ out: z.string().min(1).optional() }).parse(values);
  const { zip, bytes } = await packageFunction(args.out);
  console.log(`${relative(process.cwd(), zip)}: ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
}
