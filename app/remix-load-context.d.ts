import '@remix-run/node';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Per-request Content-Security-Policy nonce, set by server.js. */
    cspNonce?: string;
    /** The client's address (behind the load balancer, from X-Forwarded-For via Express's trust proxy). */
    clientAddress?: string;
    /**
     * Fields a route adds to its request's one log line (server.js): the SCIM routes name the connection and the
     * operation there (app/services/scim/scim-request-log.server.ts). Never a value about a person.
     */
    requestLog?: Record<string, string | number | undefined>;
  }
}
