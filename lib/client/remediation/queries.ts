/**
 * TanStack Query options and hooks of the remediation UI. Every key starts with "remediation"
 * or "audit", so one invalidation after a write refreshes them all (see use-remediate.ts).
 */
import { queryOptions, useQuery } from "@tanstack/react-query";
import { fetchApi, isNotFound } from "../api-fetch";
import type { FunctionRef } from "../../domain/function-ref";
import { AuditListSchema } from "@/lib/domain/wire/audit";
import { MeSchema } from "@/lib/domain/wire/me";
import { NeedsActionSchema, PendingListSchema, ResidualListSchema } from "@/lib/domain/wire/remediation";

const functionParam = (ref: FunctionRef) => encodeURIComponent(`${ref.cluster}/${ref.namespace}/${ref.name}`);

function meQueryOptions(ref: FunctionRef | null) {
  return queryOptions({
    queryKey: ["remediation", "me", ref ? `${ref.cluster}/${ref.namespace}/${ref.name}` : null] as const,
    queryFn: ({ signal }) => fetchApi(ref ? `/api/me?function=${functionParam(ref)}` : "/api/me", MeSchema, { signal }),
    refetchInterval: (q) => (isNotFound(q.state.error) ? false : 30_000),
  });
}
export const useMe = (ref: FunctionRef | null) => useQuery(meQueryOptions(ref));

function pendingQueryOptions(ref: FunctionRef | null) {
  return queryOptions({
    queryKey: ["remediation", "pending", ref ? `${ref.cluster}/${ref.namespace}/${ref.name}` : null] as const,
    queryFn: ({ signal }) => fetchApi(ref ? `/api/remediations?function=${functionParam(ref)}` : "/api/remediations", PendingListSchema, { signal }),
    refetchInterval: 5_000,
  });
}
export const usePending = (ref: FunctionRef | null) => useQuery(pendingQueryOptions(ref));

function residualsQueryOptions(ref: FunctionRef | null) {
  return queryOptions({
    queryKey: ["remediation", "residuals", ref ? `${ref.cluster}/${ref.namespace}/${ref.name}` : null] as const,
    queryFn: ({ signal }) => fetchApi(ref ? `/api/remediations/residuals?function=${functionParam(ref)}` : "/api/remediations/residuals", ResidualListSchema, { signal }),
    refetchInterval: 5_000,
  });
}
export const useResiduals = (ref: FunctionRef | null) => useQuery(residualsQueryOptions(ref));

export const useNeedsAction = () =>
  useQuery(
    queryOptions({
      queryKey: ["remediation", "needs-action"] as const,
      queryFn: ({ signal }) => fetchApi("/api/remediations/needs-action", NeedsActionSchema, { signal }),
      refetchInterval: 5_000,
    }),
  );

export interface AuditFilter {
  cluster?: string;
  namespace?: string;
  name?: string;
  user?: string;
  action?: string;
  outcome?: string;
}

function auditPath(filter: AuditFilter, limit = 500): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
  q.set("limit", String(limit));
  return `/api/audit?${q.toString()}`;
}

export const useAudit = (filter: AuditFilter) =>
  useQuery(
    queryOptions({
      queryKey: ["audit", filter] as const,
      queryFn: ({ signal }) => fetchApi(auditPath(filter), AuditListSchema, { signal }),
      refetchInterval: 5_000,
    }),
  );
