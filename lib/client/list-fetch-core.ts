/**
 * The work of the list worker, kept free of worker globals so that it can be tested in Node:
 * fetch `GET /api/functions`, parse, validate the envelope and the changed rows, and answer with
 * a row delta. Requests are handled one at a time, so every delta is relative to the previous
 * answer, in order.
 */
import { z } from "zod";
import { ApiErrorSchema } from "@/lib/domain/wire/error";
import { FunctionListResponseSchema, ListedRowSchema, type FunctionListResponse } from "@/lib/domain/wire/fleet";
import { diffRows, type RowDelta, type RowSnapshot } from "./row-delta";

export interface ListRequest {
  id: number;
  url: string;
  /** Forget the previous answer and send every row. */
  reset: boolean;
  /** One page of a list: every row of it, and the previous answer is kept for the next request. */
  fresh?: boolean;
}

export type ListEnvelope = Omit<FunctionListResponse, "items">;

export type ListResponse =
  | { id: number; ok: true; envelope: ListEnvelope; delta: RowDelta; costMs: number }
  | { id: number; ok: false; status: number; code: string; message: string };

const EnvelopeSchema = FunctionListResponseSchema.extend({ items: z.array(z.unknown()) });

class BadResponse extends Error {}

export function createListFetcher(fetchImpl: typeof fetch = fetch): (request: ListRequest) => Promise<ListResponse> {
  let snapshot: RowSnapshot = new Map();
  let queue: Promise<unknown> = Promise.resolve();

  async function handle(request: ListRequest): Promise<ListResponse> {
    const started = performance.now();
    const fail = (status: number, code: string, message: string): ListResponse => ({ id: request.id, ok: false, status, code, message });
    if (request.reset) snapshot = new Map();
    let response: Response;
    try {
      // no-cache, not no-store: the browser keeps the last list and asks with its ETag; an
      // unchanged fleet is a 304 with no body to send, gzip or serialise (app/api/functions).
      response = await fetchImpl(request.url, { headers: { accept: "application/json" }, cache: "no-cache" });
    } catch {
      return fail(0, "unreachable", "The dashboard server did not answer. Is it running?");
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const apiError = ApiErrorSchema.safeParse(body);
      return apiError.success
        ? fail(response.status, apiError.data.error.code, apiError.data.error.message)
        : fail(response.status, "http_error", `The server answered HTTP ${response.status}.`);
    }
    const envelope = EnvelopeSchema.safeParse(body);
    if (!envelope.success) {
      const issue = envelope.error.issues[0];
      return fail(response.status, "bad_response", `The server's list did not have the expected shape at ${issue?.path.join(".") || "the top"}: ${issue?.message}.`);
    }
    const { items, ...rest } = envelope.data;
    try {
      const { delta, snapshot: next } = diffRows(request.fresh ? new Map() : snapshot, items, (raw, index) => {
        const row = ListedRowSchema.safeParse(raw);
        if (!row.success) {
          const issue = row.error.issues[0];
          throw new BadResponse(`items.${index}.${issue?.path.join(".")}: ${issue?.message}`);
        }
        return row.data;
      });
      if (!request.fresh) snapshot = next;
      return { id: request.id, ok: true, envelope: rest, delta, costMs: performance.now() - started };
    } catch (e) {
      // A bad row leaves the snapshot as it was: the next answer is relative to the last good one.
      return fail(response.status, "bad_response", `The server's list did not have the expected shape: ${(e as Error).message}.`);
    }
  }

  return (request) => {
    const result = queue.then(() => handle(request));
    queue = result.catch(() => undefined);
    return result;
  };
}
