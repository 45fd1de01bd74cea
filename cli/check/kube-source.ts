/**
 * Reads a cluster once, straight from its API server with the kubeconfig's credentials: the
 * Functions (of the chosen namespaces, or all), the namespaces' annotations (they take part in
 * region and account resolution) and the ACK Lambda controller's Deployment. The dashboard
 * watches; a CI check only needs one consistent read, so lists are paged with `limit` and
 * `continue` and started again when the continue token expired (410 Gone).
 * Uses the dashboard's own adapters: kubeconfig loading, the HTTP client and the controller
 * lookup of lib/server/kube.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { ACK_GROUP, ACK_VERSION, FUNCTION_PLURAL } from "@/lib/domain/ack";
import type { ControllerInfo } from "@/lib/domain/wire/fleet";
import { controllerInfoFrom } from "@/lib/server/kube/controller-info";
import { kubeRequest, statusMessage } from "@/lib/server/kube/http";
import { redact } from "@/lib/server/redact";
import type { ClusterContext } from "@/lib/server/kube/kubeconfig";
import { errorText as watchErrorText } from "@/lib/server/kube/watcher";

const PAGE = 500;
const MAX_RESTARTS = 3;

export type ListResult = { ok: true; items: unknown[] } | { ok: false; status: number | null; error: string };

const errorText = (err: unknown): string => redact(watchErrorText(err));

/** Every item of a list endpoint, page by page. */
export async function listAll(kc: KubeConfig, path: string): Promise<ListResult> {
  for (let attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
    const items: unknown[] = [];
    let token: string | undefined;
    let expired = false;
    do {
      let res;
      try {
        res = await kubeRequest(kc, { path, query: { limit: PAGE, continue: token } });
      } catch (err) {
        return { ok: false, status: null, error: errorText(err) };
      }
      if (res.status === 410 && token) {
        expired = true;
        break;
      }
      if (res.status !== 200) return { ok: false, status: res.status, error: statusMessage(res) };
      const body = res.body as { items?: unknown; metadata?: { continue?: unknown } } | null;
      if (!body || !Array.isArray(body.items)) return { ok: false, status: res.status, error: "the answer is not a list" };
      items.push(...body.items);
      const next = body.metadata?.continue;
      token = typeof next === "string" && next !== "" ? next : undefined;
    } while (token);
    if (!expired) return { ok: true, items };
  }
  return { ok: false, status: 410, error: `the list kept changing faster than it could be read (${MAX_RESTARTS + 1} attempts)` };
}

export interface ClusterRead {
  name: string;
  /** Set when the Functions could not be read: nothing of this cluster was checked. */
  error: string | null;
  functions: unknown[];
  namespaceAnnotations: Map<string, Record<string, string>>;
  /** Null when the Deployments could not be read (controllerError says why). */
  controller: ControllerInfo | null;
  controllerError: string | null;
  /** Namespaces whose annotations could not be read (regions may then be unresolved). */
  namespaceErrors: string[];
}

const functionsPath = (ns: string | null) =>
  ns ? `/apis/${ACK_GROUP}/${ACK_VERSION}/namespaces/${encodeURIComponent(ns)}/${FUNCTION_PLURAL}` : `/apis/${ACK_GROUP}/${ACK_VERSION}/${FUNCTION_PLURAL}`;

function annotationsOf(obj: unknown): { name: string; annotations: Record<string, string> } | null {
  const m = (obj as { metadata?: { name?: unknown; annotations?: unknown } } | null)?.metadata;
  if (!m || typeof m.name !== "string") return null;
  const annotations: Record<string, string> = {};
  if (m.annotations && typeof m.annotations === "object") {
    for (const [k, v] of Object.entries(m.annotations)) if (typeof v === "string") annotations[k] = v;
  }
  return { name: m.name, annotations };
}

async function readNamespaces(kc: KubeConfig, only: string[]): Promise<{ map: Map<string, Record<string, string>>; errors: string[] }> {
  const map = new Map<string, Record<string, string>>();
  const errors: string[] = [];
  if (only.length === 0) {
    const all = await listAll(kc, "/api/v1/namespaces");
    if (!all.ok) return { map, errors: [`namespaces: ${all.error}`] };
    for (const ns of all.items) {
      const a = annotationsOf(ns);
      if (a) map.set(a.name, a.annotations);
    }
    return { map, errors };
  }
  for (const name of only) {
    try {
      const res = await kubeRequest(kc, { path: `/api/v1/namespaces/${encodeURIComponent(name)}` });
      const a = res.status === 200 ? annotationsOf(res.body) : null;
      if (a) map.set(a.name, a.annotations);
      else errors.push(`namespace ${name}: ${statusMessage(res)}`);
    } catch (err) {
      errors.push(`namespace ${name}: ${errorText(err)}`);
    }
  }
  return { map, errors };
}

export async function readCluster(ctx: ClusterContext, namespaces: string[]): Promise<ClusterRead> {
  const read: ClusterRead = {
    name: ctx.name,
    error: null,
    functions: [],
    namespaceAnnotations: new Map(),
    controller: null,
    controllerError: null,
    namespaceErrors: [],
  };
  const lists = await Promise.all((namespaces.length ? namespaces : [null]).map((ns) => listAll(ctx.kc, functionsPath(ns))));
  const failed = lists.find((l): l is Extract<ListResult, { ok: false }> => !l.ok);
  if (failed) {
    read.error = failed.status === 404 ? `the ACK Lambda CRDs are not installed (${failed.error})` : failed.error;
    return read;
  }
  read.functions = lists.flatMap((l) => (l.ok ? l.items : []));
  const [ns, deployments] = await Promise.all([readNamespaces(ctx.kc, namespaces), listAll(ctx.kc, "/apis/apps/v1/deployments")]);
  read.namespaceAnnotations = ns.map;
  read.namespaceErrors = ns.errors;
  if (deployments.ok) read.controller = controllerInfoFrom(deployments.items);
  else read.controllerError = `Deployments could not be listed: ${deployments.error}`;
  return read;
}
