import { getFleet } from "@/lib/server/fleet/instance";
import { getHistory } from "@/lib/server/history/instance";
import { streamResponse } from "@/lib/server/history/sse";
import { handle } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/stream: row changes and new timeline entries as Server-Sent Events, resumable with
 * Last-Event-ID (see lib/server/history/sse.ts). The stream ends when the client goes away.
 */
export const GET = handle(async (req: Request) => {
  getFleet(); // starts the fleet and its history on first use; 503 when not configured
  return streamResponse(getHistory().hub, req);
});
