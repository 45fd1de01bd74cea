import { getFleet } from "@/lib/server/fleet/instance";
import { getTimelineRecording } from "@/lib/server/timeline/instance";
import { streamResponse } from "@/lib/server/live/sse";
import { handle } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/stream: row changes and new timeline entries as Server-Sent Events, resumable with
 * Last-Event-ID (see lib/server/live/sse.ts). The stream ends when the client goes away.
 */
export const GET = handle(async (req: Request) => {
  getFleet(); // starts the fleet and its history on first use; 503 when not configured
  return streamResponse(getTimelineRecording().hub, req);
});
