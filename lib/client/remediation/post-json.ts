/**
 * The one way the browser writes: POST JSON to the dashboard's own API (same origin: the
 * browser adds Origin and Sec-Fetch-Site, which the server checks), errors as ApiRequestError.
 */
import type { z } from "zod";
import { ApiErrorSchema } from "@/lib/domain/wire/error";
import { ApiRequestError } from "../api-fetch";

export async function postJson<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiRequestError(0, "unreachable", "The dashboard server did not answer. Nothing was sent to the cluster.");
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = ApiErrorSchema.safeParse(json);
    const retry = res.headers.get("retry-after");
    if (e.success) throw new ApiRequestError(res.status, e.data.error.code, e.data.error.message + (retry ? ` (retry after ${retry} s)` : ""));
    throw new ApiRequestError(res.status, "http_error", `The server answered HTTP ${res.status}.`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiRequestError(res.status, "bad_response", "The server's answer did not have the expected shape.");
  return parsed.data;
}
