/**
 * A real single-node OpenSearch 2.19 for the adapter's tests and the search bench: Java from the Maven
 * Central jars (./prepare.sh, ./TestNode.java), HTTP on 127.0.0.1 at a free port, data in a temp dir that
 * is deleted on stop. About 8 s to green and 260 MB of memory, so a test file starts one in beforeAll.
 * OPENSEARCH_TEST_URL points at a node that is already running instead (it is then left running).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

export interface OpenSearchTestNode {
  url: string;
  /** The JVM's process id when this module started it (for memory figures); unset for OPENSEARCH_TEST_URL. */
  pid?: number;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const STARTUP_LIMIT_MS = 120_000;

export async function startOpenSearchNode(): Promise<OpenSearchTestNode> {
  const existing = process.env.OPENSEARCH_TEST_URL;
  if (existing) {
    await waitForGreen(existing, undefined, STARTUP_LIMIT_MS);
    return { url: existing, stop: async () => {} };
  }

  const { stdout } = await promisify(execFile)('bash', [path.join(here, 'prepare.sh')], { maxBuffer: 1 << 20 });
  const built = stdout.trim().split('\n').at(-1)!;
  const home = await mkdtemp(path.join(tmpdir(), 'opensearch-test-'));
  const port = await freePort();
  const java = spawn(
    'java',
    [
      '-Xms256m',
      '-Xmx512m',
      // The node's own default JVM options (a distribution passes these from config/jvm.options).
      '-Dlog4j2.disable.jmx=true',
      '-XX:+UseSerialGC',
      '-cp',
      `${built}/lib/*:${built}/classes`,
      'TestNode',
      home,
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Kept for the error message if the node does not come up; the node logs a lot, so only the tail.
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  java.stdout.on('data', keep);
  java.stderr.on('data', keep);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(java);
    await rm(home, { recursive: true, force: true });
  };
  try {
    await waitForGreen(url, java, STARTUP_LIMIT_MS);
  } catch (error) {
    await stop();
    throw new Error(`the test OpenSearch node did not start: ${(error as Error).message}\n${output}`);
  }
  return { url, pid: java.pid, stop };
}

async function waitForGreen(url: string, java: ChildProcess | undefined, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (java && java.exitCode !== null) throw new Error(`java exited with ${java.exitCode}`);
    try {
      const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=2s`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no cluster answering at ${url} within ${limitMs / 1000} s`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
