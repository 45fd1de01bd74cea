import "server-only";
import type { FunctionFacts } from "@/lib/domain/function-object";
import type { AwsState, FunctionRow } from "@/lib/domain/wire/fleet";

/**
 * What the fleet tells its listeners (the timeline recorder, the live hub, the webhook notifier). Each event carries what a listener needs, so that none has to ask the fleet back:
 * data flows one way, from the clusters through the fleet to its listeners.
 */
export type FleetEvent =
  /**
   * One Function changed (or was looked at again: a relist). `row` null: it is gone, or it
   * exists but cannot be read (`rejected`: a malformed object is not a deletion).
   */
  | { type: "row"; id: string; row: FunctionRow | null; facts: FunctionFacts | null; aws: AwsState | null; rejected: boolean }
  /** A (re)list of a cluster's Functions: `ids` is everything there now, `uids` of the readable ones, `rejectedIds` of the others. */
  | { type: "listed"; cluster: string; ids: string[]; uids: string[]; rejectedIds: string[] }
  /** A cluster's summary changed: its connection, its controller, or its health counts. */
  | { type: "summary"; cluster: string }
  /** An AWS account/region became unreadable, throttled, or readable again. */
  | { type: "accounts" };

export type FleetListener = (e: FleetEvent) => void;

/** What a listener subscribes to (the Fleet; plain fakes in tests). */
export interface FleetEvents {
  subscribe(fn: FleetListener, opts?: { replay?: boolean }): () => void;
}
