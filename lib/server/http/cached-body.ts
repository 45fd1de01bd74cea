import "server-only";

/**
 * Answers with a JSON body that has an ETag: 304 when the client holds it (If-None-Match),
 * gzip when the client accepts it. Cache-Control no-cache: a browser may keep the body but asks
 * again each time (never a stale fleet), which costs a 304 when nothing changed.
 */
export interface TaggedBody {
  etag: string;
  json: Buffer;
  gzip(): Buffer;
}

export function respondTagged(req: Request, body: TaggedBody): Response {
  const headers: Record<string, string> = {
    "Cache-Control": "private, no-cache",
    ETag: body.etag,
    Vary: "Accept-Encoding",
    "Content-Type": "application/json",
  };
  if (matchesEtag(req.headers.get("if-none-match"), body.etag)) return new Response(null, { status: 304, headers });
  if (acceptsGzip(req.headers.get("accept-encoding"))) {
    const gz = body.gzip();
    return new Response(bytes(gz), { status: 200, headers: { ...headers, "Content-Encoding": "gzip", "Content-Length": String(gz.byteLength) } });
  }
  return new Response(bytes(body.json), { status: 200, headers: { ...headers, "Content-Length": String(body.json.byteLength) } });
}

/** RFC 9110 §13.1.2: a list of entity tags or "*", weak comparison. */
export function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => strip(t) === strip(etag));
}

/** RFC 9110 §12.5.3: gzip listed without q=0. */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (coding.trim() !== "gzip" && coding.trim() !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** A Buffer as a response body without copying (Node's Buffers sit on plain ArrayBuffers). */
function bytes(b: Buffer): Uint8Array<ArrayBuffer> {
  return b as Uint8Array<ArrayBuffer>;
}
