/**
 * Fault injection (a stand-in for an outage, named as such): makes chosen AWS SDK commands fail on a real
 * client talking to a real emulator, so tests can prove what each failure leaves behind.
 */
interface MiddlewareClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'initialize'; name: string }): void;
    remove(name: string): boolean;
  };
}

export interface InjectedFault {
  /** How many commands failed because of this fault. */
  readonly hits: number;
  remove(): void;
}

/** The same, for a middleware that must see the request as it goes out (its body). */
interface FinalizeMiddlewareClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'finalizeRequest'; name: string }): void;
    remove(name: string): boolean;
  };
}

let counter = 0;

/**
 * Fails the `nth` (1-based) and later calls of `commandName` until removed (or only `times` of them).
 * Document-client commands reach the stack under their low-level names (PutCommand as PutItemCommand).
 */
export function failCommand(
  client: MiddlewareClient,
  commandName: string,
  options: { nth?: number; times?: number; message?: string; errorName?: string } = {},
): InjectedFault {
  const name = `injected-fault-${(counter += 1)}`;
  let calls = 0;
  let hits = 0;
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      if (context.commandName === commandName) {
        calls += 1;
        if (calls >= (options.nth ?? 1) && hits < (options.times ?? Infinity)) {
          hits += 1;
          const error = new Error(options.message ?? `injected outage: ${commandName}`);
          // A 'TimeoutError' is what the SDK throws when a store does not answer within its bound (decision 012).
          error.name = options.errorName ?? 'ServiceUnavailable';
          throw error;
        }
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return {
    get hits() {
      return hits;
    },
    remove: () => void client.middlewareStack.remove(name),
  };
}

/**
 * Runs `action` just before the first call of `commandName` (a race played at its worst moment, named as such),
 * then lets the call go ahead. Removed with the returned handle.
 */
export function beforeFirstCommand(
  client: MiddlewareClient,
  commandName: string,
  action: () => Promise<unknown>,
): InjectedFault {
  const name = `injected-action-${(counter += 1)}`;
  let hits = 0;
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      if (hits === 0 && context.commandName === commandName) {
        hits += 1;
        await action();
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return {
    get hits() {
      return hits;
    },
    remove: () => void client.middlewareStack.remove(name),
  };
}

/**
 * The first call of `commandName` sends its whole body, then its connection "hangs up" (a keep-alive socket the
 * other end had just closed; a stand-in, named as such), as a TimeoutError with code ECONNRESET. A streamed body
 * is then used up: whoever tries again must read it afresh.
 */
export function dropConnectionAfterBody(client: FinalizeMiddlewareClient, commandName: string): InjectedFault {
  const name = `injected-hang-up-${(counter += 1)}`;
  let hits = 0;
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      if (hits === 0 && context.commandName === commandName) {
        hits += 1;
        const body = (args as { request: { body?: AsyncIterable<unknown> } }).request.body;
        if (body && Symbol.asyncIterator in body) for await (const chunk of body) void chunk;
        throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' });
      }
      return next(args);
    },
    { step: 'finalizeRequest', name },
  );
  return {
    get hits() {
      return hits;
    },
    remove: () => void client.middlewareStack.remove(name),
  };
}

/** A client whose stack takes a middleware inside the SDK's retry loop (it runs once per attempt). */
interface PerAttemptMiddlewareClient {
  middlewareStack: {
    addRelativeTo(
      middleware: unknown,
      options: { relation: 'after'; toMiddleware: 'retryMiddleware'; name: string },
    ): void;
    remove(name: string): boolean;
  };
}

/**
 * The first attempt of `commandName` reaches the store and is applied, and then its answer is lost: the SDK sees
 * a TimeoutError, as when the answer comes after AWS_REQUEST_TIMEOUT_MS, and tries again (a stand-in for a slow
 * store, named as such). What a create-once write does on that retry is what the test sees.
 */
export function loseFirstAnswer(client: PerAttemptMiddlewareClient, commandName: string): InjectedFault {
  const name = `injected-lost-answer-${(counter += 1)}`;
  let hits = 0;
  client.middlewareStack.addRelativeTo(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const answer = await next(args);
      if (hits === 0 && context.commandName === commandName) {
        hits += 1;
        throw Object.assign(new Error('the answer did not come in time'), { name: 'TimeoutError' });
      }
      return answer;
    },
    { relation: 'after', toMiddleware: 'retryMiddleware', name },
  );
  return {
    get hits() {
      return hits;
    },
    remove: () => void client.middlewareStack.remove(name),
  };
}
