/**
 * Writes every template as YAML to cloudformation/dist/ (or the folder given as --out).
 * Same source, same bytes: nothing here depends on time or environment.
 *   npm run cfn:build [-- --out <dir>]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { TEMPLATES } from '../cloudformation/templates/index.js';
import { toYaml } from '../cloudformation/lib/yaml.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT_DIR = join(repoRoot, 'cloudformation', 'dist');

export function buildTemplates(outDir = DEFAULT_OUT_DIR): Record<string, string> {
  mkdirSync(outDir, { recursive: true });
  const written: Record<string, string> = {};
  for (const [file, build] of Object.entries(TEMPLATES)) {
    const path = join(outDir, file);
    writeFileSync(path, toYaml(build()));
    written[file] = path;
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const args = z.object({ out: z.string().min(1).optional() }).parse(values);
  for (const [file, path] of Object.entries(buildTemplates(args.out ? resolve(args.out) : undefined))) {
    console.log(`${file} -> ${path}`);
  }
}
