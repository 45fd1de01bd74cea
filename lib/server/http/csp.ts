/**
 * The Content-Security-Policy of every response (remediation guard 7, docs/architecture.md). Scripts run only
 * with this request's nonce, and what they load ('strict-dynamic'): the App Router's inline
 * bootstrap carries the nonce (Next.js reads it from the request's CSP header), and an injected
 * <script> does not. Pages are rendered per request for that (app/layout.tsx). Development
 * also needs 'unsafe-eval' (React's debugging) and websockets (hot reload).
 * Pure: used by proxy.ts, tested on its own.
 */
import "server-only";

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: unguessable and new for every request. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The policy of one response, with a nonce of its own (proxy.ts, and the list fast lane). */
export function responsePolicy(): string {
  return contentSecurityPolicy(newNonce(), process.env.NODE_ENV === "development");
}
