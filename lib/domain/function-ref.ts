/**
 * A Function's address: cluster, namespace, name, and its id "cluster/namespace/name" (the key
 * of rows, events and URLs). Namespace and name never hold "/"; a cluster may (an EKS context is
 * an ARN such as arn:aws:eks:eu-west-1:123456789012:cluster/prod). Pure.
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
