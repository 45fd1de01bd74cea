/**
 * A Function's address (lib/domain/function-ref.ts) in the UI's and the API's paths. Each segment
 * is encoded on its own, because kubeconfig context names may hold "/" or ":" (EKS context names
 * are ARNs such as arn:aws:eks:eu-west-1:123456789012:cluster/prod).
 */
import type { FunctionRef } from "@/lib/domain/function-ref";

export type { FunctionRef };

function path(ref: FunctionRef): string {
  return [ref.cluster, ref.namespace, ref.name].map(encodeURIComponent).join("/");
}

export function functionHref(ref: FunctionRef): string {
  return `/functions/${path(ref)}`;
}

export function functionApiPath(ref: FunctionRef): string {
  return `/api/functions/${path(ref)}`;
}

/**
 * Route params as Next.js hands them over; decoded once more when they still look encoded.
 * Returns null when a segment is empty or not valid percent-encoding.
 */
export function refFromParams(params: { cluster?: string; namespace?: string; name?: string }): FunctionRef | null {
  const decode = (v: string | undefined): string | null => {
    if (!v) return null;
    try {
      return /%[0-9A-Fa-f]{2}/.test(v) ? decodeURIComponent(v) : v;
    } catch {
      return null;
    }
  };
  const cluster = decode(params.cluster);
  const namespace = decode(params.namespace);
  const name = decode(params.name);
  return cluster && namespace && name ? { cluster, namespace, name } : null;
}
