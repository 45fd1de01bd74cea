import "server-only";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import type { ClustersEvent } from "@/lib/domain/wire/stream";
import type { Identity } from "../auth/identity";
import type { FunctionVisibility } from "../auth/visibility";
import type { LiveEvent } from "./live-hub";

/**
 * The live stream as one signed-in person may see it (proxy mode), decided per event by the
 * same access reviews as the list (../auth/visibility.ts, cached, so most events cost a map
 * lookup): a row or timeline event of a namespace they may not list is left out, as is one whose
 * place is unknown; a cluster summaries event is rebuilt from the rows they see, unless they may
 * list everything. Re-decided on every event, so a permission taken away stops the flow within
 * the cache's lifetime.
 */
export interface StreamView {
  admit(e: LiveEvent): Promise<LiveEvent | null>;
}

export interface VisibleStreamSources {
  visibility: FunctionVisibility;
  reader: Identity;
  clusterNames(): Iterable<string>;
  rows(): FunctionRow[];
  /** The summaries event of these rows (counts and AWS accounts of them only). */
  clustersOf(rows: FunctionRow[]): ClustersEvent;
}

export function visibleStream(src: VisibleStreamSources): StreamView {
  return {
    async admit(e) {
      if (e.type === "row" || e.type === "timeline") {
        return e.place && (await src.visibility.sees(src.reader, e.place)) ? e : null;
      }
      if (e.type !== "clusters" || (await src.visibility.seesEverything(src.reader, src.clusterNames()))) return e;
      const rows = await src.visibility.filter(src.reader, src.rows(), (r) => r);
      return { ...e, data: JSON.stringify(src.clustersOf(rows)) };
    },
  };
}
