"use client";
/** The overview wired to its data (polled list) and to the URL (filters). */
import { useFunctions } from "@/lib/client/get-functions";
import { useOverviewUrl } from "@/lib/client/use-overview-url";
import { FleetOverviewView } from "./fleet-overview-view";
import { OverviewSkeleton } from "./overview-skeleton";
import { LoadError } from "@/components/load-error";

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
  if (list.error) return <LoadError what="The fleet" message={list.error.message} onRetry={() => void list.refetch()} />;
  return <OverviewSkeleton />;
}
