/**
 * aws-local-stepfunctions 3 declares Node 22 and uses Promise.withResolvers, which Node 20 (this machine,
 * STACK.md) lacks. A function the engine calls, not an import for its effect: the server bundle drops
 * side-effect-only imports. A no-op on Node 22.
 */
export function ensurePromiseWithResolvers(): void {
  if ('withResolvers' in Promise) return;
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
      return { promise, resolve, reject };
    },
  });
}
