/**
 * Reading the full Function object safely (cluster data: any field may be missing or odd) and
 * rendering it as YAML for reading and download.
 */
import { stringify } from "yaml";
import { ANNOTATION } from "@/lib/domain/ack";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function objectAnnotations(object: unknown): Record<string, string> {
  const metadata = isRecord(object) && isRecord(object.metadata) ? object.metadata : null;
  const annotations = metadata && isRecord(metadata.annotations) ? metadata.annotations : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(annotations)) if (typeof v === "string") out[k] = v;
  return out;
}

/** The resource annotations that change what the controller does (docs/ack-lambda-controller.md "Finalizer and deletion"). */
const IMPORTANT_ANNOTATIONS: Array<{ key: string; label: string; meaning: string }> = [
  { key: ANNOTATION.deletionPolicy, label: "Deletion policy", meaning: "retain: the controller drops its finalizer without deleting the AWS function" },
  { key: ANNOTATION.region, label: "Region", meaning: "overrides the namespace default and the controller's region" },
  { key: ANNOTATION.adoptionPolicy, label: "Adoption policy", meaning: "adopt or adopt-or-create an existing AWS function" },
  { key: ANNOTATION.adoptionFields, label: "Adoption fields", meaning: "the fields used to find the AWS function to adopt" },
  { key: ANNOTATION.adopted, label: "Adopted", meaning: "the controller adopted an existing AWS function" },
  { key: ANNOTATION.readOnly, label: "Read-only", meaning: "the controller observes but never changes AWS" },
];

export function importantAnnotations(
  rowAnnotations: Record<string, string> | undefined,
  object: unknown,
): Array<{ key: string; label: string; meaning: string; value: string | null }> {
  const annotations = { ...objectAnnotations(object), ...(rowAnnotations ?? {}) };
  return IMPORTANT_ANNOTATIONS.map((a) => ({ ...a, value: annotations[a.key] ?? null }));
}

/**
 * The object as YAML. metadata.managedFields is left out, as `kubectl get -o yaml` does since
 * Kubernetes 1.21 (--show-managed-fields=false): it is long and says nothing about health.
 */
export function toYaml(object: unknown): string {
  let shown = object;
  if (isRecord(object) && isRecord(object.metadata) && "managedFields" in object.metadata) {
    const { managedFields: _omitted, ...metadata } = object.metadata;
    void _omitted;
    shown = { ...object, metadata };
  }
  return stringify(shown ?? null, { lineWidth: 0 });
}

export function yamlFileName(ref: { cluster: string; namespace: string; name: string }): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");
  return `${safe(ref.cluster)}_${safe(ref.namespace)}_${safe(ref.name)}.yaml`;
}
