import { serverApp } from "@/lib/server/holder";
import { handle, json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Liveness and a summary of connections: 200 while the process serves, with per-cluster state. */
export const GET = handle(async () => {
  const { fleet } = serverApp();
  const clusters = fleet.clusterSummaries().map((c) => ({ name: c.name, connected: c.connected, lastSyncAt: c.lastSyncAt, functionCount: c.functionCount }));
  return json({ status: "ok", clusters, awsAccounts: fleet.awsAccounts().map((a) => ({ accountId: a.accountId, region: a.region, ok: a.error === null })) });
});
