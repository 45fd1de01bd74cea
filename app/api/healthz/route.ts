import type { Healthz } from "@/lib/domain/wire/healthz";
import { serverApp } from "@/lib/server/holder";
import { handle, json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Liveness and a summary of connections: 200 while the process serves, with the roles it runs
 * (recording, reading AWS), each cluster's connection and each AWS account's readability.
 */
export const GET = handle(async () => {
  const app = serverApp();
  const clusters = app.fleet.clusterSummaries().map((c) => ({ name: c.name, connected: c.connected, lastSyncAt: c.lastSyncAt, functionCount: c.functionCount }));
  const awsAccounts = app.fleet.awsAccounts().map((a) => ({ accountId: a.accountId, region: a.region, ok: a.error === null }));
  return json({ status: "ok", roles: app.roles(), clusters, awsAccounts } satisfies Healthz);
});
