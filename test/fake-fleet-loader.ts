/**
 * The fleet store's loader and live signal for its tests (lib/client/fleet-store/), answered by
 * hand, with the rows and stream events they use. Used by tests only.
 */
import { vi } from "vitest";
import type { FunctionDeltaResponse, FunctionListResponse, FunctionRow, ListedRow } from "@/lib/domain/wire/fleet";
import type { FleetLoader, FleetStreamEvent, LiveSignal } from "@/lib/client/fleet-store/store";
import { makeCluster, makeRow } from "./make-row";

/** A loader the test answers by hand; it counts what was asked ("rows": a page, "delta <since>", "summaries"). */
export function fakeLoader() {
  const calls: string[] = [];
  const limits: number[] = [];
  const cursors: Array<string | null> = [];
  type Pending = { what: string; resolve: (r: never) => void; reject: (e: Error) => void };
  const pending: Pending[] = [];
  const ask = <T,>(what: string) => new Promise<T>((resolve, reject) => (calls.push(what), pending.push({ what, resolve: resolve as (r: never) => void, reject })));
  const loader: FleetLoader = {
    loadPage: (cursor, limit) => (cursors.push(cursor), limits.push(limit), ask("rows")),
    loadDelta: (since) => ask(`delta ${since}`),
    loadSummaries: () => ask("summaries"),
    lastCostMs: () => 0,
  };
  const next = (kind: "list" | "delta") => {
    const p = pending.shift();
    if (!p) throw new Error("nothing was asked");
    if (p.what.startsWith("delta") !== (kind === "delta")) throw new Error(`${p.what} was asked, not a ${kind}`);
    return p;
  };
  const answer = async (r: Partial<FunctionListResponse> = {}) => {
    next("list").resolve({ generatedAt: "2025-11-26T15:00:00Z", clusters: [makeCluster({ name: "prod-eu" })], items: [], ...r } as never);
    await vi.advanceTimersByTimeAsync(0);
  };
  const answerDelta = async (d: Partial<FunctionDeltaResponse> | null) => {
    const p = next("delta");
    p.resolve((d && { generatedAt: "2025-11-26T15:00:01Z", since: p.what.slice(6), version: "ep1-0", clusters: [makeCluster({ name: "prod-eu" })], changed: [], removed: [], total: 0, ...d }) as never);
    await vi.advanceTimersByTimeAsync(0);
  };
  const fail = async (message: string) => {
    pending.shift()!.reject(new Error(message));
    await vi.advanceTimersByTimeAsync(0);
  };
  return { loader, calls, limits, cursors, pending, answer, answerDelta, fail };
}

export function fakeLive(initial: boolean) {
  let live = initial;
  const listeners = new Set<() => void>();
  const signal: LiveSignal = { isLive: () => live, subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) };
  return { signal, set: (v: boolean) => ((live = v), listeners.forEach((l) => l())) };
}

export const row = (name: string, over: Parameters<typeof makeRow>[0] = {}): FunctionRow => makeRow({ cluster: "prod-eu", namespace: "payments", name, ...over });
export const rowEvent = (id: string | null, r: FunctionRow | null, fid = r?.id ?? "prod-eu/payments/x"): FleetStreamEvent => ({ type: "row", id, data: { id: fid, row: r } });
export const names = (rows: readonly ListedRow[]) => rows.map((r) => r.name);
