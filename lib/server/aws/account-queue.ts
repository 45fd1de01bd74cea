/**
 * What one AWS account and region reads next, and whether it may send now.
 *
 * Five queues, each a heap by due time (due-heap.ts), so that picking costs O(log n) whatever
 * the fleet's size:
 *   1. never read, needs attention    2. never read
 *   3. re-read, prompted: its Kubernetes state changed (the fleet nudged it) or a listing shows
 *      it changed since its last read
 *   4. re-read, needs attention       5. re-read, healthy
 * Once no never-read Function is due they are served in that order. While never-read Functions
 * wait (the first pass: a first complete view of a large account takes minutes), the budget
 * goes to them, except:
 *   - a prompted re-read takes at most one pick in `PROMPTED_SHARE`: what changed is read again
 *     at once, a stuck Function's change is not hidden behind thousands of first reads;
 *   - a re-read of a Function that needs attention on its cadence takes at most one pick in
 *     `CADENCE_SHARE`, and only once it has been due for `FIRST_PASS_CADENCE_DELAY_MS`: it was
 *     read once already in this pass (they come first), and the ACK controller copies AWS's State
 *     into `status.state` on its next reconcile, which prompts a re-read (3) when it changes.
 * Every pick of a never-read Function earns those shares, so re-reads never take more than
 * 1/PROMPTED_SHARE + 1/CADENCE_SHARE of the first pass, and nothing when there is nothing
 * prompted nor overdue. (Before: one pick in five re-read attention Functions on their 15 s
 * cadence, and the first pass ran at ~80% of the budget at 10,000 Functions.)
 */
import "server-only";
import { AccountBudget, type BudgetSlot } from "./budget";
import { DueHeap } from "./due-heap";

/** While first reads wait, at most one pick in this many re-reads a prompted Function. */
export const PROMPTED_SHARE = 5;
/** While first reads wait, at most one pick in this many re-reads an attention Function on its cadence... */
export const CADENCE_SHARE = 20;
/** ...and only once it has been due this long (its cadence slowed from e.g. 15 s to 5 min 15 s). */
export const FIRST_PASS_CADENCE_DELAY_MS = 5 * 60_000;

/** What the queue needs of a target (the reader's entry). */
export interface QueuedTarget {
  urgent: boolean;
  /** A listing shows it changed (or vanished) since GetFunction last read it. */
  changed: boolean;
  /** Its Kubernetes state changed since GetFunction last read it (the fleet nudged it). */
  prompted: boolean;
  /** Read at least once (an answer, found or not, or an error). */
  known: boolean;
  nextDueAt: number;
  inflight: boolean;
  removed: boolean;
  /** Bumped on every (re)schedule: older heap entries of this target are stale. */
  gen: number;
}

const FIRST_URGENT = 0;
const FIRST = 1;
const PROMPTED = 2;
const REREAD_URGENT = 3;

export class AccountQueue<T extends QueuedTarget> {
  readonly budget: AccountBudget;
  inflight = 0;
  /** Earned by first reads, spent by re-reads while first reads wait (at most 1 each). */
  private promptedCredit = 0;
  private cadenceCredit = 0;
  private readonly queues: DueHeap<T>[];
  private pushes = 0;

  constructor(
    cap: number,
    now: () => number,
    private readonly concurrency: number,
  ) {
    this.budget = new AccountBudget(cap, now);
    const current = (t: T, gen: number) => !t.removed && !t.inflight && t.gen === gen;
    this.queues = [0, 1, 2, 3, 4].map(() => new DueHeap<T>(current));
  }

  /** (Re)schedules a target at its nextDueAt, in the queue its urgency and history say. */
  schedule(t: T): void {
    t.gen++;
    if (t.inflight || t.removed) return;
    this.queues[queueOf(t)].push(t, t.nextDueAt, t.gen);
    // Rescheduling leaves stale entries behind; sweep them when they outnumber the live ones.
    if (++this.pushes % 4096 === 0) {
      const total = this.queues.reduce((n, q) => n + q.size, 0);
      if (total > 8192) for (const q of this.queues) q.compact();
    }
  }

  /** The next target to read now within the budget and concurrency, taken off its queue; null if none. */
  take(now: number): { target: T; slot: BudgetSlot } | null {
    if (this.inflight >= this.concurrency) return null;
    const pick = this.pick(now);
    if (pick === null) return null;
    const slot = this.budget.tryTake();
    if (slot === null) return null;
    if (pick === PROMPTED_PICK) this.promptedCredit -= 1;
    else if (pick === CADENCE_PICK) this.cadenceCredit -= 1;
    else if (pick === FIRST_URGENT || pick === FIRST) {
      this.promptedCredit = Math.min(1, this.promptedCredit + 1 / (PROMPTED_SHARE - 1));
      this.cadenceCredit = Math.min(1, this.cadenceCredit + 1 / (CADENCE_SHARE - 1));
    }
    return { target: this.queues[queueIndex(pick)].pop()!, slot };
  }

  private pick(now: number): Pick | null {
    const q = this.queues;
    const firstWaiting = q[FIRST_URGENT].peekDue(now) !== null || q[FIRST].peekDue(now) !== null;
    if (firstWaiting) {
      // The credits are whole picks earned by fractions: compare with a little slack for rounding.
      if (this.promptedCredit >= 1 - 1e-9 && q[PROMPTED].peekDue(now) !== null) return PROMPTED_PICK;
      if (this.cadenceCredit >= 1 - 1e-9 && q[REREAD_URGENT].peekDue(now - FIRST_PASS_CADENCE_DELAY_MS) !== null) return CADENCE_PICK;
      return q[FIRST_URGENT].peekDue(now) !== null ? FIRST_URGENT : FIRST;
    }
    for (let i = 0; i < q.length; i++) if (q[i].peekDue(now) !== null) return i;
    return null;
  }
}

/** A queue's index, or a re-read taken on a first-pass share. */
type Pick = number;
const PROMPTED_PICK = -1;
const CADENCE_PICK = -2;

function queueIndex(pick: Pick): number {
  return pick === PROMPTED_PICK ? PROMPTED : pick === CADENCE_PICK ? REREAD_URGENT : pick;
}

function queueOf(t: QueuedTarget): number {
  if (!t.known) return t.urgent || t.changed || t.prompted ? FIRST_URGENT : FIRST;
  if (t.changed || t.prompted) return PROMPTED;
  return t.urgent ? REREAD_URGENT : 4;
}
