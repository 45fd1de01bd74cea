/**
 * HTTP(S) requests to the simulators from the benchmarks: the simulated API servers serve TLS
 * with their own CA and bearer tokens, the Lambda simulator reads the account and region from a
 * SigV4-shaped Authorization header (it does not check signatures, sim/lambda/auth.ts).
 */
import http from "node:http";
import https from "node:https";

export interface SimRequest {
  method?: string;
  token?: string;
  /** The server's CA for https URLs. */
  ca?: string;
  authorization?: string;
  contentType?: string;
  /** Accept-Encoding (none by default: the body comes as sent, compressed when asked). */
  acceptEncoding?: string;
  body?: string;
  signal?: AbortSignal;
  /** Streaming: called with each chunk as it comes (the body is then not kept). */
  onData?: (chunk: Buffer) => void;
}

export interface SimResponse {
  status: number;
  body: Buffer;
}

const agents = new Map<string, https.Agent>();
function agentFor(ca: string): https.Agent {
  let a = agents.get(ca);
  if (!a) {
    a = new https.Agent({ ca, keepAlive: true, maxSockets: 64 });
    agents.set(ca, a);
  }
  return a;
}
const plainAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function simFetch(url: string, r: SimRequest = {}): Promise<SimResponse> {
  const u = new URL(url);
  const secure = u.protocol === "https:";
  const headers: Record<string, string> = { Accept: "application/json" };
  if (r.token) headers.Authorization = `Bearer ${r.token}`;
  if (r.authorization) headers.Authorization = r.authorization;
  if (r.contentType) headers["Content-Type"] = r.contentType;
  if (r.acceptEncoding) headers["Accept-Encoding"] = r.acceptEncoding;
  if (r.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(r.body));
  return new Promise((resolve, reject) => {
    const options = { method: r.method ?? "GET", headers, signal: r.signal };
    const done = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => (r.onData ? r.onData(c) : chunks.push(c)));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    };
    const req = secure
      ? https.request(u, { ...options, agent: r.ca ? agentFor(r.ca) : undefined, ca: r.ca }, done)
      : http.request(u, { ...options, agent: plainAgent }, done);
    req.on("error", reject);
    req.end(r.body);
  });
}

/** A SigV4-shaped Authorization header naming the key id and region (never verified by the sim). */
export function lambdaAuthorization(accessKeyId: string, region: string): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, "");
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${day}/${region}/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;
}
