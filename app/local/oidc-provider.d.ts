/**
 * The part of oidc-provider 9 that the local stand-in uses. The package ships no types and @types/oidc-provider
 * is not installed (nothing but the local runtime and the tests use the package).
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Context {
    type: string;
    body: unknown;
    host: string;
    /** Node's request (Koa's `ctx.req`): its headers give the stand-in's pages their language. */
    req: IncomingMessage;
  }
  interface ClientLike {
    clientId: string;
    clientName?: string;
  }
  interface InteractionLike {
    uid: string;
  }
  export interface Configuration {
    clients: Array<Record<string, unknown>>;
    findAccount(
      ctx: Context,
      subject: string,
    ): Promise<{ accountId: string; claims(): Promise<Record<string, unknown>> } | undefined>;
    claims: Record<string, string[]>;
    conformIdTokenClaims: boolean;
    pkce: { required: () => boolean };
    features: Record<string, Record<string, unknown>>;
    interactions: { url(ctx: Context, interaction: InteractionLike): string };
    cookies: { keys: string[] };
    jwks: { keys: Array<Record<string, unknown>> };
    ttl: Record<string, number | ((ctx: Context, token: unknown, client: ClientLike) => number)>;
    renderError(ctx: Context, out: { error: string; error_description?: string }, error: unknown): void;
  }
  interface InteractionDetails {
    uid: string;
    prompt: { name: string };
    params: Record<string, unknown>;
  }
  class Grant {
    constructor(properties: { accountId: string; clientId: string });
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    Client: { find(id: string): Promise<ClientLike | undefined> };
    Grant: typeof Grant;
  }
}
