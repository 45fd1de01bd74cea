import "server-only";
import type { HelloEvent, ResetEvent } from "@/lib/domain/wire/stream";
import type { LiveEvent, LiveHub } from "./live-hub";
import type { StreamView } from "./visible-stream";

/**
 * GET /api/stream as Server-Sent Events (WHATWG HTML, "Server-sent events"):
 * - every event has an `id:`; a reconnecting EventSource sends it back as Last-Event-ID (or a
 *   client that builds a new EventSource passes ?lastEventId=) and gets what it missed;
 * - `event: hello` opens each connection (data: {resumed}); `event: reset` tells the client to
 *   refetch when a gap-free resume is impossible;
 * - a comment line every `heartbeatMs` keeps proxies and the browser from timing out;
 * - `Cache-Control: no-transform` also keeps `next start`'s gzip (the `compression` package)
 *   off this response, which would otherwise buffer events; `X-Accel-Buffering: no` does the
 *   same for nginx.
 * A client that cannot keep up (more than `maxBufferedBytes` queued) is disconnected: it
 * reconnects and resumes, rather than this process buffering without bound.
 */
export interface StreamOptions {
  heartbeatMs?: number;
  maxBufferedBytes?: number;
  /** Reconnection delay the browser should use (the SSE `retry:` field). */
  retryMs?: number;
  /** The reconnection delay sent when the server shuts the stream (default 1 s). */
  shutdownRetryMs?: number;
  /** What one signed-in person may see (proxy mode); every event otherwise. */
  view?: StreamView;
}

const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
} as const;

function formatEvent(e: Pick<LiveEvent, "id" | "type" | "data">): string {
  // `data` is JSON: it holds no raw newline, so one data line carries it whole.
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${e.data}\n\n`;
}

function lastEventIdOf(req: Request): string | null {
  const header = req.headers.get("last-event-id");
  const query = new URL(req.url).searchParams.get("lastEventId");
  const value = (header ?? query ?? "").trim();
  return value === "" ? null : value.slice(0, 64);
}

export function streamResponse(hub: LiveHub, req: Request, opts: StreamOptions = {}): Response {
  const encoder = new TextEncoder();
  const lastEventId = lastEventIdOf(req);
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        let unsubscribe = () => {};
        let heartbeat: NodeJS.Timeout | undefined;
        const maxBuffered = opts.maxBufferedBytes ?? 8 * 1024 * 1024;
        const send = (text: string) => {
          if (closed) return;
          try {
            controller.enqueue(encoder.encode(text));
            if ((controller.desiredSize ?? 0) < -maxBuffered) cleanup();
          } catch {
            cleanup();
          }
        };
        // With a view, each event waits for its decision, and what follows waits for it: the
        // order of events (and of hello after the replay) is the hub's order.
        let queue: Promise<void> = Promise.resolve();
        const view = opts.view;
        const sendEvent = (e: LiveEvent) => {
          if (!view) return send(formatEvent(e));
          queue = queue.then(async () => {
            const shown = closed ? null : await view.admit(e);
            if (shown) send(formatEvent(shown));
          }).catch(() => cleanup());
        };
        const sendInOrder = (text: string) => {
          if (!view) return send(text);
          queue = queue.then(() => send(text));
        };
        cleanup = () => {
          if (closed) return;
          closed = true;
          unsubscribe();
          clearInterval(heartbeat);
          req.signal.removeEventListener("abort", cleanup);
          try {
            controller.close();
          } catch {
            /* already closed by the client */
          }
        };
        send(`retry: ${opts.retryMs ?? 2000}\n\n`);
        const replay = hub.replay(lastEventId);
        if ("reset" in replay) {
          send(formatEvent({ id: hub.lastId, type: "reset", data: JSON.stringify({ reason: replay.reset } satisfies ResetEvent) }));
        } else {
          for (const e of replay.events) sendEvent(e);
        }
        // Published synchronously after the replay: nothing falls between the two.
        const hello: HelloEvent = { resumed: lastEventId !== null && !("reset" in replay) };
        sendInOrder(`id: ${hub.lastId}\nevent: hello\ndata: ${JSON.stringify(hello)}\n\n`);
        if (closed) return;
        // A shutdown ends the stream with a short retry: the browser comes back to another replica, or to this one restarted.
        unsubscribe = hub.subscribe(sendEvent, () => {
          sendInOrder(`retry: ${opts.shutdownRetryMs ?? 1000}\n\n`);
          void queue.then(cleanup);
        });
        heartbeat = setInterval(() => send(`: heartbeat ${new Date().toISOString()}\n\n`), opts.heartbeatMs ?? 15_000);
        if (req.signal.aborted) cleanup();
        else req.signal.addEventListener("abort", cleanup, { once: true });
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
