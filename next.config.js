// @ts-check
/** Security headers for every response (remediation guard 7, docs/architecture.md). */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

// Content-Security-Policy is set per request with a nonce by proxy.ts (lib/server/http/csp.ts).

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and Node-only modules stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@kubernetes/client-node"],
  experimental: {
    // Next 16.4's persisted Turbopack cache for `next dev` (on by default) sends the browser a
    // "restart" of the page's entry chunks on every page load from the second start on: each
    // page reloaded itself forever (seen: 19-30 document loads in 15 s on /audit). Without it
    // `next dev` compiles from scratch at each start and every visit is one document load.
    turbopackFileSystemCacheForDev: false,
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

module.exports = nextConfig;
