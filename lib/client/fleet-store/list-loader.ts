/**
 * The fleet store's loader today: `GET /api/functions` in one list (up to the API's maximum of
 * 20,000 rows; the overview filters and sorts in the browser, so a filter or sort change never
 * waits for the network), fetched and validated in a Web Worker that sends only the changed
 * rows (list-worker-client.ts); the summaries alone with `limit=1`.
 */
import { FunctionListResponseSchema, type FunctionListResponse } from "@/lib/domain/wire/fleet";
import { fetchApi } from "../api-fetch";
import { createListWorkerClient, type ListWorker, type ListWorkerClient } from "../list-worker-client";
import type { FleetLoader } from "./store";

/** The API's maximum page size. */
const MAX_LIST_LIMIT = 20_000;
const LIST_URL = `/api/functions?limit=${MAX_LIST_LIMIT}`;
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
  return {
    async loadRows(signal: AbortSignal): Promise<FunctionListResponse> {
      const client = worker();
      if (client) {
        const list = await client.fetchList(LIST_URL, signal);
        costMs = client.lastCostMs();
        return list;
      }
      const started = performance.now();
      const list = await fetchApi(LIST_URL, FunctionListResponseSchema, { signal });
      costMs = performance.now() - started;
      return list;
    },
    loadSummaries: (signal: AbortSignal) => fetchApi(SUMMARIES_URL, FunctionListResponseSchema, { signal }),
    lastCostMs: () => costMs,
  };
}
