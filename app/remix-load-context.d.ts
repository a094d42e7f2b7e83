import '@remix-run/node';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Per-request Content-Security-Policy nonce, set by server.js. */
    cspNonce?: string;
    /** The client's address (behind the load balancer, from X-Forwarded-For via Express's trust proxy). */
    clientAddress?: string;
  }
}
