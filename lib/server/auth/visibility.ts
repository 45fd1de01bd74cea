import "server-only";
import type { AccessDecision } from "../kube/writes";
import type { Identity } from "./identity";

/**
 * Which Functions a signed-in person may see (proxy mode): exactly what Kubernetes lets that
 * user list. Per cluster, a SubjectAccessReview for `list` on functions.lambda.services.k8s.aws
 * cluster-wide first (namespace ""), and only when that is denied, one per namespace. Decisions
 * are cached per user, groups, cluster and namespace for `ttlMs`, so a page, a poll or a stream
 * of row changes does not become a stream of reviews; concurrent questions share one review.
 * A review that fails (the cluster unreachable, the dashboard not allowed to ask) hides the
 * namespace and is not cached: the answer is "no" until the cluster says otherwise.
 * `null` as the reader (local mode: the operator's own kubeconfig) sees everything.
 */
export type ListReview = (cluster: string, identity: Identity, namespace: string) => Promise<AccessDecision>;

export interface VisibilityOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export interface Place {
  cluster: string;
  namespace: string;
}

const CLUSTER_WIDE = "";

export class FunctionVisibility {
  private readonly cache = new Map<string, { at: number; allowed: boolean }>();
  private readonly asking = new Map<string, Promise<boolean>>();
  private readonly now: () => number;

  constructor(
    private readonly review: ListReview,
    private readonly opts: VisibilityOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** May `reader` list the Functions of this namespace (cluster-wide, or in that namespace)? */
  async sees(reader: Identity | null, place: Place): Promise<boolean> {
    if (!reader) return true;
    if (await this.decide(reader, place.cluster, CLUSTER_WIDE)) return true;
    return place.namespace !== CLUSTER_WIDE && this.decide(reader, place.cluster, place.namespace);
  }

  /** May `reader` list Functions cluster-wide in every one of these clusters (nothing hidden)? */
  async seesEverything(reader: Identity | null, clusters: Iterable<string>): Promise<boolean> {
    if (!reader) return true;
    const answers = await Promise.all([...clusters].map((c) => this.decide(reader, c, CLUSTER_WIDE)));
    return answers.every(Boolean);
  }

  /** The items `reader` may see, in their order; each distinct namespace is decided once. */
  async filter<T>(reader: Identity | null, items: readonly T[], placeOf: (item: T) => Place): Promise<T[]> {
    if (!reader) return [...items];
    const places = new Map<string, Place>();
    for (const item of items) {
      const p = placeOf(item);
      places.set(placeKey(p), p);
    }
    const allowed = new Set<string>();
    await Promise.all(
      [...places].map(async ([key, p]) => {
        if (await this.sees(reader, p)) allowed.add(key);
      }),
    );
    return items.filter((item) => allowed.has(placeKey(placeOf(item))));
  }

  private decide(reader: Identity, cluster: string, namespace: string): Promise<boolean> {
    const key = JSON.stringify([reader.user, [...reader.groups].sort(), cluster, namespace]);
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < (this.opts.ttlMs ?? 10_000)) return Promise.resolve(hit.allowed);
    const pending = this.asking.get(key);
    if (pending) return pending;
    const ask = this.review(cluster, reader, namespace)
      .then((d) => {
        if (!d.ok) return false;
        if (this.cache.size >= (this.opts.maxEntries ?? 20_000)) this.cache.clear();
        this.cache.set(key, { at: this.now(), allowed: d.allowed });
        return d.allowed;
      })
      .catch(() => false)
      .finally(() => this.asking.delete(key));
    this.asking.set(key, ask);
    return ask;
  }
}

function placeKey(p: Place): string {
  return JSON.stringify([p.cluster, p.namespace]);
}

/** The AWS accounts (and regions) of the rows a person sees: no account ID of a hidden Function. */
export function accountsOf<A extends { accountId: string; region: string }>(accounts: readonly A[], rows: ReadonlyArray<{ accountId: string | null; region: string | null }>): A[] {
  const seen = new Set(rows.map((r) => `${r.accountId}/${r.region}`));
  return accounts.filter((a) => seen.has(`${a.accountId}/${a.region}`));
}
