import type { Healthz } from "@/lib/domain/wire/healthz";
import { readerOf } from "@/lib/server/auth/reader";
import { accountsOf } from "@/lib/server/auth/visibility";
import { serverApp } from "@/lib/server/holder";
import { handle, json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Liveness and a summary of connections: 200 while the process serves, with the roles it runs
 * (recording, reading AWS), each cluster's connection and what the dashboard's own identity
 * lacks there (its permission self-check), and each AWS account's readability.
 * Proxy mode: the counts and accounts of the Functions this person may list, like the list.
 */
export const GET = handle(async (req: Request) => {
  const app = serverApp();
  const reader = await readerOf(req, app.config);
  const rows = reader ? await app.visibility.filter(reader, app.fleet.rows(), (r) => r) : undefined;
  const clusters = app.fleet.clusterSummaries(rows).map((c) => ({ name: c.name, connected: c.connected, lastSyncAt: c.lastSyncAt, functionCount: c.functionCount, missingPermissions: c.missingPermissions ?? [] }));
  const awsAccounts = (rows ? accountsOf(app.fleet.awsAccounts(), rows) : app.fleet.awsAccounts()).map((a) => ({ accountId: a.accountId, region: a.region, ok: a.error === null }));
  return json({ status: "ok", roles: app.roles(), clusters, awsAccounts } satisfies Healthz);
});
