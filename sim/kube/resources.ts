/**
 * The kinds the simulated apiserver serves: the seven ACK Lambda kinds (from the real CRDs of
 * lambda-controller v1.14.1), core/v1 Namespaces and Events, apps/v1 Deployments. Each entry
 * carries what the generic REST machinery needs (scope, subresources, field selectors, name
 * format, update rules), like a genericregistry.Store strategy in kube-apiserver.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import type { NameRule, KubeObject } from "./metadata";
import type { OpenApiSchema } from "../../lib/domain/crd-schema";

export interface ResourceDef {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  statusSubresource: boolean;
  /** The CRD's openAPIV3Schema; built-in kinds have none (not validated beyond metadata). */
  schema?: OpenApiSchema;
  customResource: boolean;
  /** Field labels accepted by fieldSelector. */
  fieldLabels: readonly string[];
  nameRule: NameRule;
  /** PUT without metadata.resourceVersion is allowed (false for custom resources). */
  allowUnconditionalUpdate: boolean;
  /** PUT on a missing object creates it (true for Events only among ours). */
  allowCreateOnUpdate: boolean;
  /** metadata.generation is maintained (bumped on spec changes). */
  tracksGeneration: boolean;
  /** Store key: "functions.lambda.services.k8s.aws", "events", "deployments.apps". */
  key: string;
  apiVersion: string;
}

export const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

const CRD_DIR = fileURLToPath(new URL("../../crds/lambda-controller-v1.14.1/", import.meta.url));
const LAMBDA_CRD_FILES = [
  "functions",
  "aliases",
  "versions",
  "eventsourcemappings",
  "functionurlconfigs",
  "layerversions",
  "codesigningconfigs",
].map((p) => `lambda.services.k8s.aws_${p}.yaml`);

interface CrdDoc {
  spec: {
    group: string;
    scope: "Namespaced" | "Cluster";
    names: { kind: string; listKind?: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[] };
    versions: Array<{ name: string; served: boolean; storage: boolean; schema?: { openAPIV3Schema: OpenApiSchema }; subresources?: { status?: object } }>;
  };
}

function key(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

function fromCrd(doc: CrdDoc): ResourceDef {
  const { group, names, scope } = doc.spec;
  const version = doc.spec.versions.find((v) => v.storage) ?? doc.spec.versions[0];
  return {
    group,
    version: version.name,
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    plural: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
    namespaced: scope === "Namespaced",
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    statusSubresource: Boolean(version.subresources?.status),
    schema: version.schema?.openAPIV3Schema,
    customResource: true,
    fieldLabels: ["metadata.name", "metadata.namespace"],
    nameRule: "subdomain",
    allowUnconditionalUpdate: false,
    allowCreateOnUpdate: false,
    tracksGeneration: true,
    key: key(names.plural, group),
    apiVersion: `${group}/${version.name}`,
  };
}

function builtin(d: Omit<ResourceDef, "key" | "apiVersion" | "customResource" | "listKind" | "singular">): ResourceDef {
  return {
    ...d,
    listKind: `${d.kind}List`,
    singular: d.kind.toLowerCase(),
    customResource: false,
    key: key(d.plural, d.group),
    apiVersion: d.group ? `${d.group}/${d.version}` : d.version,
  };
}

/** Field selector labels of core/v1 Events (pkg/registry/core/event/strategy.go ToSelectableFields). */
const EVENT_FIELDS = [
  "metadata.name",
  "metadata.namespace",
  "involvedObject.kind",
  "involvedObject.namespace",
  "involvedObject.name",
  "involvedObject.uid",
  "involvedObject.apiVersion",
  "involvedObject.resourceVersion",
  "involvedObject.fieldPath",
  "reason",
  "reportingComponent",
  "source",
  "type",
];

let cached: ResourceDef[] | undefined;

export function allResources(): ResourceDef[] {
  if (cached) return cached;
  const lambda = LAMBDA_CRD_FILES.map((f) => fromCrd(parseYaml(readFileSync(CRD_DIR + f, "utf8")) as CrdDoc));
  cached = [
    ...lambda,
    builtin({
      group: "",
      version: "v1",
      kind: "Namespace",
      plural: "namespaces",
      namespaced: false,
      shortNames: ["ns"],
      categories: [],
      statusSubresource: true,
      fieldLabels: ["metadata.name", "status.phase"],
      nameRule: "label",
      allowUnconditionalUpdate: true,
      allowCreateOnUpdate: false,
      tracksGeneration: false,
    }),
    builtin({
      group: "",
      version: "v1",
      kind: "Event",
      plural: "events",
      namespaced: true,
      shortNames: ["ev"],
      categories: [],
      statusSubresource: false,
      fieldLabels: EVENT_FIELDS,
      nameRule: "path-segment",
      allowUnconditionalUpdate: true,
      allowCreateOnUpdate: true,
      tracksGeneration: false,
    }),
    builtin({
      group: "apps",
      version: "v1",
      kind: "Deployment",
      plural: "deployments",
      namespaced: true,
      shortNames: ["deploy"],
      categories: ["all"],
      statusSubresource: true,
      fieldLabels: ["metadata.name", "metadata.namespace"],
      nameRule: "subdomain",
      allowUnconditionalUpdate: true,
      allowCreateOnUpdate: false,
      tracksGeneration: true,
    }),
  ];
  return cached;
}

export function resourceByKey(k: string): ResourceDef | undefined {
  return allResources().find((r) => r.key === k);
}

export function resourceByPath(group: string, version: string, plural: string): ResourceDef | undefined {
  return allResources().find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function resourceForObject(obj: Pick<KubeObject, "apiVersion" | "kind">): ResourceDef | undefined {
  return allResources().find((r) => r.apiVersion === obj.apiVersion && r.kind === obj.kind);
}

/** Values of the selectable fields of an object, for fieldSelector matching. */
export function fieldValues(def: ResourceDef, obj: KubeObject): Record<string, string> {
  const out: Record<string, string> = {
    "metadata.name": obj.metadata.name ?? "",
    "metadata.namespace": obj.metadata.namespace ?? "",
  };
  if (def.key === "namespaces") out["status.phase"] = String((obj.status as { phase?: string } | undefined)?.phase ?? "");
  if (def.key === "events") {
    const io = (obj.involvedObject ?? {}) as Record<string, unknown>;
    for (const f of ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"]) {
      out[`involvedObject.${f}`] = String(io[f] ?? "");
    }
    out.reason = String(obj.reason ?? "");
    out.reportingComponent = String(obj.reportingComponent ?? "");
    out.source = String((obj.source as { component?: string } | undefined)?.component ?? "");
    out.type = String(obj.type ?? "");
  }
  return out;
}
