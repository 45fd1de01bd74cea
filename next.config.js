// @ts-check
/** Security headers for every response (issue: remediation guards, item 7). */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/**
 * Content-Security-Policy (remediation issue, guard 7). Scripts: 'self' plus 'unsafe-inline',
 * because Next.js streams inline scripts for hydration and the statically prerendered pages
 * cannot carry a per-request nonce (Next.js docs, "Content Security Policy": nonces need every
 * page rendered dynamically); dev mode also needs 'unsafe-eval' (React's error overlay).
 * Everything else is locked to this origin: fetches, frames (none), forms, base URI, objects.
 */
const isDev = process.env.NODE_ENV === "development";
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${isDev ? " ws: wss:" : ""}`,
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");
securityHeaders.push({ key: "Content-Security-Policy", value: contentSecurityPolicy });

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and Node-only modules stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@kubernetes/client-node"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

module.exports = nextConfig;
