/** Start-up and run times per target, printed at the end of each conformance file. */
export class TargetClock {
  private readonly t0 = Date.now();
  private started = 0;

  markStarted(): void {
    this.started = Date.now();
  }

  report(suite: string, target: string): string {
    const end = Date.now();
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const line = `[conformance] ${suite} on ${target}: start ${s(this.started - this.t0)}, cases ${s(end - this.started)}, total ${s(end - this.t0)}`;
    console.log(line);
    return line;
  }
}
