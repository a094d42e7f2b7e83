/**
 * The photo function in a process of its own, as Lambda runs it apart from the store that fires the event. In the
 * S3 emulator's process, the face model (synchronous WebAssembly, about a second per photo) held s3rver's event
 * loop: every upload and photo download waited behind it, and joins under load timed out (found by the
 * resilience harness). The runner is photo-runner-entry.server.ts beside this file, forked on the first event and
 * again after it dies; it exits when this process goes away (its IPC channel closes), so a killed emulator leaves
 * no orphan. The entry is TypeScript run through tsx, as the emulator processes are: only they fork it (the
 * one-command layout, and so the production bundle, runs the function in-process: decision 013).
 *
 * One invocation is sent at a time per message id; the trigger's queue decides how many run at once.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Logger } from '@shared/logger';
import type { PhotoRun } from './photo-trigger.server';

export const PhotoRunnerReplySchema = z.object({
  id: z.number().int(),
  ok: z.boolean(),
  error: z.string().max(2_000).optional(),
});
export type PhotoRunnerReply = z.infer<typeof PhotoRunnerReplySchema>;

export const PhotoRunnerRequestSchema = z.object({ id: z.number().int(), event: z.unknown() });

// Resolved beside this module, so the entry and its imports stay in app/local/ (the import graph sees them).
const RUNNER_ENTRY = fileURLToPath(new URL('./photo-runner-entry.server.ts', import.meta.url));

export interface PhotoRunner {
  run: PhotoRun;
  /** The runner's process id while it runs (tests, the operator). */
  pid(): number | undefined;
  stop(): Promise<void>;
}

export function forkPhotoRunner(options: {
  log: Logger;
  /** Added to the runner's scheduling priority (LOCAL_PHOTO_RUNNER_NICENESS; 0 = as the stores). */
  niceness: number;
  env?: NodeJS.ProcessEnv;
}): PhotoRunner {
  let child: ChildProcess | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  function start(): ChildProcess {
    const started = fork(RUNNER_ENTRY, [], {
      execArgv: ['--import', 'tsx'],
      env: options.env ?? process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    if (options.niceness > 0 && started.pid) {
      try {
        os.setPriority(started.pid, options.niceness);
      } catch (error) {
        options.log.warn('photo runner priority could not be lowered', { error });
      }
    }
    started.on('message', (message) => {
      const reply = PhotoRunnerReplySchema.safeParse(message);
      if (!reply.success) return options.log.error('photo runner sent an unreadable reply', {});
      const waiter = pending.get(reply.data.id);
      pending.delete(reply.data.id);
      if (reply.data.ok) waiter?.resolve();
      else waiter?.reject(new Error(reply.data.error ?? 'the photo function failed'));
    });
    started.once('exit', (code, signal) => {
      if (child === started) child = undefined;
      if (pending.size > 0) options.log.error('photo runner exited with invocations in flight', { code, signal });
      for (const waiter of pending.values()) waiter.reject(new Error(`the photo runner exited (${signal ?? code})`));
      pending.clear();
    });
    return started;
  }

  return {
    run(event) {
      child ??= start();
      const id = (nextId += 1);
      const running = child;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        running.send({ id, event }, (error) => {
          if (!error) return;
          pending.delete(id);
          reject(error);
        });
      });
    },
    pid: () => child?.pid,
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    },
  };
}
