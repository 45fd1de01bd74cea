"use client";
/** The overview wired to its data (polled list) and to the URL (filters). */
import { useFunctions } from "@/lib/client/get-functions";
import { useOverviewUrl } from "@/lib/client/use-overview-url";
import { FleetOverviewView } from "./fleet-overview-view";
import { OverviewSkeleton } from "./overview-skeleton";

export function FleetOverview() {
  const [filters, setFilters] = useOverviewUrl();
  const list = useFunctions();

  if (list.data) {
    return (
      <FleetOverviewView
        data={list.data}
        refreshError={list.isRefetchError ? list.error.message : null}
        filters={filters}
        onFiltersChange={setFilters}
      />
    );
  }
  if (list.error) {
    return (
      <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        <p className="font-semibold">The fleet could not be loaded.</p>
        <p className="mt-1 break-words">{list.error.message}</p>
        <button
          type="button"
          onClick={() => void list.refetch()}
          className="mt-3 rounded border border-red-400 bg-white px-3 py-1 font-medium text-red-900 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-red-700 dark:bg-red-900 dark:text-red-50"
        >
          Try again
        </button>
      </div>
    );
  }
  return <OverviewSkeleton />;
}
