// What our HTTP server (server/index.ts) hands every loader and action besides the request.
export {};

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The per-request nonce of the Content-Security-Policy; every inline script carries it. */
    cspNonce?: string;
    /** The client's address: the socket's, or the nearest trusted proxy's X-Forwarded-For entry with TRUST_PROXY. */
    clientAddress?: string | null;
    /** The id of this request in the server's logs (also sent as X-Request-Id). */
    requestId?: string;
  }
}
