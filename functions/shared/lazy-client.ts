/**
 * A client of a service that most processes never call (SNS, Rekognition, Step Functions, SQS, SES): its SDK
 * package is imported and the client built on the first `send`, not when the platform is put together
 * (docs/decisions/030-rare-aws-sdks-loaded-on-first-use.md). Adapters take `Pick<Client, 'send'>` as before, so a
 * test still hands them a stand-in.
 */
export type LazyClient<Client extends SdkClient> = Pick<Client, 'send' | 'destroy'>;

/** What every AWS SDK v3 client has: `send` in its promise form, and `destroy`. */
interface SdkClient {
  send(command: never, options?: never): Promise<unknown>;
  destroy(): void;
}

export function clientOnFirstSend<Client extends SdkClient>(build: () => Promise<Client>): LazyClient<Client> {
  let building: Promise<Client> | undefined;
  let built: Client | undefined;
  async function send(command: never, options?: never): Promise<unknown> {
    building ??= build().then((client) => (built = client));
    return (await building).send(command, options);
  }
  return {
    // The SDK's send also has callback forms; every caller here awaits the promise, the one form forwarded.
    send: send as Client['send'],
    // A client never built has opened no connection.
    destroy: () => built?.destroy(),
  };
}
