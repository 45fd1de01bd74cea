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

const encoder = new TextEncoder();
/**
 * Each hub event's bytes on the wire, made once and shared by every stream that sends it (the
 * chunks are only read): formatted and encoded per stream, the first sight of 50,000 Functions
 * (a timeline event each) and every row change cost each connected browser's share of the one
 * event loop again. A view's rebuilt event (another object) gets its own.
 */
const wireBytes = new WeakMap<LiveEvent, Uint8Array>();
function eventBytes(e: LiveEvent): Uint8Array {
  let bytes = wireBytes.get(e);
  if (!bytes) {
    bytes = encoder.encode(formatEvent(e));
    wireBytes.set(e, bytes);
  }
  return bytes;
}

function lastEventIdOf(req: Request): string | null {
  const header = req.headers.get("last-event-id");
  const query = new URL(req.url).searchParams.get("lastEventId");
  const value = (header ?? query ?? "").trim();
  return value === "" ? null : value.slice(0, 64);
}

export function streamResponse(hub: LiveHub, req: Request, opts: StreamOptions = {}): Response {
  const lastEventId = lastEventIdOf(req);
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        let unsubscribe = () => {};
        let heartbeat: NodeJS.Timeout | undefined;
        const maxBuffered = opts.maxBufferedBytes ?? 8 * 1024 * 1024;
        const send = (text: string | Uint8Array) => {
          if (closed) return;
          try {
            controller.enqueue(typeof text === "string" ? encoder.encode(text) : text);
            if ((controller.desiredSize ?? 0) < -maxBuffered) cleanup();
          } catch {
            cleanup();
          }
        };
        // With a view, or a replay read from the store, events go through one queue: the order of
        // events (the replay, then hello, then the live ones) is the hub's order.
        const replay = hub.replay(lastEventId);
        // What "everything sent" means at the moment of subscribing (the live events come after).
        const subscribedAt = hub.currentId();
        const view = opts.view;
        const ordered = !!view || replay instanceof Promise;
        let queue: Promise<void> = Promise.resolve();
        let live: ((e: LiveEvent) => LiveEvent | null) | undefined;
        const deliver = async (e: LiveEvent | null) => {
          const shown = closed || !e ? null : view ? await view.admit(e) : e;
          if (shown) send(eventBytes(shown));
        };
        const sendEvent = (e: LiveEvent) => {
          if (!ordered) return send(eventBytes(e));
          queue = queue.then(() => deliver(live ? live(e) : e)).catch(() => cleanup());
        };
        const sendInOrder = (text: () => string) => {
          if (!ordered) return send(text());
          queue = queue.then(() => send(text()));
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
        let resumed = false;
        let helloId: string | undefined;
        const sendReset = (reason: string) => send(formatEvent({ id: subscribedAt, type: "reset", data: JSON.stringify({ reason } satisfies ResetEvent) }));
        if (replay instanceof Promise) {
          // Queued first: the live events heard meanwhile wait behind it.
          queue = replay
            .then(async (r) => {
              if ("reset" in r) return sendReset(r.reset);
              for (const e of r.events) await deliver(e);
              resumed = true;
              helloId = r.helloId;
              live = r.live;
            }, () => sendReset("the missed events could not be read from the store"))
            .catch(() => cleanup());
        } else if ("reset" in replay) sendReset(replay.reset);
        else {
          for (const e of replay.events) sendEvent(e);
          resumed = lastEventId !== null;
        }
        // Published synchronously after the replay (or queued after it): nothing falls between the two.
        sendInOrder(() => `id: ${helloId ?? subscribedAt}\nevent: hello\ndata: ${JSON.stringify({ resumed } satisfies HelloEvent)}\n\n`);
        if (closed) return;
        // A shutdown ends the stream with a short retry: the browser comes back to another replica, or to this one restarted.
        unsubscribe = hub.subscribe(sendEvent, () => {
          sendInOrder(() => `retry: ${opts.shutdownRetryMs ?? 1000}\n\n`);
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
