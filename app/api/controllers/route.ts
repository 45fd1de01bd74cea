import { controllersView } from "@/lib/domain/controllers-view";
import type { ControllersResponse } from "@/lib/domain/wire/controllers";
import { authenticate } from "@/lib/server/auth/authenticate";
import { serverApp } from "@/lib/server/holder";
import { handle, json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/controllers: every cluster's ACK Lambda controller Deployments, the known bugs of
 * their versions with the Functions each affects now, the minimum version
 * (ACK_FLEET_MIN_CONTROLLER_VERSION) and the upgrade commands (lib/domain/controllers-view.ts).
 */
export const GET = handle(async (req: Request) => {
  const app = serverApp();
  await authenticate(req, app.config, null);
  const clusters = [...app.fleet.clusters.values()].map((c) => ({ name: c.name, connected: c.state.connected, controllers: c.controllers }));
  return json(controllersView({ clusters, rows: app.fleet.rows(), minimumVersion: app.config.minControllerVersion }) satisfies ControllersResponse);
});
