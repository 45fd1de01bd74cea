/**
 * A Kubernetes object made fit to be applied again into another (or the same, emptied) cluster,
 * for the fleet export: what the API server or a controller wrote about this copy of the object
 * goes (status, uid, resourceVersion, generation, managedFields, creationTimestamp, deletion
 * marks, selfLink, and ownerReferences, whose uids name objects of the old cluster); what people
 * wrote stays (spec, labels, annotations, other finalizers). The ACK controller's own finalizer
 * goes too: the controller adds it when it takes the restored object over (ACK runtime
 * pkg/runtime/reconciler.go, setResourceManaged), and kept on an object no controller manages
 * it would block its deletion, the very incident this product exists for. Pure.
 */
import { ACK_GROUP } from "../ack";

/** Set by the API server or controllers: never part of what is applied. */
const SERVER_METADATA = ["uid", "resourceVersion", "generation", "managedFields", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "ownerReferences"];

/** finalizers.lambda.services.k8s.aws/<Kind>, and the same for any ACK service. */
const ACK_FINALIZER = /^finalizers\.[a-z0-9-]+\.services\.k8s\.aws\//;

export interface ExportKind {
  group: string;
  version: string;
  kind: string;
  plural: string;
}

export type KubeObjectLike = { apiVersion?: unknown; kind?: unknown; metadata?: Record<string, unknown> } & Record<string, unknown>;

export function cleanForReapply(obj: KubeObjectLike, kind: Pick<ExportKind, "group" | "version" | "kind">): KubeObjectLike {
  const { status: _status, metadata, ...rest } = obj;
  const meta: Record<string, unknown> = { ...(metadata ?? {}) };
  for (const key of SERVER_METADATA) delete meta[key];
  if (Array.isArray(meta.finalizers)) {
    const kept = (meta.finalizers as unknown[]).filter((f) => typeof f === "string" && !ACK_FINALIZER.test(f));
    if (kept.length) meta.finalizers = kept;
    else delete meta.finalizers;
  }
  // A list's items carry no apiVersion and kind (the list has them); an applied file needs both.
  return { ...rest, apiVersion: kind.group ? `${kind.group}/${kind.version}` : kind.version, kind: kind.kind, metadata: meta };
}

/**
 * The path of one object in the archive: <cluster>/<namespace>/<plural>/<name>.yaml, and the
 * namespace itself as <cluster>/<namespace>/_namespace.yaml ("_" sorts before the kinds'
 * folders, so `kubectl apply -R`, which walks a folder in lexical order, creates the namespace
 * first). Each segment percent-encoded where
 * it is not a plain name (an EKS cluster's context is an ARN, with ":" and "/"), so that a
 * segment never makes a folder or climbs out of one.
 */
export function archivePath(cluster: string, namespace: string, plural: string | null, name: string): string {
  const parts = plural === null ? [cluster, namespace, "_namespace.yaml"] : [cluster, namespace, plural, `${name}.yaml`];
  return parts.map(safeSegment).join("/");
}

function safeSegment(s: string): string {
  const encoded = s.replace(/[^A-Za-z0-9._-]/g, (c) => encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`));
  return encoded === "." || encoded === ".." || encoded === "" ? encodeURIComponent(s).replace(/\./g, "%2E") || "%00" : encoded;
}

/** The ACK Lambda kinds an export holds: every kind of the group the cluster serves (discovery), Functions first. */
export function exportKinds(discovered: ExportKind[]): ExportKind[] {
  return discovered
    .filter((k) => k.group === ACK_GROUP)
    .sort((a, b) => (a.kind === "Function" ? -1 : b.kind === "Function" ? 1 : a.plural.localeCompare(b.plural)));
}
