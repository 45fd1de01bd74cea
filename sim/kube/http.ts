/**
 * HTTP plumbing: bounded body reading, body decoding by media type, and writing objects or
 * Status errors in the negotiated format. Nothing here knows about resources.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { requestMediaType } from "./negotiation";
import { type KubeStatus, errors } from "./status";

/** kube-apiserver's default --max-request-body-bytes is 3 MiB. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(errors.tooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", (e) => {
      if (!failed) reject(e);
    });
  });
}

/** Go's encoding/json wording for a decoding failure, which clients show verbatim. */
function jsonError(kindHint: string, e: unknown): never {
  const detail = e instanceof Error ? e.message : String(e);
  throw errors.badRequest(`the object provided is unrecognized (must be of type ${kindHint}): couldn't get version/kind; json parse error: ${detail}`);
}

/** Decodes JSON, or YAML when the media type says so. `undefined` for an empty body. */
export function decodeBody(raw: Buffer, mediaType: string, kindHint: string): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString("utf8");
  if (mediaType === "application/yaml" || mediaType === "application/apply-patch+yaml") {
    try {
      return parseYaml(text);
    } catch (e) {
      throw errors.badRequest(`error converting YAML to JSON: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    return jsonError(kindHint, e);
  }
}

export function contentTypeOf(req: IncomingMessage): string {
  return requestMediaType(req.headers["content-type"]);
}

export interface SendOptions {
  yaml?: boolean;
  warnings?: string[];
}

export function send(res: ServerResponse, code: number, body: unknown, opts: SendOptions = {}): void {
  const text = opts.yaml ? toYaml(body) : JSON.stringify(body);
  writeBody(res, code, text, opts.yaml ? "application/yaml" : "application/json", opts.warnings);
}

/** A body already serialised as JSON (e.g. a list joined from cached object texts). */
export function sendJsonText(res: ServerResponse, code: number, text: string): void {
  writeBody(res, code, text, "application/json");
}

function writeBody(res: ServerResponse, code: number, text: string, contentType: string, warnings?: string[]): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const headers: Record<string, string | string[]> = { "Cache-Control": "no-cache, private" };
  if (warnings?.length) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  headers["Content-Type"] = contentType;
  headers["Content-Length"] = String(Buffer.byteLength(text));
  res.writeHead(code, headers);
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: KubeStatus): void {
  send(res, status.code, status);
}

export function sendText(res: ServerResponse, code: number, text: string, contentType = "text/plain; charset=utf-8"): void {
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": String(Buffer.byteLength(text)), "X-Content-Type-Options": "nosniff" });
  res.end(text);
}
