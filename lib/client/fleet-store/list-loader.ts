/**
 * The fleet store's loader: `GET /api/functions` in pages by the API's cursor (the API's
 * default order, worst health first, so the first page is the rows that matter most), each
 * fetched and validated in a Web Worker (list-worker-client.ts) so that parsing thousands of rows
 * never blocks scrolling or typing; the rows changed since a version with `?since=` (small: on
 * the main thread); the summaries alone with `limit=1`.
 */
import { FunctionDeltaResponseSchema, FunctionListResponseSchema, type FunctionDeltaResponse, type FunctionListResponse } from "@/lib/domain/wire/fleet";
import { ApiRequestError, fetchApi } from "../api-fetch";
import { createListWorkerClient, type ListWorker, type ListWorkerClient } from "../list-worker-client";
import type { FleetLoader } from "./store";

const SUMMARIES_URL = "/api/functions?limit=1";

export function createListLoader(): FleetLoader {
  let workerClient: ListWorkerClient | null = null;
  let costMs = 0;
  const worker = (): ListWorkerClient | null => {
    if (typeof window === "undefined" || typeof Worker === "undefined") return null;
    workerClient ??= createListWorkerClient(
      () => new Worker(new URL("../functions-list.worker.ts", import.meta.url), { type: "module", name: "functions-list" }) as unknown as ListWorker,
    );
    return workerClient;
  };
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    costMs = performance.now() - started;
    return result;
  };
  return {
    loadPage(cursor, limit, signal): Promise<FunctionListResponse> {
      const url = `/api/functions?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      // The small first page on the main thread: it shows before the worker's script has loaded
      // (started meanwhile: seconds on a busy machine, which the second page would wait for).
      const client = worker();
      if (!cursor) client?.prepare();
      return timed(() => (client && cursor ? client.fetchPage(url, signal) : fetchApi(url, FunctionListResponseSchema, { signal })));
    },
    loadDelta(since, signal): Promise<FunctionDeltaResponse | null> {
      return timed(() =>
        fetchApi(`/api/functions?since=${encodeURIComponent(since)}`, FunctionDeltaResponseSchema, { signal }).catch((err: unknown) => {
          // 410: the server cannot tell what changed since then (another process, too old): load in pages.
          if (err instanceof ApiRequestError && (err.status === 410 || err.status === 400)) return null;
          throw err;
        }),
      );
    },
    loadSummaries: (signal: AbortSignal) => fetchApi(SUMMARIES_URL, FunctionListResponseSchema, { signal }),
    lastCostMs: () => costMs,
  };
}
