/**
 * Timeline entries for tests: an entry of one Function with every field set, `at` given,
 * the rest overridden as needed. Ids count up per process, so entries keep their order.
 */
import type { TimelineEntry } from "@/lib/domain/wire/timeline";

let seq = 0;

export function makeEntry(over: Partial<TimelineEntry> & Pick<TimelineEntry, "kind" | "lane" | "at">): TimelineEntry {
  seq++;
  return {
    id: String(seq),
    cluster: "prod-us",
    namespace: "checkout",
    name: "order-events-processor",
    uid: "u1",
    observedAt: over.at,
    value: null,
    reason: null,
    message: null,
    source: "observed",
    detail: null,
    ...over,
  };
}
