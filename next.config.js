// @ts-check
/**
 * Security headers for every response (remediation guard 7, docs/architecture.md). One list,
 * also sent by the list fast lane that answers in front of Next.js (lib/server/http/list-fast-lane.ts).
 */
const securityHeaders = require("./lib/server/http/security-headers.json");

// Content-Security-Policy is set per request with a nonce by proxy.ts (lib/server/http/csp.ts).

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // A self-contained server (.next/standalone/server.js with only the node_modules files it
  // needs): what the container image runs, and what `npm run demo` serves
  // (https://nextjs.org/docs/app/api-reference/config/next-config-js/output).
  output: "standalone",
  // The repository is the tracing root, never a folder above it that happens to hold a lockfile.
  outputFileTracingRoot: __dirname,
  // No next/image here: without an optimizer there is no /_next/image endpoint fetching and
  // resizing on request, no image cache written under .next/cache at run time (the image's
  // root filesystem is read-only: maximumDiskCacheSize 0 also stops the eager creation of
  // .next/cache/images at start) and no sharp (19 MB of native code) in the server bundle.
  images: { unoptimized: true, maximumDiskCacheSize: 0 },
  outputFileTracingExcludes: { "*": ["node_modules/sharp/**", "node_modules/@img/**"] },
  poweredByHeader: false,
  // Native and Node-only modules stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@kubernetes/client-node"],
  experimental: {
    // Next.js buffers a request's body for proxy.ts (up to 10 MB by default) before the proxy
    // runs: 16 concurrent 9.5 MB POSTs took the server from 160 to 304 MiB. No route accepts more
    // than 8 KiB (lib/server/http/body-limit.ts; proxy.ts refuses a larger Content-Length first):
    // beyond 16 KiB Next.js now discards what it reads instead of holding it.
    proxyClientMaxBodySize: 16 * 1024,
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
