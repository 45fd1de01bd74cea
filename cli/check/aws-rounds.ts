/**
 * Live AWS state for a check, read with the dashboard's own reader (lib/server/aws/reader.ts:
 * the same request budget per account and region, backoff on throttling, and errors turned
 * into AwsState.error) in rounds: every target is read once per round, and a round ends when
 * each has an answer from this round or the round's time is up. Throttled reads are retried
 * within the round, after the reader's backoff.
 */
import type { AwsLocation } from "@/lib/domain/aws-locator";
import type { AwsState } from "@/lib/domain/wire/fleet";
import type { LambdaReadApi } from "@/lib/server/aws/lambda-api";
import { AwsStateReader } from "@/lib/server/aws/reader";

export interface AwsTargetOfCheck {
  id: string;
  loc: AwsLocation;
}

/** Reads repeat only when a round asks for them. */
const NO_REFRESH_MS = 24 * 3_600_000;
const POLL_MS = 25;

function attemptedAt(state: AwsState | null): number {
  if (!state) return -Infinity;
  return Date.parse(state.error?.at ?? state.observedAt);
}

const throttled = (state: AwsState | null) => state?.error?.code === "TooManyRequestsException";

export class AwsRounds {
  private readonly reader: AwsStateReader;
  private readonly known = new Set<string>();

  constructor(api: LambdaReadApi, opts: { requestsPerSecond: number; concurrency: number }) {
    this.reader = new AwsStateReader(api, {
      requestsPerSecond: opts.requestsPerSecond,
      concurrency: opts.concurrency,
      refreshHealthyMs: NO_REFRESH_MS,
      refreshUnhealthyMs: NO_REFRESH_MS,
      tickMs: POLL_MS,
    });
  }

  /** Reads every target once; returns the state of each (the last known one if time ran out). */
  async read(targets: AwsTargetOfCheck[], timeoutMs: number): Promise<Map<string, AwsState | null>> {
    const startedAt = Date.now();
    const ids = new Set(targets.map((t) => t.id));
    for (const id of this.known) if (!ids.has(id)) this.reader.remove(id);
    for (const t of targets) {
      this.reader.upsert({ id: t.id, loc: t.loc, urgent: true });
      this.reader.nudge(t.id);
      this.known.add(t.id);
    }
    this.reader.start();
    try {
      const done = () => targets.every((t) => {
        const s = this.reader.get(t.id);
        return attemptedAt(s) >= startedAt && !throttled(s);
      });
      while (!done() && Date.now() - startedAt < timeoutMs) await new Promise((r) => setTimeout(r, POLL_MS));
    } finally {
      this.reader.stop();
    }
    return new Map(targets.map((t) => [t.id, this.reader.get(t.id)]));
  }
}
