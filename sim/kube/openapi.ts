/**
 * A minimal OpenAPI v3 surface (/openapi/v3 and /openapi/v3/{api/v1|apis/g/v}). kubectl 1.32
 * downloads it before create/apply to learn whether the server does field validation
 * (QueryParamVerifierV3 looks for a `fieldValidation` query parameter on the PATCH operation
 * tagged with the kind's x-kubernetes-group-version-kind) and fails with "failed to download
 * openapi" on a 404. CRD schemas are included so `kubectl explain` has something to show.
 * get, describe, patch and delete do not need it.
 */
import { createHash } from "node:crypto";
import { type ResourceDef, allResources } from "./resources";

function gvPath(def: Pick<ResourceDef, "group" | "version">): string {
  return def.group ? `apis/${def.group}/${def.version}` : `api/${def.version}`;
}

const QUERY = (name: string) => ({ name, in: "query", schema: { type: "string", uniqueItems: true } });

function schemaName(def: ResourceDef): string {
  // Reverse-domain naming as kube-apiserver publishes CRD schemas (e.g. com.example.stable.v1.CronTab).
  const group = def.group ? def.group.split(".").reverse().join(".") : "io.k8s.api.core";
  return `${group}.${def.version}.${def.kind}`;
}

export function openApiDoc(path: string): object | undefined {
  const defs = allResources().filter((d) => gvPath(d) === path);
  if (!defs.length) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const d of defs) {
    const gvk = { group: d.group, version: d.version, kind: d.kind };
    const base = `/${gvPath(d)}${d.namespaced ? "/namespaces/{namespace}" : ""}/${d.plural}/{name}`;
    const ref = { $ref: `#/components/schemas/${schemaName(d)}` };
    paths[base] = {
      get: { operationId: `read${d.kind}`, "x-kubernetes-action": "get", "x-kubernetes-group-version-kind": gvk, responses: { "200": { content: { "application/json": { schema: ref } } } } },
      patch: {
        operationId: `patch${d.kind}`,
        parameters: ["dryRun", "fieldManager", "fieldValidation", "force"].map(QUERY),
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": gvk,
        responses: { "200": { content: { "application/json": { schema: ref } } } },
      },
    };
    schemas[schemaName(d)] = { ...(d.schema ?? { type: "object", "x-kubernetes-preserve-unknown-fields": true }), "x-kubernetes-group-version-kind": [gvk] };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "unversioned" }, paths, components: { schemas } };
}

export function openApiIndex(): object {
  const out: Record<string, { serverRelativeURL: string }> = {};
  for (const p of new Set(allResources().map(gvPath))) {
    const hash = createHash("sha512").update(JSON.stringify(openApiDoc(p))).digest("hex").slice(0, 128).toUpperCase();
    out[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { paths: out };
}
