"use client";
/** The detail page wired to its polled data. */
import { isNotFound } from "@/lib/client/api-fetch";
import type { FunctionRef } from "@/lib/domain/function-ref";
import { useFunctionDetail } from "@/lib/client/get-function-detail";
import { useNow } from "@/lib/client/use-now";
import { DetailSkeleton } from "./detail-skeleton";
import { FunctionDetailView } from "./function-detail-view";
import { FunctionNotFound } from "./function-not-found";
import { LoadError } from "@/components/load-error";

export function FunctionDetail({ functionRef }: { functionRef: FunctionRef }) {
  const detail = useFunctionDetail(functionRef);
  const now = useNow();

  if (isNotFound(detail.error)) return <FunctionNotFound functionRef={functionRef} message={detail.error?.message} />;
  if (detail.data) {
    return <FunctionDetailView detail={detail.data} now={now} refreshError={detail.isRefetchError ? detail.error.message : null} />;
  }
  if (detail.error) return <LoadError what="This Function" message={detail.error.message} onRetry={() => void detail.refetch()} />;
  return <DetailSkeleton />;
}
