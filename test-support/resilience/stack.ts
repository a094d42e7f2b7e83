/**
 * The system under test, as separate processes that the harness can kill and start again: a throwaway MariaDB,
 * dynalite and s3rver (each `scripts/local-emulator.ts`, the photo trigger with s3rver), and the production
 * server (`node server.js`, all workers) pointed at all three, as on AWS.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export type Store = 'mariadb' | 'dynamodb' | 's3';

/** What /readyz calls each store (app/platform.server.ts). */
export const READINESS_NAME: Record<Store, string> = { mariadb: 'database', dynamodb: 'dynamodb', s3: 's3' };

const root = path.resolve(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  const server = http.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

async function answers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
  await response.arrayBuffer();
  return response.status < 500;
}

interface Managed {
  child: ChildProcess;
  exited: Promise<void>;
  output: string[];
}

function launch(command: string, args: string[], env: Record<string, string | undefined>, logFile: string): Managed {
  const child: ChildProcess = spawn(command, args, {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (chunk: Buffer) => {
      log.write(chunk);
      output.push(...chunk.toString().split('\n').filter(Boolean));
      if (output.length > 5000) output.splice(0, output.length - 5000);
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, output };
}

export interface StackOptions {
  workDir: string;
  workers: number;
  demoEmployees: number;
  /** Extra server settings (the harness shortens the HTTP timeouts). */
  serverEnv?: Record<string, string>;
}

export class Stack {
  readonly serverUrl: string;
  readonly mysqlUrl: string;
  private readonly ports: { server: number; mariadb: number; dynamodb: number; s3: number };
  private readonly stores = new Map<Store, Managed>();
  private server?: Managed;
  private serverExits = 0;

  private constructor(
    private readonly options: StackOptions,
    ports: { server: number; mariadb: number; dynamodb: number; s3: number },
  ) {
    this.ports = ports;
    this.serverUrl = `http://127.0.0.1:${ports.server}`;
    this.mysqlUrl = `mysql://root@127.0.0.1:${ports.mariadb}/employees`;
  }

  static async create(options: StackOptions): Promise<Stack> {
    fs.rmSync(options.workDir, { recursive: true, force: true });
    fs.mkdirSync(path.join(options.workDir, 'logs'), { recursive: true });
    const ports = {
      server: await freePort(),
      mariadb: await freePort(),
      dynamodb: await freePort(),
      s3: await freePort(),
    };
    return new Stack(options, ports);
  }

  get dynamodbEndpoint(): string {
    return `http://127.0.0.1:${this.ports.dynamodb}`;
  }

  get s3Endpoint(): string {
    return `http://127.0.0.1:${this.ports.s3}`;
  }

  /** The environment of the server and the emulators: one DATA_DIR, the three stores' addresses. */
  get env(): Record<string, string | undefined> {
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      APP_ENV: 'local',
      HOST: '127.0.0.1',
      PORT: String(this.ports.server),
      DATA_DIR: path.join(this.options.workDir, 'data'),
      DATABASE_URL: this.mysqlUrl,
      DYNAMODB_ENDPOINT: this.dynamodbEndpoint,
      S3_ENDPOINT: this.s3Endpoint,
      WEB_CONCURRENCY: String(this.options.workers),
      SEED_DEMO_DATA: 'true',
      DEMO_EMPLOYEE_COUNT: String(this.options.demoEmployees),
      LOG_LEVEL: 'warn',
      // To try the photo runner at a lower priority than the web server (decision 013); unset = the default.
      LOCAL_PHOTO_RUNNER_NICENESS: process.env.LOCAL_PHOTO_RUNNER_NICENESS,
      // To try the workers under another heap cap (decision 316); unset = the default.
      WORKER_HEAP_MB: process.env.WORKER_HEAP_MB,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      ...this.options.serverEnv,
    };
  }

  async startAll(): Promise<void> {
    const mariadbDir = path.join(this.options.workDir, 'mariadb');
    fs.mkdirSync(mariadbDir, { recursive: true });
    execFileSync(
      'mariadb-install-db',
      ['--user=root', `--datadir=${mariadbDir}/data`, '--auth-root-authentication-method=normal', '--skip-test-db'],
      { stdio: 'ignore' },
    );
    await this.start('mariadb');
    execFileSync('mariadb', [
      '--no-defaults',
      '-h127.0.0.1',
      `-P${this.ports.mariadb}`,
      '-uroot',
      '-e',
      'CREATE DATABASE employees CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci',
    ]);
    await Promise.all([this.start('dynamodb'), this.start('s3')]);
    await this.startServer();
  }

  /** Starts (or starts again) one store on its fixed port and data directory; resolves when it answers. */
  async start(store: Store): Promise<void> {
    const logFile = path.join(this.options.workDir, 'logs', `${store}.log`);
    if (store === 'mariadb') {
      const dir = path.join(this.options.workDir, 'mariadb');
      this.stores.set(
        store,
        launch(
          'mariadbd',
          [
            '--no-defaults',
            '--user=root',
            `--datadir=${dir}/data`,
            `--port=${this.ports.mariadb}`,
            '--bind-address=127.0.0.1',
            `--socket=${dir}/mysqld.sock`,
            `--pid-file=${dir}/mysqld.pid`,
            '--skip-name-resolve',
            '--character-set-server=utf8mb4',
            '--collation-server=utf8mb4_unicode_ci',
            '--innodb-buffer-pool-size=128M',
            '--max-connections=500',
          ],
          { PATH: process.env.PATH },
          logFile,
        ),
      );
      await waitUntil(
        'MariaDB answering',
        async () => {
          execFileSync('mariadb-admin', ['--no-defaults', '-h127.0.0.1', `-P${this.ports.mariadb}`, '-uroot', 'ping'], {
            stdio: 'ignore',
          });
          return true;
        },
        30_000,
      );
      return;
    }
    // node --import tsx (not the tsx wrapper, which forks): the pid the harness kills is the emulator itself.
    this.stores.set(
      store,
      launch(process.execPath, ['--import', 'tsx', 'scripts/local-emulator.ts', store], this.env, logFile),
    );
    await waitUntil(
      `${store} emulator answering`,
      () => answers(store === 's3' ? this.s3Endpoint : this.dynamodbEndpoint),
      30_000,
    );
  }

  /** `kill -9`: the store vanishes mid-conversation, as a crashed instance does. */
  async kill(store: Store): Promise<void> {
    const managed = this.stores.get(store);
    if (!managed) throw new Error(`${store} is not running`);
    managed.child.kill('SIGKILL');
    await managed.exited;
    this.stores.delete(store);
  }

  async startServer(): Promise<void> {
    this.server = launch(process.execPath, ['server.js'], this.env, this.serverLogFile);
    const server = this.server;
    void server.exited.then(() => {
      this.serverExits += 1;
    });
    await waitUntil(
      'the server ready',
      async () => (await fetch(`${this.serverUrl}/readyz`, { signal: AbortSignal.timeout(2000) })).status === 200,
      180_000,
    );
  }

  get serverPid(): number {
    return this.server!.child.pid!;
  }

  get serverOutput(): string[] {
    return this.server?.output ?? [];
  }

  /** Exits of the primary so far (the harness expects none until it stops the server itself). */
  get primaryExits(): number {
    return this.serverExits;
  }

  storeRunning(store: Store): boolean {
    return this.stores.has(store) && this.stores.get(store)!.child.exitCode === null;
  }

  /**
   * Each worker exit the primary logged (the code, the signal) and what V8 or Node printed before one died on its
   * own (an out-of-memory, an uncaught error): a replaced worker in a run explains itself.
   */
  workerExits(): { exits: unknown[]; fatal: string[] } {
    const lines = this.serverLogSince(0);
    const exits = lines
      .filter((line) => line.includes('worker exited'))
      .map((line) => {
        try {
          const { workerPid, code, signal } = JSON.parse(line) as Record<string, unknown>;
          return { workerPid, code, signal };
        } catch {
          return line;
        }
      });
    const fatal = lines.filter((line) => /FATAL ERROR|heap out of memory|Uncaught|uncaughtException/i.test(line));
    return { exits, fatal: fatal.slice(-10) };
  }

  /** Where the server's stdout and stderr go, across restarts (.tmp/resilience/logs locally). */
  get serverLogFile(): string {
    return path.join(this.options.workDir, 'logs', 'server.log');
  }

  /** A place in the server's log: what it wrote after this is what a check caused. */
  serverLogMark(): number {
    return fs.existsSync(this.serverLogFile) ? fs.statSync(this.serverLogFile).size : 0;
  }

  private serverLogSince(mark: number): string[] {
    if (!fs.existsSync(this.serverLogFile)) return [];
    return fs.readFileSync(this.serverLogFile).subarray(mark).toString('utf8').split('\n').filter(Boolean);
  }

  /**
   * The warnings and errors the server logged since a mark (LOG_LEVEL is warn here): each request answered 5xx
   * (method, path, status, time taken) and each other warning with its error's name and message. A check that
   * counts a 5xx or an error then says which request it was and why, in CI's summary line too.
   */
  serverProblemsSince(mark: number, limit = 6): { count: number; first: string[] } {
    // Failed requests first, then errors, then warnings: routine warnings (a photo redriven) must not crowd out
    // the line that explains a failure.
    const problems = this.serverLogSince(mark).flatMap((line): Array<{ rank: number; text: string }> => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return /error|fatal|uncaught/i.test(line) ? [{ rank: 1, text: line.slice(0, 200) }] : [];
      }
      if (entry.level !== 'warn' && entry.level !== 'error') return [];
      if (entry.message === 'request')
        return [{ rank: 0, text: `${entry.method} ${entry.path} ${entry.status} in ${entry.durationMs} ms` }];
      const error = entry.error as { name?: string; message?: string } | undefined;
      const detail = error ? ` (${error.name}: ${String(error.message).slice(0, 160)})` : '';
      const text = `${entry.level}: ${entry.message}${entry.routeId ? ` [${entry.routeId}]` : ''}${detail}`;
      return [{ rank: entry.level === 'error' ? 1 : 2, text }];
    });
    const first = problems
      .sort((a, b) => a.rank - b.rank)
      .slice(0, limit)
      .map(({ text }) => text);
    return { count: problems.length, first };
  }

  /** The primary's children: the HTTP workers. */
  workerPids(): number[] {
    const file = `/proc/${this.serverPid}/task/${this.serverPid}/children`;
    return fs.readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  }

  async stopServer(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.server || this.server.child.exitCode !== null) return;
    this.server.child.kill(signal);
    await this.server.exited;
  }

  serverExitCode(): number | null {
    return this.server?.child.exitCode ?? null;
  }

  async stopAll(): Promise<void> {
    await this.stopServer();
    for (const [store, managed] of this.stores) {
      managed.child.kill('SIGTERM');
      await Promise.race([managed.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      this.stores.delete(store);
    }
  }
}
