/**
 * The Python tools the infrastructure tests run, from the project venv that scripts/infra-setup.sh makes.
 * A missing tool fails the test with that instruction; it never skips.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VENV_BIN = join(REPO_ROOT, '.venv', 'bin');

export function venvTool(name: 'cfn-lint' | 'checkov' | 'aws' | 'python' | 'moto_server'): string {
  const path = join(VENV_BIN, name);
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: run scripts/infra-setup.sh (it creates .venv with cfn-lint, checkov, moto[server] and awscli)`,
    );
  }
  return path;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell; resolves with its exit code and output (never rejects on a non-zero exit). */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd ?? REPO_ROOT,
        env: (options.env ?? process.env) as NodeJS.ProcessEnv,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolvePromise({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}
