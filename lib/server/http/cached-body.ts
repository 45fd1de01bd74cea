import "server-only";

/**
 * Answers with a JSON body that has an ETag: 304 when the client holds it (If-None-Match).
 * Cache-Control no-cache: a browser may keep the body but asks again each time (never a stale
 * fleet), which costs a 304 with no body when nothing changed.
 *
 * Through Next's route, compression is left to Next's server (next.config.js `compress`, on by
 * default: gzip when the client accepts it). A route handler cannot send its own encoded body:
 * Next drops a Content-Encoding header set by a handler (next/dist/server/send-response.js,
 * FORBIDDEN_HEADERS) and would send gzip bytes as plain JSON. The list fast lane
 * (./list-fast-lane.ts) writes to the socket itself and sends the answer's kept gzip.
 */
export interface TaggedBody {
  etag: string;
  /** The JSON text, whole or in parts sent one after the other (kept parts need no copy into one). */
  json: Buffer | readonly Buffer[];
}

export function respondTagged(req: Request, body: TaggedBody): Response {
  const { status, headers } = taggedHead(req.headers.get("if-none-match"), body);
  return new Response(status === 304 ? null : streamOf(body.json), { status, headers });
}

/** The status and headers of a tagged answer (the route's Response, the list fast lane's write). */
export function taggedHead(ifNoneMatch: string | null, body: Pick<TaggedBody, "etag">): { status: 200 | 304; headers: Record<string, string> } {
  const headers: Record<string, string> = {
    "Cache-Control": "private, no-cache",
    ETag: body.etag,
    "Content-Type": "application/json",
  };
  return { status: matchesEtag(ifNoneMatch, body.etag) ? 304 : 200, headers };
}

/** RFC 9110 §13.1.2: a list of entity tags or "*", weak comparison. */
export function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => strip(t) === strip(etag));
}

/**
 * The kept bytes as the body, shared by every request of the version. Not
 * `new Response(buffer)`: undici copies an ArrayBufferView body (extractBody), 800 KB per
 * 500-row answer per request (a CPU profile of the list under 32 clients showed the copy and its
 * garbage collection). A default (not "bytes") stream does not transfer or detach the chunk.
 */
function streamOf(b: Buffer | readonly Buffer[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of Buffer.isBuffer(b) ? [b] : b) controller.enqueue(part);
      controller.close();
    },
  });
}
