/**
 * What the AWS reader keeps per Function (a target) and per account and region, and the index
 * of targets by the name ListFunctions lists them under (./list-sweep.ts).
 */
import "server-only";
import type { AwsState } from "@/lib/domain/wire/fleet";
import type { AccountQueue, QueuedTarget } from "./account-queue";
import type { ListSweep } from "./list-sweep";
import type { AccountStatus, AwsTarget } from "./reader";

export interface TargetEntry extends AwsTarget, QueuedTarget {
  state: AwsState | null;
  account: AccountEntry;
  /** Asked to be read again while a read was in flight: due at once when it answers. */
  nudged: boolean;
  /** When GetFunction last answered (found or not); null: never. */
  readAt: number | null;
  /** When a listing last showed it (its existence known); null: never. */
  listedAt: number | null;
  /** The name ListFunctions lists it under; null: not listable (a qualified ARN). */
  listName: string | null;
}

export interface AccountEntry {
  key: string;
  queue: AccountQueue<TargetEntry>;
  error: AccountStatus["error"];
  throttledUntil: number;
  requests: number;
  sweep: ListSweep | null;
  /** The targets by the name ListFunctions gives them. */
  byName: Map<string, Set<TargetEntry>>;
}

export function index(t: TargetEntry): void {
  if (t.listName === null) return;
  let set = t.account.byName.get(t.listName);
  if (!set) t.account.byName.set(t.listName, (set = new Set()));
  set.add(t);
}

export function unindex(t: TargetEntry): void {
  if (t.listName === null) return;
  const set = t.account.byName.get(t.listName);
  set?.delete(t);
  if (set?.size === 0) t.account.byName.delete(t.listName);
}
