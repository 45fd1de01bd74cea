/**
 * `check`: reads the fleet (from the kubeconfig's clusters or from a dashboard), applies the
 * gate's policy and, with --wait, reads again every --interval until the run would pass or the
 * wait is over; the last read decides. Anything that cannot be read becomes a problem of the
 * report (exit 2), never an exception.
 */
import { type Report, exitCodeOf } from "../report/model";
import { type CheckPolicy, type FleetSnapshot, evaluate } from "./evaluate";

export interface CheckRun {
  /** What the report says was checked: the kubeconfig or the dashboard URL. */
  source: string;
  snapshot: () => Promise<FleetSnapshot>;
  policy: Omit<CheckPolicy, "requireSettled">;
  waitMs: number;
  intervalMs: number;
  /** Progress lines (stderr), never part of the report. */
  log: (line: string) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** A read that failed as a whole (the dashboard did not answer): the run is incomplete. */
function failedRead(source: string, err: unknown): FleetSnapshot & { error: string } {
  return { clusters: [], functions: [], awsAccountErrors: [], rejected: [], notes: [], error: `${source}: ${(err as Error).message}` };
}

export async function runCheck(run: CheckRun): Promise<Report> {
  const now = run.now ?? Date.now;
  const sleep = run.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  const deadline = started + run.waitMs;
  const policy: CheckPolicy = { ...run.policy, requireSettled: run.waitMs > 0 };

  const read = async () => {
    try {
      const snapshot = await run.snapshot();
      return { evaluation: evaluate(snapshot, policy), error: null as string | null };
    } catch (err) {
      const failed = failedRead(run.source, err);
      return { evaluation: evaluate(failed, policy), error: failed.error };
    }
  };
  const withReadError = (r: Awaited<ReturnType<typeof read>>) =>
    r.error ? { ...r.evaluation, problems: [...r.evaluation.problems, { subject: "source", group: "source", message: r.error }] } : r.evaluation;

  let result = withReadError(await read());
  for (let round = 2; run.waitMs > 0 && exitCodeOf(result) !== 0 && now() + run.intervalMs <= deadline; round++) {
    const failing = result.findings.filter((f) => f.severity === "error").length;
    const left = Math.round((deadline - now()) / 1000);
    run.log(`waiting: ${failing} finding(s), ${result.problems.length} could not be checked; reading again in ${Math.round(run.intervalMs / 1000)} s (${left} s left)`);
    await sleep(run.intervalMs);
    result = withReadError(await read());
  }
  return { command: "check", source: run.source, startedAt: new Date(started).toISOString(), durationMs: now() - started, ...result };
}
