import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { FUNCTION_KIND } from "@/lib/domain/ack";
import { kubeRequest } from "./http";

/** The Kubernetes Events about one Function (core/v1), newest last. */
export interface FunctionEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  source: string;
}

const str = (v: unknown, max = 4000): string => (typeof v === "string" ? v.slice(0, max) : "");
const time = (v: unknown): string | null => (typeof v === "string" && !Number.isNaN(Date.parse(v)) ? v : null);

export async function fetchFunctionEvents(kc: KubeConfig, namespace: string, name: string): Promise<FunctionEvent[]> {
  const res = await kubeRequest(kc, {
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
    query: { fieldSelector: `involvedObject.name=${name},involvedObject.kind=${FUNCTION_KIND}`, limit: 500 },
    timeoutMs: 10_000,
  });
  if (res.status !== 200) return [];
  const items = (res.body as { items?: unknown }).items;
  if (!Array.isArray(items)) return [];
  return items
    .map((e: Record<string, unknown>) => {
      const src = (e.source ?? {}) as Record<string, unknown>;
      const series = (e.series ?? {}) as Record<string, unknown>;
      return {
        type: str(e.type, 32) || "Normal",
        reason: str(e.reason, 256),
        message: str(e.message),
        count: typeof e.count === "number" ? e.count : typeof series.count === "number" ? series.count : 1,
        firstTimestamp: time(e.firstTimestamp) ?? time(e.eventTime),
        lastTimestamp: time(e.lastTimestamp) ?? time(series.lastObservedTime) ?? time(e.eventTime),
        source: str(src.component, 256) || str(e.reportingComponent, 256),
      };
    })
    .sort((a, b) => Date.parse(a.lastTimestamp ?? "0") - Date.parse(b.lastTimestamp ?? "0"));
}
