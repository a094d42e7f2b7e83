/**
 * scrypt on a thread of its own, one per process, instead of Node's shared libuv pool (decision 314).
 *
 * `crypto.scrypt` runs on the libuv pool, which has four threads and also serves every file operation, sharp,
 * gzip and DNS lookups. Four concurrent hashes (joins, sign-ins) filled it for ~0.2 s each, and under load every
 * upload's temporary file, every photo header read and every gzipped page queued behind them: a join's upload
 * took seconds before its own hash started. A hash is CPU-bound, so more than one at a time per process buys
 * nothing on a small instance; on its own thread, one after another, it leaves the pool to I/O.
 */
import { Worker } from 'node:worker_threads';

export interface ScryptJob {
  password: string;
  salt: Buffer;
  keyLength: number;
  options: { N: number; r: number; p: number; maxmem: number };
}

// The thread's whole program: kept inline so that the server bundle needs no second entry file.
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
parentPort.on('message', ({ id, password, salt, keyLength, options }) => {
  try {
    const key = scryptSync(password, Buffer.from(salt), keyLength, options);
    parentPort.postMessage({ id, key });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

interface Pending {
  resolve(key: Buffer): void;
  reject(error: Error): void;
}

let thread: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

function startThread(): Worker {
  const worker = new Worker(THREAD_SOURCE, { eval: true, name: 'scrypt' });
  // An idle hashing thread must not keep a finished process (a test, a script) alive.
  worker.unref();
  worker.on('message', (message: { id: number; key?: Uint8Array; error?: string }) => {
    const job = pending.get(message.id);
    if (!job) return;
    pending.delete(message.id);
    if (pending.size === 0) worker.unref();
    if (message.key) job.resolve(Buffer.from(message.key));
    else job.reject(new Error(`scrypt failed: ${message.error ?? 'no key'}`));
  });
  // The thread died (out of memory, a bug): fail what it held, and start a new one at the next hash.
  const failAll = (error: Error) => {
    if (thread === worker) thread = null;
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the scrypt thread exited with code ${code}`)));
  return worker;
}

export function scryptOnThread(job: ScryptJob): Promise<Buffer> {
  const worker = (thread ??= startThread());
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // A job in flight keeps the process alive, as crypto.scrypt's callback would.
    if (pending.size === 1) worker.ref();
    worker.postMessage({ id, password: job.password, salt: job.salt, keyLength: job.keyLength, options: job.options });
  });
}
