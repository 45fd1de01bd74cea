import "server-only";

/**
 * CSRF defence for every write (remediation guard 7, docs/architecture.md): a browser always sends Origin on a
 * POST made by fetch, and Sec-Fetch-Site in every current engine; a request another site makes
 * says so in both. Writes without either (a non-browser client) are refused too, so a write is
 * only ever accepted from this dashboard's own pages. (OWASP CSRF Prevention Cheat Sheet:
 * "Verifying Origin With Standard Headers", "Fetch Metadata headers".)
 */
export function crossOriginProblem(headers: Headers, allowedOrigins: string[] = []): string | null {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") {
    return `cross-site write refused (Sec-Fetch-Site: ${site.slice(0, 30)})`;
  }
  const origin = headers.get("origin");
  if (origin === null) {
    return site === "same-origin" ? null : "writes must come from the dashboard's own pages (no Origin header)";
  }
  if (allowedOrigins.includes(origin)) return null;
  let url: URL;
  try {
    url = new URL(origin);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
  } catch {
    return `cross-site write refused (Origin: ${origin.slice(0, 80)})`;
  }
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const want = `${url.hostname.toLowerCase()}:${port}`;
  // Host as the browser addressed it; behind a proxy that rewrites Host, X-Forwarded-Host.
  const candidates = [headers.get("host"), headers.get("x-forwarded-host")?.split(",")[0]]
    .filter((h): h is string => !!h)
    .map((h) => withPort(h.trim().toLowerCase(), port));
  return candidates.includes(want) ? null : `cross-site write refused (Origin ${origin.slice(0, 80)} is not this dashboard)`;
}

/** "fleet.example.com" → "fleet.example.com:443" (the port the Origin's scheme implies). */
function withPort(host: string, defaultPort: string): string {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return host.slice(end + 1).startsWith(":") ? host : `${host}:${defaultPort}`;
  }
  return host.includes(":") ? host : `${host}:${defaultPort}`;
}
