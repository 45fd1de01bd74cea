import "server-only";

/**
 * The kubelet's probes: liveness (the process serves) and readiness (every cluster listed once,
 * the store writable). They pass the request gate in both auth modes and answer nothing but
 * up/ready (app/api/livez, app/api/readyz).
 */
export const LIVENESS_PATH = "/api/livez";
export const READINESS_PATH = "/api/readyz";

export function isProbePath(path: string): boolean {
  return path === LIVENESS_PATH || path === READINESS_PATH;
}
