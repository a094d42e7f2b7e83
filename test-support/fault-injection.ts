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
