/**
 * aws-local-stepfunctions 3 declares Node 22 and uses Promise.withResolvers, which Node 20 (this machine,
 * STACK.md) lacks. Imported for its effect before the library runs; a no-op on Node 22.
 */
if (!('withResolvers' in Promise)) {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
      return { promise, resolve, reject };
    },
  });
}

export {};
