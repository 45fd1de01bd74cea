"use client";
/** The detail page wired to its polled data. */
import { isNotFound } from "@/lib/client/api-fetch";
import type { FunctionRef } from "@/lib/client/function-ref";
import { useFunctionDetail } from "@/lib/client/get-function-detail";
import { useNow } from "@/lib/client/use-now";
import { DetailSkeleton } from "./detail-skeleton";
import { FunctionDetailView } from "./function-detail-view";
import { FunctionNotFound } from "./function-not-found";

export function FunctionDetail({ functionRef }: { functionRef: FunctionRef }) {
  const detail = useFunctionDetail(functionRef);
  const now = useNow();

  if (isNotFound(detail.error)) return <FunctionNotFound functionRef={functionRef} message={detail.error?.message} />;
  if (detail.data) {
    return <FunctionDetailView detail={detail.data} now={now} refreshError={detail.isRefetchError ? detail.error.message : null} />;
  }
  if (detail.error) {
    return (
      <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        <p className="font-semibold">This Function could not be loaded.</p>
        <p className="mt-1 break-words">{detail.error.message}</p>
        <button
          type="button"
          onClick={() => void detail.refetch()}
          className="mt-3 rounded border border-red-400 bg-white px-3 py-1 font-medium text-red-900 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-red-700 dark:bg-red-900 dark:text-red-50"
        >
          Try again
        </button>
      </div>
    );
  }
  return <DetailSkeleton />;
}
