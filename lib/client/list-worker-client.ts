/**
 * The page's side of the list worker: sends requests, merges each answer's row delta into the
 * rows it holds (unchanged rows keep their identity), and recovers by asking for a full list when
 * the two sides are out of step or the worker dies.
 */
import type { FunctionListResponse, ListedRow } from "@/lib/domain/wire/fleet";
import { ApiRequestError } from "./api-fetch";
import type { ListRequest, ListResponse } from "./list-fetch-core";
import { DeltaMismatchError, mergeRows } from "./row-delta";

/** The part of the Worker interface used here (a real Worker, or an in-process stand-in in tests). */
export interface ListWorker {
  postMessage(message: ListRequest): void;
  onmessage: ((event: { data: ListResponse }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  terminate(): void;
}

interface Pending {
  url: string;
  resolve(list: FunctionListResponse): void;
  reject(error: unknown): void;
  settled: boolean;
  /** A page: its rows alone, not merged into the rows held. */
  fresh: boolean;
}

export interface ListWorkerClient {
  fetchList(url: string, signal?: AbortSignal): Promise<FunctionListResponse>;
  /** One page of a list (its rows only; the rows held for fetchList are left as they are). */
  fetchPage(url: string, signal?: AbortSignal): Promise<FunctionListResponse>;
  /** Wall time of the last answered request, worker side. */
  lastCostMs(): number;
  /** Starts the worker now (its script takes a while to load), so that it is ready for the next request. */
  prepare(): void;
}

export function createListWorkerClient(makeWorker: () => ListWorker): ListWorkerClient {
  let worker: ListWorker | null = null;
  let nextId = 1;
  let rows: ListedRow[] | null = null;
  let costMs = 0;
  const pending = new Map<number, Pending>();

  function settle(entry: Pending, action: () => void) {
    if (entry.settled) return;
    entry.settled = true;
    action();
  }

  function send(entry: Pending, reset: boolean) {
    const id = nextId++;
    pending.set(id, entry);
    ensureWorker().postMessage({ id, url: entry.url, reset, ...(entry.fresh ? { fresh: true } : {}) });
  }

  function onResponse(response: ListResponse) {
    const entry = pending.get(response.id);
    pending.delete(response.id);
    if (!response.ok) {
      if (entry) settle(entry, () => entry.reject(new ApiRequestError(response.status, response.code, response.message)));
      return;
    }
    costMs = response.costMs;
    if (entry?.fresh) {
      settle(entry, () => entry.resolve({ ...response.envelope, items: response.delta.changed }));
      return;
    }
    try {
      // Merged even when the caller gave up waiting: the worker has moved on to this answer.
      rows = mergeRows(rows, response.delta);
    } catch (e) {
      rows = null;
      if (e instanceof DeltaMismatchError && entry) {
        send(entry, true);
        return;
      }
      throw e;
    }
    const list: FunctionListResponse = { ...response.envelope, items: rows };
    if (entry) settle(entry, () => entry.resolve(list));
  }

  function ensureWorker(): ListWorker {
    if (worker) return worker;
    const created = makeWorker();
    created.onmessage = (event) => onResponse(event.data);
    created.onerror = () => {
      // A dead worker forgets its snapshot: fail what is waiting and start afresh next time.
      created.terminate();
      worker = null;
      rows = null;
      for (const entry of pending.values()) settle(entry, () => entry.reject(new ApiRequestError(0, "worker_failed", "The list could not be loaded in the background.")));
      pending.clear();
    };
    worker = created;
    return created;
  }

  function request(url: string, fresh: boolean, signal?: AbortSignal): Promise<FunctionListResponse> {
    return new Promise<FunctionListResponse>((resolve, reject) => {
      const entry: Pending = { url, resolve, reject, settled: false, fresh };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener("abort", () => settle(entry, () => reject(signal.reason)), { once: true });
      // The first request after a reset of the page's rows must ask for everything.
      send(entry, !fresh && rows === null);
    });
  }

  return {
    fetchList: (url, signal) => request(url, false, signal),
    fetchPage: (url, signal) => request(url, true, signal),
    prepare: () => void ensureWorker(),
    lastCostMs: () => costMs,
  };
}
