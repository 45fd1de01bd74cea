/**
 * Server-side printing (meta.k8s.io/v1 Table), which `kubectl get` asks for. Custom resources
 * without additionalPrinterColumns get the CRD default columns Name and Age
 * (apiextensions-apiserver tableconvertor); built-in kinds get the columns of
 * pkg/printers/internalversion/printers.go.
 */
import type { KubeObject } from "./metadata";
import type { ResourceDef } from "./resources";

interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export type IncludeObject = "None" | "Metadata" | "Object";

/** duration.HumanDuration from k8s.io/apimachinery/pkg/util/duration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

function since(ts: unknown, now: number): string {
  if (typeof ts !== "string" || !ts) return "<unknown>";
  const t = Date.parse(ts);
  return Number.isNaN(t) ? "<invalid>" : humanDuration(now - t);
}

const col = (name: string, type: string, description: string, priority = 0, format = ""): ColumnDefinition => ({ name, type, format, description, priority });
const NAME_DESC = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

interface Printer {
  columns: ColumnDefinition[];
  cells(obj: KubeObject, now: number): unknown[];
}

function printerFor(def: ResourceDef): Printer {
  const age = (o: KubeObject, now: number) => since(o.metadata.creationTimestamp, now);
  switch (def.key) {
    case "namespaces":
      return {
        columns: [col("Name", "string", NAME_DESC, 0, "name"), col("Status", "string", "The status of the namespace"), col("Age", "string", "CreationTimestamp")],
        cells: (o, now) => [o.metadata.name, (o.status as { phase?: string } | undefined)?.phase ?? "", age(o, now)],
      };
    case "events":
      return {
        columns: [
          col("Last Seen", "string", "Time when last event occurred"),
          col("Type", "string", "Type of the event"),
          col("Reason", "string", "Reason of the event"),
          col("Object", "string", "The object this event is about"),
          col("Subobject", "string", "The subobject this event is about", 1),
          col("Source", "string", "The source of the event", 1),
          col("Message", "string", "Message of the event"),
          col("First Seen", "string", "Time when first event occurred", 1),
          col("Count", "string", "Number of events", 1),
          col("Name", "string", NAME_DESC, 1, "name"),
        ],
        cells: (o, now) => {
          const io = (o.involvedObject ?? {}) as Record<string, string>;
          const last = (o.lastTimestamp as string) || (o.eventTime as string) || o.metadata.creationTimestamp;
          const first = (o.firstTimestamp as string) || (o.eventTime as string) || o.metadata.creationTimestamp;
          const source = (o.source as { component?: string; host?: string } | undefined) ?? {};
          return [
            since(last, now),
            o.type ?? "",
            o.reason ?? "",
            `${(io.kind ?? "").toLowerCase()}/${io.name ?? ""}`,
            io.fieldPath ?? "",
            [source.component, source.host].filter(Boolean).join(", ") || (o.reportingComponent as string) || "",
            o.message ?? "",
            since(first, now),
            o.count ?? 1,
            o.metadata.name,
          ];
        },
      };
    case "deployments.apps":
      return {
        columns: [
          col("Name", "string", NAME_DESC, 0, "name"),
          col("Ready", "string", "Number of the pod with ready state"),
          col("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
          col("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
          col("Age", "string", "CreationTimestamp"),
          col("Containers", "string", "Names of each container in the template.", 1),
          col("Images", "string", "Images referenced by each container in the template.", 1),
          col("Selector", "string", "Label selector for pods.", 1),
        ],
        cells: (o, now) => {
          const spec = (o.spec ?? {}) as { replicas?: number; template?: { spec?: { containers?: Array<{ name?: string; image?: string }> } }; selector?: { matchLabels?: Record<string, string> } };
          const st = (o.status ?? {}) as { readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number };
          const containers = spec.template?.spec?.containers ?? [];
          return [
            o.metadata.name,
            `${st.readyReplicas ?? 0}/${spec.replicas ?? 1}`,
            st.updatedReplicas ?? 0,
            st.availableReplicas ?? 0,
            age(o, now),
            containers.map((c) => c.name).join(","),
            containers.map((c) => c.image).join(","),
            Object.entries(spec.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(","),
          ];
        },
      };
    default:
      return {
        columns: [
          col("Name", "string", NAME_DESC, 0, "name"),
          col("Age", "date", "Custom resource definition column (in JSONPath format): .metadata.creationTimestamp"),
        ],
        cells: (o, now) => [o.metadata.name, age(o, now)],
      };
  }
}

function rowObject(def: ResourceDef, obj: KubeObject, include: IncludeObject): unknown {
  if (include === "None") return undefined;
  if (include === "Object") return obj;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
}

export interface TableListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export function toTable(def: ResourceDef, objects: KubeObject[], meta: TableListMeta, include: IncludeObject, apiVersion = "meta.k8s.io/v1", noHeaders = false): Record<string, unknown> {
  const p = printerFor(def);
  const now = Date.now();
  return {
    kind: "Table",
    apiVersion,
    metadata: meta,
    ...(noHeaders ? {} : { columnDefinitions: p.columns }),
    rows: objects.map((o) => {
      const object = rowObject(def, o, include);
      return object === undefined ? { cells: p.cells(o, now) } : { cells: p.cells(o, now), object };
    }),
  };
}
