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
  // Native modules stay outside the server bundle. @kubernetes/client-node goes in: outside, Node
  // loaded it as ~960 separate ES modules at every start (its index pulls in every generated
  // API model), the largest part of the time before the first cluster list went out; bundled,
  // only KubeConfig's module graph (lib/server/kube/kubeconfig.ts) is in, in a few chunks.
  serverExternalPackages: ["better-sqlite3"],
  experimental: {
    // Next.js loads every page's and route's module right after instrumentation.ts's register()
    // (NextNodeServer.unstable_preloadEntries), while the first cluster lists are coming in: at
    // 10,000 Functions it held their processing back by about its own length. Without it, a
    // page's module is loaded by its first request (the list API answers in front of Next.js,
    // lib/server/http/list-fast-lane.ts, and needs none).
    preloadEntriesOnStart: false,
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
