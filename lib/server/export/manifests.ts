import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { stringify } from "yaml";
import { ACK_GROUP, ACK_VERSION } from "@/lib/domain/ack";
import { archivePath, cleanForReapply, exportKinds, type ExportKind, type KubeObjectLike } from "@/lib/domain/export/reapply";
import { kubeRequest, statusMessage } from "../kube/http";
import { redact } from "../redact";
import type { TarEntry } from "./tar-gz";

/**
 * The fleet export: every object of every ACK Lambda kind the clusters serve (Functions, Aliases,
 * Versions, EventSourceMappings, FunctionURLConfigs, LayerVersions, CodeSigningConfigs: what
 * discovery lists in lambda.services.k8s.aws), read straight from each API server page by page
 * (never from the dashboard's cache, which holds no specs), cleaned for re-apply
 * (lib/domain/export/reapply.ts), one YAML file per object under <cluster>/<namespace>/<kind>/,
 * with each namespace's own manifest (its ACK annotations: default region, owner account), and
 * an index, export.json, with the counts and what could not be read. A cluster that fails is
 * named in the index; the others are still exported.
 */
export interface ExportCluster {
  name: string;
  kc: KubeConfig;
}

export interface ExportFilter {
  /** Only these namespaces (listed namespace by namespace: works with namespace-scoped rights). */
  namespaces?: string[];
  /** Proxy mode: whether the person downloading may list Functions in this cluster's namespace; others are left out. */
  visible?: (cluster: string, namespace: string) => Promise<boolean>;
}

export interface ClusterExport {
  cluster: string;
  objects: Record<string, number>;
  namespaces: number;
  errors: string[];
}

export interface ExportIndex {
  exportedAt: string;
  clusters: ClusterExport[];
}

const PAGE = 500;

async function discoverKinds(kc: KubeConfig): Promise<ExportKind[]> {
  const res = await kubeRequest(kc, { path: `/apis/${ACK_GROUP}/${ACK_VERSION}`, timeoutMs: 15_000 });
  if (res.status === 404) return [];
  if (res.status !== 200) throw new Error(`discovery of ${ACK_GROUP}/${ACK_VERSION}: ${statusMessage(res)}`);
  const resources = (res.body as { resources?: Array<{ name?: unknown; kind?: unknown; namespaced?: unknown }> }).resources ?? [];
  return exportKinds(
    resources
      .filter((r) => typeof r.name === "string" && !r.name.includes("/") && typeof r.kind === "string" && r.namespaced === true)
      .map((r) => ({ group: ACK_GROUP, version: ACK_VERSION, kind: r.kind as string, plural: r.name as string })),
  );
}

async function* listAll(kc: KubeConfig, path: string): AsyncGenerator<KubeObjectLike> {
  let cont: string | undefined;
  do {
    const res = await kubeRequest(kc, { path, query: { limit: PAGE, continue: cont }, timeoutMs: 60_000 });
    if (res.status !== 200) throw new Error(`list ${path}: ${statusMessage(res)}`);
    const body = res.body as { items?: unknown[]; metadata?: { continue?: unknown } };
    for (const item of body.items ?? []) if (item && typeof item === "object") yield item as KubeObjectLike;
    cont = typeof body.metadata?.continue === "string" && body.metadata.continue ? body.metadata.continue : undefined;
  } while (cont);
}

const yamlFile = (obj: unknown) => Buffer.from(stringify(obj, { lineWidth: 0 }), "utf8");
const errorText = (err: unknown) => redact(err instanceof Error ? err.message : String(err));

async function* clusterEntries(c: ExportCluster, filter: ExportFilter, out: ClusterExport): AsyncGenerator<TarEntry> {
  const kinds = await discoverKinds(c.kc);
  const seen = new Set<string>();
  for (const kind of kinds) {
    const paths = filter.namespaces?.length
      ? filter.namespaces.map((ns) => `/apis/${kind.group}/${kind.version}/namespaces/${encodeURIComponent(ns)}/${kind.plural}`)
      : [`/apis/${kind.group}/${kind.version}/${kind.plural}`];
    for (const path of paths) {
      try {
        for await (const obj of listAll(c.kc, path)) {
          const name = obj.metadata?.name;
          const namespace = obj.metadata?.namespace;
          if (typeof name !== "string" || typeof namespace !== "string") continue;
          if (filter.visible && !(await filter.visible(c.name, namespace))) continue;
          seen.add(namespace);
          out.objects[kind.kind] = (out.objects[kind.kind] ?? 0) + 1;
          yield { path: archivePath(c.name, namespace, kind.plural, name), data: yamlFile(cleanForReapply(obj, kind)) };
        }
      } catch (err) {
        out.errors.push(errorText(err));
      }
    }
  }
  for (const ns of [...seen].sort()) {
    const res = await kubeRequest(c.kc, { path: `/api/v1/namespaces/${encodeURIComponent(ns)}`, timeoutMs: 15_000 }).catch((err: unknown) => ({ status: 0, body: errorText(err) }));
    if (res.status !== 200) {
      out.errors.push(`namespace ${ns}: ${res.status === 0 ? String(res.body) : statusMessage(res)}`);
      continue;
    }
    out.namespaces++;
    yield { path: archivePath(c.name, ns, null, ns), data: yamlFile(cleanForReapply(res.body as KubeObjectLike, { group: "", version: "v1", kind: "Namespace" })) };
  }
}

/** The archive's entries, cluster after cluster, then export.json; `index` is filled as it goes. */
export async function* manifestEntries(clusters: ExportCluster[], filter: ExportFilter, exportedAt: Date): AsyncGenerator<TarEntry> {
  const index: ExportIndex = { exportedAt: exportedAt.toISOString(), clusters: [] };
  for (const c of clusters) {
    const out: ClusterExport = { cluster: c.name, objects: {}, namespaces: 0, errors: [] };
    index.clusters.push(out);
    try {
      yield* clusterEntries(c, filter, out);
    } catch (err) {
      out.errors.push(errorText(err));
    }
  }
  yield { path: "export.json", data: Buffer.from(`${JSON.stringify(index, null, 2)}\n`, "utf8") };
}
