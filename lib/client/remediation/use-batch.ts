/**
 * The batch remediation API from the browser (README "Batch remediation"): preview a selection,
 * follow a batch by polling it while it runs (it runs on the server whether or not the page
 * stays open), run its eligible items, stop it. After a run ends, everything a write changes is
 * refetched.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isBatchOver } from "@/lib/domain/remediation/batch";
import type { FunctionRef } from "@/lib/domain/function-ref";
import type { RemediationAction } from "@/lib/domain/remediation/actions";
import { BatchListSchema, BatchViewSchema, type BatchView } from "@/lib/domain/wire/batch";
import { fetchApi } from "../api-fetch";
import { postJson } from "./post-json";
import { invalidateAfterWrite } from "./use-remediate";

const BATCHES = "/api/remediations/batches";

/** One item of a batch: a Function, and for the AWS clean-up the AWS function it left behind. */
export type BatchTarget = FunctionRef & { aws?: { accountId: string; region: string; functionName: string } };

export function usePreviewBatch() {
  return useMutation<BatchView, Error, { action: RemediationAction; items: BatchTarget[] }>({
    mutationFn: ({ action, items }) =>
      postJson(
        BATCHES,
        { action, items: items.map(({ cluster, namespace, name, aws }) => ({ cluster, namespace, name, ...(aws ? { aws: { accountId: aws.accountId, region: aws.region, functionName: aws.functionName } } : {}) })), dryRun: true },
        BatchViewSchema,
      ),
  });
}

export function useRunBatch() {
  return useMutation<BatchView, Error, { previewId: string; confirm: { count: number; clusters: string[] }; reason: string }>({
    mutationFn: (body) => postJson(BATCHES, body, BatchViewSchema),
  });
}

export function useStopBatch() {
  return useMutation<BatchView, Error, string>({
    mutationFn: (id) => postJson(`${BATCHES}/${encodeURIComponent(id)}/stop`, {}, BatchViewSchema),
  });
}

/** A batch, polled every 500 ms until it is over; a finished run refreshes the fleet, lists and audit. */
export function useBatch(id: string | null) {
  const client = useQueryClient();
  return useQuery({
    queryKey: ["batch", id] as const,
    enabled: id !== null,
    queryFn: async ({ signal }) => {
      const b = await fetchApi(`${BATCHES}/${encodeURIComponent(id!)}`, BatchViewSchema, { signal });
      if (b.kind === "run" && isBatchOver(b.status)) void invalidateAfterWrite(client);
      return b;
    },
    refetchInterval: (q) => (q.state.data && isBatchOver(q.state.data.status) ? false : 500),
  });
}

/** The batches the server keeps (newest first), refreshed every 5 s: where a second operator finds the pending ones. */
export function useBatches() {
  return useQuery({
    queryKey: ["batches"] as const,
    queryFn: ({ signal }) => fetchApi(BATCHES, BatchListSchema, { signal }),
    refetchInterval: 5_000,
  });
}

export function useApproveBatch() {
  const client = useQueryClient();
  return useMutation<BatchView, Error, { id: string; confirm: { count: number; clusters: string[] }; comment?: string }>({
    mutationFn: ({ id, ...body }) => postJson(`${BATCHES}/${encodeURIComponent(id)}/approve`, body, BatchViewSchema),
    onSettled: () => client.invalidateQueries({ queryKey: ["batches"] }),
  });
}
