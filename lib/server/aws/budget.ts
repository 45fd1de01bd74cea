/**
 * The request budget of one AWS account and region.
 *
 * Two limits, both checked at the moment a request is sent:
 * - a HARD cap: at most `cap` requests in any one-second window. The send times of the last
 *   second are kept, so a request goes out only if fewer than `cap` went out in the second
 *   before it; hence no half-open window [a, a + 1 s) ever holds more than `cap` (take the
 *   window's last request: every other one in the window is less than a second before it).
 *   A token bucket cannot promise that: a full bucket plus its refill gives up to 2× the rate
 *   in one second, which is what the first bench measured (12–19 in a window for a budget of 10).
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

const WINDOW_MS = 1000;
/** The lowest adaptive rate: one request every 5 s keeps probing whether AWS has recovered. */
const MIN_RATE = 0.2;
const DECREASE = 0.5;
const INCREASE_PER_SUCCESS = 0.01;

export class AccountBudget {
  /** Send times within the last window, oldest first (at most `cap` of them). */
  private sent: number[] = [];
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
    while (this.sent.length > 0 && this.sent[0] <= t - WINDOW_MS) this.sent.shift();
    if (this.sent.length >= Math.max(1, Math.floor(this.cap))) return false;
    this.refill(t);
    return this.tokens >= 1;
  }

  /** Takes one request of the budget if it may be sent now; returns its send time, or null. */
  tryTake(): number | null {
    if (!this.canTake()) return null;
    const t = this.now();
    this.tokens -= 1;
    this.sent.push(t);
    return t;
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
