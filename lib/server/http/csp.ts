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

/**
 * 128 random bits, base64: unguessable and new for every request. The bits come from the
 * system's CSPRNG 4 KiB at a time and each is used once (a getRandomValues call and a btoa per
 * nonce were ~0.2 ms of the list fast lane's answer in a CPU profile under 32 clients).
 */
export function newNonce(): string {
  if (poolAt + NONCE_BYTES > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    poolAt = 0;
  }
  const text = base64(pool, poolAt, poolAt + NONCE_BYTES);
  pool.fill(0, poolAt, poolAt + NONCE_BYTES);
  poolAt += NONCE_BYTES;
  return text;
}
const NONCE_BYTES = 16;
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let poolAt = 0;

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** RFC 4648 §4 base64 (with padding) of bytes[from, to). */
export function base64(bytes: Uint8Array, from = 0, to = bytes.length): string {
  let out = "";
  let i = from;
  for (; i + 2 < to; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + BASE64[(n >> 6) & 63] + BASE64[n & 63];
  }
  if (to - i === 1) {
    const n = bytes[i] << 16;
    out += `${BASE64[n >> 18]}${BASE64[(n >> 12) & 63]}==`;
  } else if (to - i === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += `${BASE64[n >> 18]}${BASE64[(n >> 12) & 63]}${BASE64[(n >> 6) & 63]}=`;
  }
  return out;
}

/** The policy of one response, with a nonce of its own (proxy.ts, and the list fast lane). */
export function responsePolicy(): string {
  const dev = process.env.NODE_ENV === "development";
  const [before, after] = (policyAround[dev ? 1 : 0] ??= contentSecurityPolicy(NONCE_MARK, dev).split(NONCE_MARK) as [string, string]);
  return `${before}${newNonce()}${after}`;
}
/** The policy's text before and after its nonce, made once per mode (production, development). */
const policyAround: Array<[string, string]> = [];
const NONCE_MARK = "\u0000nonce\u0000";
