"use client";
/**
 * useFleetStream(): one connection per tab to GET /api/stream, feeding the fleet store and the
 * query caches of the open pages (apply-events.ts). Mount it once, high in the tree
 * (app/providers.tsx).
 *
 * The browser's EventSource reconnects by itself and sends Last-Event-ID; when it gives up
 * (the server answered an error, readyState CLOSED) this hook opens a new one after a backoff
 * (1 s doubling to 30 s, with jitter), passing the last id as ?lastEventId= so the server can
 * still resume without a gap. The connection state is published through stream-status.ts
 * ("live", "reconnecting"...) for a badge, and for polling to resume while it is down.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { STREAM_EVENT_TYPES } from "@/lib/domain/wire/stream";
import { useFleetStore } from "../fleet-store/use-fleet";
import { applyToQueries, readStreamMessages, type StreamMessage } from "./apply-events";
import { getStreamStatus, setStreamStatus, useStreamStatus, type StreamStatus } from "../stream-status";

const STREAM_URL = "/api/stream";
/** Events are applied in small batches: one store change per burst, not one per row. */
const BATCH_MS = 50;

export function useFleetStream(url: string = STREAM_URL): StreamStatus {
  const qc = useQueryClient();
  const store = useFleetStore();
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    let lastId: string | null = null;
    let failures = 0;
    let retryTimer: number | undefined;
    let batchTimer: number | undefined;
    let openedAt = 0;
    let batch: StreamMessage[] = [];

    const flush = () => {
      batchTimer = undefined;
      const read = readStreamMessages(batch);
      batch = [];
      store.apply(read.fleet);
      applyToQueries(qc, read);
      if (read.reload) void store.reload();
      else if (read.freshFrom !== undefined) void store.resync(read.freshFrom);
      if (read.reload || read.freshFrom !== undefined) {
        // The open pages' details and timelines: only what could have missed something, older than this connection.
        const since = openedAt;
        void qc.invalidateQueries({ predicate: (q) => (q.queryKey[0] === "functions" || q.queryKey[0] === "timeline") && q.state.dataUpdatedAt < since });
      }
    };

    const connect = () => {
      const target = lastId ? `${url}?lastEventId=${encodeURIComponent(lastId)}` : url;
      openedAt = Date.now();
      const es = new EventSource(target);
      source = es;
      for (const type of STREAM_EVENT_TYPES) {
        es.addEventListener(type, (ev) => {
          const msg = ev as MessageEvent<string>;
          if (msg.lastEventId) lastId = msg.lastEventId;
          failures = 0;
          // A no-op while live already (./stream-status.ts: a change per message rendered the tree).
          setStreamStatus({ state: "live", downSince: null });
          batch.push({ type, data: msg.data, id: msg.lastEventId || null });
          batchTimer ??= window.setTimeout(flush, BATCH_MS);
        });
      }
      es.onerror = () => {
        setStreamStatus({ state: "reconnecting", downSince: getStreamStatus().downSince ?? Date.now() });
        if (es.readyState !== EventSource.CLOSED) return; // the browser retries by itself
        es.close();
        failures++;
        const base = Math.min(30_000, 1_000 * 2 ** Math.min(failures - 1, 5));
        retryTimer = window.setTimeout(connect, base / 2 + Math.random() * (base / 2));
      };
    };

    setStreamStatus({ state: "connecting" });
    connect();
    return () => {
      source?.close();
      if (retryTimer !== undefined) window.clearTimeout(retryTimer);
      if (batchTimer !== undefined) window.clearTimeout(batchTimer);
      setStreamStatus({ state: "idle", downSince: null });
    };
  }, [qc, store, url]);
  return useStreamStatus();
}
