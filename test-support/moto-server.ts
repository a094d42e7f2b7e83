/**
 * moto's server from the project venv on a free 127.0.0.1 port, for tests of the AWS-side code that no
 * in-process emulator covers (Step Functions executing ASL, SQS). Each test file starts its own and stops it.
 * Step Functions execution is switched on before anything is created (STACK.md: moto executes ASL only when
 * told to, and a machine made before the switch stays in the non-executing store).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsClientSettingsSchema, type AwsClientSettings } from '@shared/aws-client-settings';

const MOTO_SERVER = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), '.venv', 'bin', 'moto_server');

export interface MotoServer {
  endpoint: string;
  region: string;
  /** Client timeouts for talking to moto: see MOTO_CLIENT_SETTINGS. */
  settings: AwsClientSettings;
  /** What moto printed, for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * moto is one Python process that runs a state machine's steps while it answers: on a loaded machine a call took
 * longer than production's 2 s bound (stop 19's CI failed a Step Functions test on it). Tests that talk to moto
 * wait up to 20 s a call; production's bounds are tested on their own in functions/shared/aws-clients.test.ts.
 */
export const MOTO_CLIENT_SETTINGS: AwsClientSettings = AwsClientSettingsSchema.parse({
  AWS_CONNECTION_TIMEOUT_MS: 5_000,
  AWS_REQUEST_TIMEOUT_MS: 20_000,
});

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export async function startMotoServer(): Promise<MotoServer> {
  if (!existsSync(MOTO_SERVER)) {
    throw new Error(`${MOTO_SERVER} is missing: run scripts/infra-setup.sh (it installs moto[server] in .venv)`);
  }
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let output = '';
  const moto: ChildProcess = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  moto.stdout!.on('data', (chunk) => (output += chunk));
  moto.stderr!.on('data', (chunk) => (output += chunk));

  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (moto.exitCode !== null || Date.now() - started > 30_000) {
      moto.kill();
      throw new Error(`moto_server did not start:\n${output}`);
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }

  const config = await fetch(`${endpoint}/moto-api/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stepfunctions: { execute_state_machine: true }, lambda: { use_docker: false } }),
  });
  if (!config.ok) throw new Error(`moto refused its configuration: ${config.status}`);

  return {
    endpoint,
    region: 'us-east-1',
    settings: MOTO_CLIENT_SETTINGS,
    log: () => output,
    async stop() {
      if (moto.exitCode !== null) return;
      const exited = new Promise((done) => moto.once('exit', done));
      moto.kill();
      await exited;
    },
  };
}
