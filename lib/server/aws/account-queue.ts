/**
 * What one AWS account and region reads next, and whether it may send now.
 *
 * Four queues, each a heap by due time (due-heap.ts), so that picking costs O(log n) whatever
 * the fleet's size:
 *   1. never read, needs attention    2. never read
 *   3. re-read, needs attention       4. re-read, healthy
 * (a Function a listing shows changed since its last read counts as needing attention)
 * They are served in that order, except that while never-read Functions wait, one pick in
 * `REREAD_SHARE` goes to a due re-read of a Function that needs attention: a first complete view
 * of a large account takes minutes, and a stuck Function must not go unread that long.
 */
import "server-only";
import { AccountBudget, type BudgetSlot } from "./budget";
import { DueHeap } from "./due-heap";

/** One in this many picks serves an urgent re-read while first reads wait. */
const REREAD_SHARE = 5;

/** What the queue needs of a target (the reader's entry). */
export interface QueuedTarget {
  urgent: boolean;
  /** A listing shows it changed (or vanished) since GetFunction last read it: read it as if urgent. */
  changed: boolean;
  /** Read at least once (an answer, found or not, or an error). */
  known: boolean;
  nextDueAt: number;
  inflight: boolean;
  removed: boolean;
  /** Bumped on every (re)schedule: older heap entries of this target are stale. */
  gen: number;
}

export class AccountQueue<T extends QueuedTarget> {
  readonly budget: AccountBudget;
  inflight = 0;
  private picks = 0;
  private readonly queues: DueHeap<T>[];
  private pushes = 0;

  constructor(
    cap: number,
    now: () => number,
    private readonly concurrency: number,
  ) {
    this.budget = new AccountBudget(cap, now);
    const current = (t: T, gen: number) => !t.removed && !t.inflight && t.gen === gen;
    this.queues = [0, 1, 2, 3].map(() => new DueHeap<T>(current));
  }

  /** (Re)schedules a target at its nextDueAt, in the queue its urgency and history say. */
  schedule(t: T): void {
    t.gen++;
    if (t.inflight || t.removed) return;
    this.queues[(t.known ? 2 : 0) + (t.urgent || t.changed ? 0 : 1)].push(t, t.nextDueAt, t.gen);
    // Rescheduling leaves stale entries behind; sweep them when they outnumber the live ones.
    if (++this.pushes % 4096 === 0) {
      const total = this.queues.reduce((n, q) => n + q.size, 0);
      if (total > 8192) for (const q of this.queues) q.compact();
    }
  }

  /** The next target to read now within the budget and concurrency, taken off its queue; null if none. */
  take(now: number): { target: T; slot: BudgetSlot } | null {
    if (this.inflight >= this.concurrency) return null;
    const queue = this.pickQueue(now);
    if (!queue) return null;
    const slot = this.budget.tryTake();
    if (slot === null) return null;
    this.picks++;
    return { target: queue.pop()!, slot };
  }

  private pickQueue(now: number): DueHeap<T> | null {
    const [firstUrgent, first, rereadUrgent] = this.queues;
    const firstWaiting = firstUrgent.peekDue(now) !== null || first.peekDue(now) !== null;
    if (firstWaiting && this.picks % REREAD_SHARE === REREAD_SHARE - 1 && rereadUrgent.peekDue(now) !== null) return rereadUrgent;
    for (const q of this.queues) if (q.peekDue(now) !== null) return q;
    return null;
  }
}
