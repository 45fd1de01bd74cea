/**
 * Discovery documents: legacy (/api, /apis, /apis/{group}, /apis/{group}/{version}) and
 * aggregated discovery (apidiscovery.k8s.io/v2, asked for by kubectl 1.30+ and falling back to
 * legacy when the server answers plain JSON). Shapes follow
 * https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api.
 */
import { type ResourceDef, VERBS, allResources } from "./resources";

interface ServedResource {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  subresources: string[];
}

/** Non-stored, create-only kinds (access reviews) served by the simulator. */
const REVIEWS: ServedResource[] = [
  { group: "authorization.k8s.io", version: "v1", plural: "selfsubjectaccessreviews", singular: "selfsubjectaccessreview", kind: "SelfSubjectAccessReview", namespaced: false, verbs: ["create"], shortNames: [], categories: [], subresources: [] },
  { group: "authorization.k8s.io", version: "v1", plural: "subjectaccessreviews", singular: "subjectaccessreview", kind: "SubjectAccessReview", namespaced: false, verbs: ["create"], shortNames: [], categories: [], subresources: [] },
  { group: "authorization.k8s.io", version: "v1", plural: "localsubjectaccessreviews", singular: "localsubjectaccessreview", kind: "LocalSubjectAccessReview", namespaced: true, verbs: ["create"], shortNames: [], categories: [], subresources: [] },
  { group: "authentication.k8s.io", version: "v1", plural: "selfsubjectreviews", singular: "selfsubjectreview", kind: "SelfSubjectReview", namespaced: false, verbs: ["create"], shortNames: [], categories: [], subresources: [] },
];

function served(def: ResourceDef): ServedResource {
  return {
    group: def.group,
    version: def.version,
    plural: def.plural,
    singular: def.singular,
    kind: def.kind,
    namespaced: def.namespaced,
    verbs: VERBS,
    shortNames: def.shortNames,
    categories: def.categories,
    subresources: def.statusSubresource ? ["status"] : [],
  };
}

function servedResources(): ServedResource[] {
  return [...allResources().map(served), ...REVIEWS];
}

/** Groups in the order kube-apiserver lists them: built-in groups first, then CRD groups. */
function groupVersions(): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  const order = (r: ServedResource) => (r.group === "" ? 0 : r.group.includes(".k8s.io") || !r.group.includes(".") ? 1 : 2);
  for (const r of [...servedResources()].sort((a, b) => order(a) - order(b))) {
    const k = `${r.group}/${r.version}`;
    if (!seen.has(k)) seen.set(k, { group: r.group, version: r.version });
  }
  return [...seen.values()];
}

export function isServedGroupVersion(group: string, version: string): boolean {
  return groupVersions().some((gv) => gv.group === group && gv.version === version);
}

export function apiVersions(serverAddress: string): object {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

function apiGroup(group: string): object {
  const versions = groupVersions()
    .filter((gv) => gv.group === group)
    .map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(): object {
  const groups = [...new Set(groupVersions().filter((gv) => gv.group).map((gv) => gv.group))];
  return { kind: "APIGroupList", apiVersion: "v1", groups: groups.map(apiGroup) };
}

export function apiGroupDoc(group: string): object | undefined {
  if (!groupVersions().some((gv) => gv.group === group && group)) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...apiGroup(group) };
}

export function apiResourceList(group: string, version: string): object {
  const resources = servedResources()
    .filter((r) => r.group === group && r.version === version)
    .flatMap((r) => [
      {
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
        ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
        ...(r.categories.length ? { categories: r.categories } : {}),
      },
      ...r.subresources.map((s) => ({ name: `${r.plural}/${s}`, singularName: "", namespaced: r.namespaced, kind: r.kind, verbs: ["get", "patch", "update"] })),
    ]);
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: group ? `${group}/${version}` : version, resources };
}

/** apidiscovery.k8s.io APIGroupDiscoveryList for /api (legacy core group) or /apis (all others). */
export function aggregatedDiscovery(core: boolean, apiVersion: string): object {
  const gvs = groupVersions().filter((gv) => (core ? gv.group === "" : gv.group !== ""));
  const groups = [...new Set(gvs.map((gv) => gv.group))];
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion,
    metadata: {},
    items: groups.map((group) => ({
      metadata: { name: group, creationTimestamp: null },
      versions: gvs
        .filter((gv) => gv.group === group)
        .map((gv) => ({
          version: gv.version,
          freshness: "Current",
          resources: servedResources()
            .filter((r) => r.group === group && r.version === gv.version)
            .map((r) => ({
              resource: r.plural,
              responseKind: { group: r.group, version: r.version, kind: r.kind },
              scope: r.namespaced ? "Namespaced" : "Cluster",
              singularResource: r.singular,
              verbs: r.verbs,
              ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
              ...(r.categories.length ? { categories: r.categories } : {}),
              ...(r.subresources.length
                ? { subresources: r.subresources.map((s) => ({ subresource: s, responseKind: { group: r.group, version: r.version, kind: r.kind }, verbs: ["get", "patch", "update"] })) }
                : {}),
            })),
        })),
    })),
  };
}

export function versionInfo(gitVersion: string): object {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: m?.[1] ?? "1",
    minor: m?.[2] ?? "32",
    gitVersion,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2025-01-01T00:00:00Z",
    goVersion: "go1.23.0",
    compiler: "gc",
    platform: "linux/amd64",
  };
}
