import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { FUNCTION_KIND } from "@/lib/domain/ack";
import type { NewTimelineEntry } from "@/lib/domain/timeline/entry";
import { eventToEntry } from "@/lib/domain/timeline/events";
import { ResourceWatcher } from "../kube/watcher";
import { NO_TELEMETRY, watchObserver, type Telemetry } from "../telemetry";

/**
 * Watches (never polls) the core/v1 Events about Functions in every cluster, so that they
 * outlive the API server's event TTL (kube-apiserver --event-ttl, default 1 h) on the timeline.
 * The field selector involvedObject.kind is served by kube-apiserver for Events
 * (pkg/registry/core/event/strategy.go, ToSelectableFields). Needs list/watch on events.
 */
export interface EventCluster {
  name: string;
  ctx: { kc: KubeConfig };
}

export function watchFunctionEvents(
  clusters: Iterable<EventCluster>,
  record: (entries: NewTimelineEntry[]) => void,
  now: () => number = Date.now,
  telemetry: Telemetry = NO_TELEMETRY,
): { stop(): void } {
  const watchers: ResourceWatcher[] = [];
  for (const c of clusters) {
    const toEntries = (events: unknown[]) => {
      const at = now();
      const out: NewTimelineEntry[] = [];
      for (const ev of events) {
        const e = eventToEntry(c.name, ev, at);
        if (e) out.push(e);
      }
      record(out);
    };
    const w = new ResourceWatcher(
      c.ctx.kc,
      { path: "/api/v1/events", fieldSelector: `involvedObject.kind=${FUNCTION_KIND}`, now, observe: watchObserver(telemetry, c.name, "events") },
      {
        // A relist hands back Events already recorded: their keys make them no-ops.
        onList: (items) => toEntries(items),
        onAdded: (o) => toEntries([o]),
        onModified: (o) => toEntries([o]),
        // The API server dropping an Event (TTL) is not news: the timeline keeps it.
        onDeleted: () => {},
        onState: () => {},
      },
    );
    w.start();
    watchers.push(w);
  }
  return {
    stop() {
      for (const w of watchers) w.stop();
    },
  };
}
