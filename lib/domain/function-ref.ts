/**
 * A Function's address: cluster, namespace, name, and its id "cluster/namespace/name" (the key
 * of rows, events and URLs). Namespace and name never hold "/"; a cluster may (an EKS context is
 * an ARN such as arn:aws:eks:eu-west-1:123456789012:cluster/prod). In a URL path each segment
 * is encoded on its own. Pure.
 */
export interface FunctionRef {
  cluster: string;
  namespace: string;
  name: string;
}

export function functionId(ref: FunctionRef): string {
  return `${ref.cluster}/${ref.namespace}/${ref.name}`;
}

/** The ref of an id; null when it has fewer than three parts. */
export function refFromId(id: string): FunctionRef | null {
  const parts = id.split("/");
  if (parts.length < 3) return null;
  const name = parts.pop() as string;
  const namespace = parts.pop() as string;
  return { cluster: parts.join("/"), namespace, name };
}

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
