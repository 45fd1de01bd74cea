"use client";
/**
 * What a person types to run or approve a batch (README "Batch remediation"): the number of
 * Functions and each cluster's name. The same fields in the batch dialog and the approval.
 */
import { useState } from "react";
import { confirmationProblem, type BatchConfirmation } from "@/lib/domain/remediation/batch";

export const confirmInput =
  "mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-950";

/** The typed confirmation and, when it does not match `expected`, why not. */
export function useTypedConfirmation(expected: BatchConfirmation) {
  const [count, setCount] = useState("");
  const [clusters, setClusters] = useState<Record<string, string>>({});
  const typed: BatchConfirmation = { count: Number(count.trim() || "-1"), clusters: expected.clusters.map((c) => clusters[c] ?? "") };
  return { count, setCount, clusters, setClusters, typed, problem: expected.count ? confirmationProblem(expected, typed) : "nothing is eligible" };
}

export function BatchConfirmFields({ expected, state, countLabel }: { expected: BatchConfirmation; state: ReturnType<typeof useTypedConfirmation>; countLabel: string }) {
  return (
    <>
      <label className="block text-sm">
        <span className="font-medium">
          {countLabel}, <code className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">{expected.count}</code>
        </span>
        <input value={state.count} onChange={(e) => state.setCount(e.target.value)} inputMode="numeric" autoComplete="off" className={confirmInput} />
      </label>
      {expected.clusters.map((c) => (
        <label key={c} className="block text-sm">
          <span className="font-medium">
            Type the cluster&apos;s name, <code className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">{c}</code>
          </span>
          <input value={state.clusters[c] ?? ""} onChange={(e) => state.setClusters({ ...state.clusters, [c]: e.target.value })} autoComplete="off" spellCheck={false} className={confirmInput} />
        </label>
      ))}
    </>
  );
}
