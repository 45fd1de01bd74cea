/**
 * `lint`: ACK Lambda manifests checked before they are applied. Each document of the
 * lambda.services.k8s.aws group is validated against its CRD's schema the way kube-apiserver
 * does (unknown fields, types, required fields: lib/domain/crd-schema.ts), then against what the
 * controller and the Lambda API will refuse (function-rules.ts, annotation-rules.ts).
 * Namespace manifests among the files take part in region and account resolution. Other
 * kinds are skipped. Every finding carries its file and line.
 */
import { ACK_GROUP, FUNCTION_KIND } from "@/lib/domain/ack";
import { prune, validate } from "@/lib/domain/crd-schema";
import { DNS_LABEL, DNS_SUBDOMAIN } from "@/lib/domain/function-object";
import { field, isRecord } from "@/lib/domain/safe-values";
import type { CheckedSubject, Finding, Report, SourceLocation } from "../report/model";
import { checkNamespaceAnnotations, checkResourceAnnotations } from "./annotation-rules";
import { type KindSchema, loadLambdaKinds } from "./crds";
import { type Emit, type NamespaceAnnotations, checkFunction } from "./function-rules";
import { type ManifestDocument, readManifests } from "./manifests";

export interface LintOptions {
  paths: string[];
  /** The controller's own region (its --aws-region), the last resort of region resolution. */
  defaultRegion: string | null;
  readStdin: () => string;
  now?: () => number;
}

const CRD_RELEASE = "lambda-controller v1.14.1";

/** "spec.layers[0].arn" → ["spec", "layers", 0, "arn"]. */
export function fieldSegments(fieldPath: string): Array<string | number> {
  if (fieldPath === "<root>") return [];
  return fieldPath.split(".").flatMap((part) => {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [part];
    const indexes = [...m[2].matchAll(/\[(\d+)\]/g)].map((i) => Number(i[1]));
    return [...(m[1] ? [m[1]] : []), ...indexes];
  });
}

