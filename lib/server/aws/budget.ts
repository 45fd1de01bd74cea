/**
 * The request budget of one AWS account and region.
 *
 * Two limits, both checked at the moment a request is sent:
 * - a HARD cap: at most `cap` requests in any one-second window, as AWS counts them (on
 *   arrival). A request holds its place from when it is sent until one second after its answer;
 *   one goes out only while fewer than `cap` places are held. Arrival lies between sending and
 *   the answer, so for any window [a, a + 1 s) at AWS, take the request in it sent last (at s):
 *   every other one in the window was sent before s and answered at or after its arrival ≥ a >
 *   s − 1 s, so it still held its place at s. Hence at most `cap` arrive in any window, however
 *   the network delays and bunches them. Counting send times alone would not: delays bunched
 *   requests sent apart into 12 arrivals in a second for a budget of 10. A token bucket cannot
 *   promise it either: a full bucket plus its refill gives up to 2× the rate in one second (the
 *   first bench: 12–19 in a window for a budget of 10). The price: with answers taking L
 *   seconds, at most cap / (1 + L) requests a second (3-4% with answers in 5-60 ms,
 *   bench/fleet/aws-view-in-process.ts). No rule that does not know the network's delays can
 *   free a place sooner: a request may reach AWS just before its answer comes, and the next one
 *   at once after it is sent, so freeing it less than a second after the answer lets both into
 *   one window. Counting from the sending time plus a margin M holds only while one-way delays
 *   vary by less than M, and gains only when answers take longer than M.
 * - an adaptive rate below the cap (paced by a small bucket): halved when AWS throttles, grown
 *   back by 1% per successful request. Halving is done once per round of requests (a throttle
 *   of a request sent before the last decrease does not halve again), so that the requests in
 *   flight when AWS first said "too many" do not drive the rate to the floor. Growing by 2% per
 *   success takes about 70 successes to double, so when the account's real limit is below the
 *   cap (the controller spends the same quota, docs/ack-lambda-controller.md "Lambda quotas")
 *   about one request in 70 is throttled, under 2%.
 * The clock is injected so the budget is testable without waiting.
 */
import "server-only";

export const BUDGET_WINDOW_MS = 1000;
const WINDOW_MS = BUDGET_WINDOW_MS;
/** The lowest adaptive rate: one request every 5 s keeps probing whether AWS has recovered. */
const MIN_RATE = 0.2;
const DECREASE = 0.5;
const INCREASE_PER_SUCCESS = 0.01;

/** One request's place in the window: from its sending until a second after its answer. */
export interface BudgetSlot {
  sentAt: number;
  answeredAt: number | null;
}

export class AccountBudget {
  /** The places held: requests in flight, or answered less than a window ago. */
  private held: BudgetSlot[] = [];
  private rateNow: number;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private decreasedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly cap: number,
    private readonly now: () => number = Date.now,
  ) {
    this.rateNow = cap;
    this.tokens = this.burst();
    this.last = now();
  }

  /** The adaptive rate, requests per second (at most the cap). */
  get rate(): number {
    return this.rateNow;
  }

  /** Up to a quarter second of requests at once, so a 100 ms tick can keep up with the rate. */
  private burst(): number {
    return Math.max(1, this.rateNow / 4);
  }

  private refill(t: number): void {
    if (t > this.last) this.tokens = Math.min(this.burst(), this.tokens + ((t - this.last) / 1000) * this.rateNow);
    this.last = Math.max(this.last, t);
  }

  /** Whether a request may be sent now (without taking it). */
  canTake(): boolean {
    const t = this.now();
    if (t < this.pausedUntil) return false;
    if (this.held.length >= this.capCount()) this.held = this.held.filter((s) => s.answeredAt === null || s.answeredAt > t - WINDOW_MS);
    if (this.held.length >= this.capCount()) return false;
    this.refill(t);
    return this.tokens >= 1;
  }

  private capCount(): number {
    return Math.max(1, Math.floor(this.cap));
  }

  /** Takes a place for one request if it may be sent now (give it back with `answered`), or null. */
  tryTake(): BudgetSlot | null {
    if (!this.canTake()) return null;
    this.tokens -= 1;
    const slot: BudgetSlot = { sentAt: this.now(), answeredAt: null };
    this.held.push(slot);
    return slot;
  }

  /** The request's answer came (or it failed): its place is free a window from now. */
  answered(slot: BudgetSlot): void {
    slot.answeredAt = this.now();
  }

  /** A request sent at `sentAt` was answered (not throttled): the rate grows back. */
  succeeded(): void {
    this.rateNow = Math.min(this.cap, this.rateNow * (1 + INCREASE_PER_SUCCESS));
  }

  /**
   * A request sent at `sentAt` was throttled: halve the rate (once per round), and when AWS
   * said how long to wait, send nothing until then.
   */
  throttled(sentAt: number, retryAfterMs: number | null): void {
    const t = this.now();
    if (sentAt > this.decreasedAt) {
      this.rateNow = Math.max(MIN_RATE, this.rateNow * DECREASE);
      this.decreasedAt = t;
      this.tokens = 0;
      this.last = t;
    }
    if (retryAfterMs !== null && retryAfterMs > 0) {
      this.pausedUntil = Math.max(this.pausedUntil, t + retryAfterMs);
      this.tokens = 0;
      this.last = this.pausedUntil;
    }
  }

  /** Until when nothing is sent because AWS asked to wait (0: not paused). */
  get pausedUntilMs(): number {
    return this.pausedUntil;
  }
}
