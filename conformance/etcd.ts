/**
 * Forces an etcd compaction through etcd's v3 JSON gateway (no etcdctl needed):
 * POST /v3/kv/range to learn the current revision, then POST /v3/kv/compaction at it
 * (https://etcd.io/docs/v3.5/dev-guide/api_grpc_gateway/). Afterwards every watch or paged
 * list that starts from an older revision fails: kube-apiserver answers 410 Expired, the way
 * it does after its own periodic compaction (--etcd-compaction-interval, default 5 min).
 */
async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`etcd ${new URL(url).pathname}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Compacts at the current revision; returns it. */
export async function compactEtcd(etcdUrl: string): Promise<number> {
  // Any range answers with the store's current revision in its header; "\0" keeps it tiny.
  const range = await post(`${etcdUrl}/v3/kv/range`, { key: Buffer.from("\0").toString("base64"), limit: 1 });
  const revision = Number((range.header as { revision?: string } | undefined)?.revision);
  if (!Number.isSafeInteger(revision) || revision <= 0) throw new Error("etcd returned no current revision");
  // physical: wait until the compaction is applied, so the next request already sees it.
  await post(`${etcdUrl}/v3/kv/compaction`, { revision: String(revision), physical: true });
  return revision;
}
