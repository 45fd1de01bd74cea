/**
 * Content negotiation as kube-apiserver does it (k8s.io/apiserver/pkg/endpoints/handlers/negotiation):
 * the Accept header may ask for a plain object, a server-side Table, PartialObjectMetadata, or
 * aggregated discovery (apidiscovery.k8s.io); anything the server cannot produce is skipped, and
 * when nothing is left the answer is 406.
 */
import { errors } from "./status";

export type Output =
  | { format: "json" }
  | { format: "yaml" }
  | { format: "table"; apiVersion: string }
  | { format: "partial"; apiVersion: string }
  | { format: "discovery"; apiVersion: string };

export interface NegotiateOptions {
  table?: boolean;
  partial?: boolean;
  discovery?: boolean;
  yaml?: boolean;
}

interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
  index: number;
}

export function parseMediaType(value: string): { type: string; params: Record<string, string> } {
  const [type, ...rest] = value.split(";");
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf("=");
    if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, "");
  }
  return { type: type.trim().toLowerCase(), params };
}

function parseAccept(accept: string): MediaRange[] {
  return accept
    .split(",")
    .map((s, index) => {
      const { type, params } = parseMediaType(s);
      const q = params.q === undefined ? 1 : Number(params.q);
      return { type, params, q: Number.isNaN(q) ? 0 : q, index };
    })
    .filter((m) => m.type && m.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
}

export const SERVED_TYPES = ["application/json", "application/yaml"];

export function negotiateOutput(accept: string | undefined, opts: NegotiateOptions): Output {
  if (!accept || !accept.trim()) return { format: "json" };
  for (const m of parseAccept(accept)) {
    const as = m.params.as;
    const g = m.params.g;
    const v = m.params.v;
    const jsonish = m.type === "application/json" || m.type === "*/*" || m.type === "application/*";
    if (as) {
      if (!jsonish) continue;
      if (as === "Table" && g === "meta.k8s.io" && (v === "v1" || v === "v1beta1") && opts.table) {
        return { format: "table", apiVersion: `meta.k8s.io/${v}` };
      }
      if ((as === "PartialObjectMetadata" || as === "PartialObjectMetadataList") && g === "meta.k8s.io" && (v === "v1" || v === "v1beta1") && opts.partial) {
        return { format: "partial", apiVersion: `meta.k8s.io/${v}` };
      }
      if (as === "APIGroupDiscoveryList" && g === "apidiscovery.k8s.io" && (v === "v2" || v === "v2beta1") && opts.discovery) {
        return { format: "discovery", apiVersion: `apidiscovery.k8s.io/${v}` };
      }
      continue;
    }
    if (jsonish) return { format: "json" };
    if (m.type === "application/yaml" && opts.yaml) return { format: "yaml" };
  }
  throw errors.notAcceptable(SERVED_TYPES);
}

/** Media type of a request body, lower-cased without parameters ("" when absent). */
export function requestMediaType(contentType: string | undefined): string {
  return contentType ? parseMediaType(contentType).type : "";
}
