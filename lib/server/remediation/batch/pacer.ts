import "server-only";

/**
 * The pace of batch items, shared by every batch of the process: at most `itemsPerSecond` items
 * start per key (a cluster's API server for object actions, an AWS account and region for the
 * clean-up), one at a time with no burst, whichever batch they belong to. An item of an object
 * action costs its API server a handful of requests (access reviews, a GET, a dry-run and a real
 * PATCH or DELETE); a clean-up one GetFunction and one DeleteFunction, which counts against the
 * account's 15 control-plane calls a second that the controllers share
 * (docs/ack-lambda-controller.md "AWS Lambda"). The clock and the sleep are injected for tests.
 */
export class BatchPacer {
  /** When the next item may start, per key: one every 1000 / itemsPerSecond ms, no burst. */
  private readonly nextAt = new Map<string, number>();

  constructor(
    readonly itemsPerSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when an item on `key` may start; false when `cancelled()` became true while waiting. */
  async take(key: string, cancelled: () => boolean = () => false): Promise<boolean> {
    const gapMs = 1000 / this.itemsPerSecond;
    for (;;) {
      if (cancelled()) return false;
      const t = this.now();
      const at = this.nextAt.get(key) ?? t;
      if (t >= at) {
        this.nextAt.set(key, Math.max(at, t - gapMs) + gapMs);
        return true;
      }
      // Wake at least every 250 ms, so a stop is seen quickly.
      await this.sleep(Math.min(250, Math.max(5, Math.ceil(at - t))));
    }
  }
}
