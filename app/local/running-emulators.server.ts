/**
 * Where a running local server's emulators listen, for the commands run beside it. The primary starts dynalite
 * and s3rver on spare ports over the files under DATA_DIR/emulators; dynalite's LevelDB locks its directory, so a
 * command that started its own emulators there (`npm run privacy:residue`) failed while the server ran, and was
 * blind to what the server holds in any case. The primary writes the endpoints to a file beside the data while it
 * runs, and such a command uses them when their process is still alive and answers.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export interface RunningEmulatorEndpoints {
  dynamodbEndpoint: string;
  s3Endpoint: string;
}

const fileSchema = z.object({
  pid: z.number().int().positive(),
  dynamodbEndpoint: z.string().url(),
  s3Endpoint: z.string().url(),
});

export function runningEmulatorsFile(dataDir: string): string {
  return path.join(dataDir, 'emulators', 'running.json');
}

/** Called by the primary once its emulators answer; `pid` is the process that owns them. */
export async function recordRunningEmulators(
  dataDir: string,
  endpoints: RunningEmulatorEndpoints,
  pid: number = process.pid,
): Promise<void> {
  const file = runningEmulatorsFile(dataDir);
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Written whole, then renamed: a reader never sees half a file.
  await fs.writeFile(
    `${file}.tmp`,
    JSON.stringify({ pid, dynamodbEndpoint: endpoints.dynamodbEndpoint, s3Endpoint: endpoints.s3Endpoint }),
  );
  await fs.rename(`${file}.tmp`, file);
}

/** Called by the primary as it stops its emulators. */
export async function forgetRunningEmulators(dataDir: string): Promise<void> {
  await fs.rm(runningEmulatorsFile(dataDir), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * The endpoints of the emulators a server on this DATA_DIR is running, or null when none is (no file, or one left
 * by a server that was killed: its process is gone, or its ports no longer answer).
 */
export async function findRunningEmulators(dataDir: string): Promise<RunningEmulatorEndpoints | null> {
  const text = await fs.readFile(runningEmulatorsFile(dataDir), 'utf8').catch(() => null);
  if (!text) return null;
  let parsed;
  try {
    parsed = fileSchema.safeParse(JSON.parse(text));
  } catch {
    return null;
  }
  if (!parsed.success || !isAlive(parsed.data.pid)) return null;
  const { dynamodbEndpoint, s3Endpoint } = parsed.data;
  if (!(await answers(dynamodbEndpoint)) || !(await answers(s3Endpoint))) return null;
  return { dynamodbEndpoint, s3Endpoint };
}
