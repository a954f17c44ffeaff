import type { IncomingMessage, ServerResponse } from "node:http";

type NonceResponse = ServerResponse & { locals: { cspNonce: string } };

/**
 * The Content-Security-Policy of every response in production. Scripts run only from our own origin or with
 * the request's nonce (Remix's inline scripts get it through <Scripts nonce>), plus Stripe.js on the card
 * payment page. Inline style attributes stay allowed: charts size their bars with them, and styles cannot
 * run code. Nothing may frame Pasok; forms post only to Pasok.
 */
export function contentSecurityPolicy({ publicUrl }: { publicUrl: string }) {
  const nonce = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as NonceResponse).locals.cspNonce}'`;
  return {
    useDefaults: false,
    directives: {
      "default-src": ["'self'"],
      "script-src": ["'self'", nonce, "https://js.stripe.com"],
      "script-src-attr": ["'none'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:", "blob:"],
      "font-src": ["'self'", "data:"],
      "connect-src": ["'self'", "https://api.stripe.com"],
      "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
      "object-src": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
      ...(publicUrl.startsWith("https:") ? { "upgrade-insecure-requests": [] } : {}),
    },
  };
}
