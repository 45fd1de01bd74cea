import "server-only";

/**
 * The API requests being answered now (handle() in ./respond.ts counts them), so a graceful
 * shutdown (lib/server/shutdown.ts) can wait for them to finish before the store closes. A
 * stream (GET /api/stream) counts only until its response starts: the shutdown closes streams
 * itself.
 */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  begin(): () => void {
    this.count++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.count--;
      if (this.count === 0) for (const w of this.waiters.splice(0)) w();
    };
  }

  get size(): number {
    return this.count;
  }

  /** Resolves when nothing is in flight, or after `timeoutMs` (then false). */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

