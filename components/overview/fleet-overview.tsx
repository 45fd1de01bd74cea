"use client";
/** The overview wired to its data (the fleet store) and to the URL (filters). */
import { useFleet } from "@/lib/client/fleet-store/use-fleet";
import { useOverviewUrl } from "@/lib/client/use-overview-url";
import { FleetOverviewView } from "./fleet-overview-view";
import { OverviewBatchBar, type BatchBarProps } from "./overview-batch-bar";
import { OverviewSkeleton } from "./overview-skeleton";
import { LoadError } from "@/components/load-error";

const batchBar = (p: BatchBarProps) => <OverviewBatchBar {...p} />;

export function FleetOverview() {
  const [filters, setFilters] = useOverviewUrl();
  const { state, reload } = useFleet("rows");

  if (state.loaded === "rows") {
    return <FleetOverviewView data={state} refreshError={state.error} filters={filters} onFiltersChange={setFilters} renderBatchBar={batchBar} />;
  }
  if (state.error) return <LoadError what="The fleet" message={state.error} onRetry={() => void reload()} />;
  return <OverviewSkeleton />;
}
