import "server-only";
import type { FleetEvents } from "./fleet/events";

/** What this needs of the fleet: its events, and each cluster's connection state. */
export interface FirstListsSource extends FleetEvents {
  readonly clusters: ReadonlyMap<string, { state: { error: string | null } }>;
}

/** A cluster still connecting shows this error until its first list answers or fails (kube/cluster.ts). */
const CONNECTING = "connecting";

/**
 * Calls `then` once, when every cluster has been listed once or has failed to be (its state
 * shows an error other than "connecting"), or `capMs` after the call, whichever comes first.
 * Returns a cancel. The AWS reads start this way at boot (./app.ts): read while the first
 * lists come in, their requests and answers (signing, deserialising) took a sixth of the
 * one event loop's time that the lists needed at 10,000 Functions; the reads have nothing to
 * read before the lists anyway, and a hung cluster delays them by `capMs` at most.
 */
export function afterFirstLists(fleet: FirstListsSource, capMs: number, then: () => void): () => void {
  const waiting = new Set(fleet.clusters.keys());
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    unsubscribe();
    then();
  };
  const settled = (cluster: string) => {
    waiting.delete(cluster);
    if (waiting.size === 0) finish();
  };
  const unsubscribe = fleet.subscribe((e) => {
    if (e.type === "listed") settled(e.cluster);
    else if (e.type === "summary") {
      const error = fleet.clusters.get(e.cluster)?.state.error ?? null;
      if (error !== null && error !== CONNECTING) settled(e.cluster);
    }
  });
  const timer = setTimeout(finish, capMs);
  timer.unref?.();
  if (waiting.size === 0) finish();
  return () => {
    done = true;
    clearTimeout(timer);
    unsubscribe();
  };
}
