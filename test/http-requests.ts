/**
 * For route-handler tests (never imported by the app): requests as a browser on
 * the dashboard's own origin would send them, identities as oauth2-proxy would assert them.
 */
const ORIGIN = "http://127.0.0.1:3000";
export const PROXY_SECRET = "test-proxy-secret-0123456789abcdef-XYZ";

export interface As {
  user: string;
  groups: string[];
  /** Default: the right secret. null: none sent. */
  secret?: string | null;
}

export { until } from "./until";

export function proxyHeaders(as: As): Record<string, string> {
  const h: Record<string, string> = { "x-forwarded-user": as.user, "x-forwarded-groups": as.groups.join(","), "x-forwarded-email": as.user };
  const secret = as.secret === undefined ? PROXY_SECRET : as.secret;
  if (secret !== null) h["x-ack-fleet-proxy-secret"] = secret;
  return h;
}

export function browserHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { host: "127.0.0.1:3000", origin: ORIGIN, "sec-fetch-site": "same-origin", "content-type": "application/json", ...extra };
}

export function post(path: string, body: unknown, headers: Record<string, string>): Request {
  return new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

export function get(path: string, headers: Record<string, string>): Request {
  return new Request(`${ORIGIN}${path}`, { headers: { host: "127.0.0.1:3000", ...headers } });
}


export async function read(res: Response): Promise<{ status: number; body: Record<string, unknown> & { error?: { code: string; message: string } }; headers: Headers }> {
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}
