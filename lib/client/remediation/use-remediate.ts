/**
 * Mutations of the remediation UI: submit (dry run or for real) and approve. On every answer,
 * success or refusal, the Function, the remediation lists and the audit log are refetched, so
 * the result shows at once everywhere (the server is the only judge of what happened).
 */
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { RemediationAction } from "@/lib/domain/remediation/actions";
import { functionApiPath, type FunctionRef } from "../../domain/function-ref";
import { postJson } from "./post-json";
import { RemediationAnswerSchema, type AwsRef, type RemediationAnswer } from "@/lib/domain/wire/remediation";

export interface RemediationRequest {
  action: RemediationAction;
  confirm: string;
  reason: string;
  dryRun: boolean;
  expectedResourceVersion?: string;
  aws?: Omit<AwsRef, "arn">;
  expectedRevisionId?: string;
}

function remediationBody(r: RemediationRequest): Record<string, unknown> {
  const common = { action: r.action, confirm: r.confirm, reason: r.reason, dryRun: r.dryRun };
  if (r.action === "delete-aws-function") {
    return { ...common, aws: r.aws, ...(r.expectedRevisionId ? { expectedRevisionId: r.expectedRevisionId } : {}) };
  }
  return { ...common, expectedResourceVersion: r.expectedResourceVersion };
}

export function invalidateAfterWrite(client: QueryClient): Promise<void> {
  return Promise.all([
    client.invalidateQueries({ queryKey: ["functions"] }),
    client.invalidateQueries({ queryKey: ["remediation"] }),
    client.invalidateQueries({ queryKey: ["audit"] }),
    client.invalidateQueries({ queryKey: ["timeline"] }),
  ]).then(() => undefined);
}

export function useRemediate(ref: FunctionRef) {
  const client = useQueryClient();
  return useMutation<RemediationAnswer, Error, RemediationRequest>({
    mutationFn: (r) => postJson(`${functionApiPath(ref)}/remediations`, remediationBody(r), RemediationAnswerSchema),
    onSettled: (_data, _error, r) => (r.dryRun ? client.invalidateQueries({ queryKey: ["audit"] }) : invalidateAfterWrite(client)),
  });
}

export function useApprove() {
  const client = useQueryClient();
  return useMutation<RemediationAnswer, Error, { id: string; confirm: string }>({
    mutationFn: ({ id, confirm }) => postJson(`/api/remediations/${encodeURIComponent(id)}/approve`, { confirm }, RemediationAnswerSchema),
    onSettled: () => invalidateAfterWrite(client),
  });
}
