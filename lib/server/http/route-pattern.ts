import "server-only";

/**
 * The route pattern of a request path, as the app folder names it
 * (`/api/functions/[cluster]/[namespace]/[name]`): the `route` label of the HTTP duration
 * histogram, so that 50,000 Functions make one series per route, not one per Function. Every
 * route handler under app/ is listed (route-pattern.test.ts holds this list to the folder);
 * a path none matches is "other".
 */
export const ROUTE_PATTERNS = [
  "/api/audit",
  "/api/controllers",
  "/api/export/audit",
  "/api/export/functions",
  "/api/export/manifests",
  "/api/functions",
  "/api/functions/[cluster]/[namespace]/[name]",
  "/api/functions/[cluster]/[namespace]/[name]/remediations",
  "/api/functions/[cluster]/[namespace]/[name]/timeline",
  "/api/healthz",
  "/api/livez",
  "/api/me",
  "/api/readyz",
  "/api/remediations",
  "/api/remediations/[id]/approve",
  "/api/remediations/batches",
  "/api/remediations/batches/[id]",
  "/api/remediations/batches/[id]/approve",
  "/api/remediations/batches/[id]/stop",
  "/api/remediations/needs-action",
  "/api/remediations/residuals",
  "/api/stream",
  "/metrics",
] as const;

const compiled = ROUTE_PATTERNS.map((pattern) => ({ pattern, parts: pattern.split("/").slice(1) }))
  // Static segments before dynamic ones at the same place (Next.js routes the same way).
  .sort((a, b) => dynamicCount(a.parts) - dynamicCount(b.parts));

function dynamicCount(parts: string[]): number {
  return parts.filter((p) => p.startsWith("[")).length;
}

export function routePattern(pathname: string): string {
  const parts = pathname.replace(/\/+$/, "").split("/").slice(1);
  for (const { pattern, parts: want } of compiled) {
    if (want.length !== parts.length) continue;
    if (want.every((w, i) => w.startsWith("[") ? parts[i] !== "" : w === parts[i])) return pattern;
  }
  return "other";
}
