import { serverApp } from "@/lib/server/holder";
import { handle } from "@/lib/server/http/respond";
import { streamResponse } from "@/lib/server/live/sse";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/stream: row changes, new timeline entries and cluster summaries as Server-Sent
 * Events, resumable with Last-Event-ID (see lib/server/live/sse.ts). The stream ends when the
 * client goes away.
 */
export const GET = handle(async (req: Request) => streamResponse(serverApp().live, req));