function annotationsOf(obj: unknown): Record<string, string> {
  const raw = field(field(obj, "metadata"), "annotations");
  if (!isRecord(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string"));
}

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

export function runLint(opts: LintOptions): Report {
  const now = opts.now ?? Date.now;
  const started = now();
  const read = readManifests(opts.paths, opts.readStdin);
  const kinds = loadLambdaKinds();
  const findings: Finding[] = [];
  const checked: CheckedSubject[] = [];
  const problems: Report["problems"] = read.unreadable.map((u) => ({ subject: u.path, group: u.path, message: `could not be read: ${u.message}` }));

  const emitterFor = (doc: ManifestDocument, subject: string): Emit => (severity, code, message, fieldPath) => {
    findings.push({ severity, code, subject, group: doc.file, message, location: doc.locate(fieldPath) });
  };

  // Namespace manifests first: their annotations resolve the Functions' region and account.
  const namespaces: NamespaceAnnotations = new Map();
  for (const doc of read.documents) {
    if (field(doc.value, "kind") !== "Namespace" || field(doc.value, "apiVersion") !== "v1") continue;
    const name = text(field(field(doc.value, "metadata"), "name"));
    if (!name) continue;
    const annotations = annotationsOf(doc.value);
    namespaces.set(name, annotations);
    const subject = `Namespace ${name}`;
    checked.push({ subject, group: doc.file, location: doc.location });
    checkNamespaceAnnotations(annotations, emitterFor(doc, subject));
  }

  const seen = new Map<string, SourceLocation>();
  const awsNames = new Map<string, { subject: string; location: SourceLocation }>();
  let ackDocuments = 0;
  for (const doc of read.documents) {
    if (doc.syntaxErrors.length) {
      const subject = `document ${doc.index}`;
      checked.push({ subject, group: doc.file, location: doc.location });
      for (const e of doc.syntaxErrors) findings.push({ severity: "error", code: "yaml", subject, group: doc.file, message: e.message, location: e.location });
      continue;
    }
    const apiVersion = text(field(doc.value, "apiVersion")) ?? "";
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
    if (group !== ACK_GROUP) continue;
    ackDocuments++;
    const kind = text(field(doc.value, "kind")) ?? "(no kind)";
    const metadata = field(doc.value, "metadata");
    const name = text(field(metadata, "name"));
    const namespace = text(field(metadata, "namespace"));
    const subject = `${kind} ${namespace ?? "(no namespace)"}/${name ?? "(no name)"}`;
    checked.push({ subject, group: doc.file, location: doc.location });
    const emit = emitterFor(doc, subject);

    const schemaOf: KindSchema | undefined = kinds.get(`${group}/${kind}`);
    const schema = schemaOf?.versions.get(version);
    if (!schemaOf) {
      emit("error", "kind", `${kind} is not a kind of ${ACK_GROUP} (known: ${[...kinds.values()].map((k) => k.kind).join(", ")})`, ["kind"]);
      continue;
    }
    if (!schema) {
      emit("error", "kind", `${apiVersion} is not served by the ${CRD_RELEASE} CRD of ${kind} (served: ${[...schemaOf.versions.keys()].join(", ")})`, ["apiVersion"]);
      continue;
    }

    if (!name) emit("error", "metadata", "metadata.name is missing: kubectl apply needs a name", ["metadata"]);
    else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) emit("error", "metadata", `metadata.name ${JSON.stringify(name.slice(0, 80))} is not a DNS subdomain (lower-case letters, digits, - and ., at most 253)`, ["metadata", "name"]);
    if (!namespace) emit("warning", "metadata", "metadata.namespace is not set: the object lands in the namespace of kubectl's context, whose annotations (region, account) cannot be checked here", ["metadata"]);
    else if (namespace.length > 63 || !DNS_LABEL.test(namespace)) emit("error", "metadata", `metadata.namespace ${JSON.stringify(namespace.slice(0, 80))} is not a DNS label`, ["metadata", "namespace"]);

    const key = `${kind}/${namespace ?? ""}/${name ?? ""}`;
    const earlier = seen.get(key);
    if (name && earlier) emit("error", "duplicate", `${kind} ${namespace ?? ""}/${name} is also defined at ${earlier.file}:${earlier.line}: the later one silently replaces the first`, ["metadata", "name"]);
    else if (name) seen.set(key, doc.location);

    // kube-apiserver prunes unknown fields and kubectl (field validation Strict, its default) rejects them.
    const copy = structuredClone(doc.value);
    for (const unknownField of prune(copy, schema)) {
      emit("error", "crd-schema", `unknown field ${unknownField}: not in the ${CRD_RELEASE} CRD of ${kind}; kubectl apply rejects it`, fieldSegments(unknownField));
    }
    for (const cause of validate(copy, schema, undefined)) {
      const message = cause.message.includes(cause.field) ? cause.message : `${cause.field}: ${cause.message}`;
      emit("error", "crd-schema", `${message} (${CRD_RELEASE} CRD of ${kind})`, fieldSegments(cause.field));
    }
    checkResourceAnnotations(annotationsOf(doc.value), emit);

    if (kind !== FUNCTION_KIND) continue;
    const placement = checkFunction(doc.value, namespace, namespaces, opts.defaultRegion, emit);
    if (placement.awsName && placement.region) {
      const awsKey = `${placement.account ?? "(controller's account)"}/${placement.region}/${placement.awsName}`;
      const other = awsNames.get(awsKey);
      if (other) {
        emit("error", "duplicate", `${subject} and ${other.subject} (${other.location.file}:${other.location.line}) both create AWS function ${placement.awsName} in ${placement.region}: the second adopts or fights over the first's`, ["spec", "name"]);
      } else {
        awsNames.set(awsKey, { subject, location: doc.location });
      }
    }
  }

  if (ackDocuments === 0 && !findings.some((f) => f.code === "yaml")) {
    problems.push({
      subject: opts.paths.join(" "),
      group: "lint",
      message: read.files.length ? `no ${ACK_GROUP} manifests in ${read.files.length} file(s)` : "no .yaml, .yml or .json files found",
    });
  }
  return {
    command: "lint",
    source: `${opts.paths.join(" ")} (CRDs of ${CRD_RELEASE})`,
    startedAt: new Date(started).toISOString(),
    durationMs: now() - started,
    checked,
    findings,
    problems,
  };
}
