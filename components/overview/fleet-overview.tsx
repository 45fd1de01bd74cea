"use client";
/** The overview wired to its data (the fleet store) and to the URL (filters). */
import type { FunctionListResponse } from "@/lib/domain/wire/fleet";
import { useFleet } from "@/lib/client/fleet-store/use-fleet";
import { useOverviewUrl } from "@/lib/client/use-overview-url";
import { RenderedAtProvider } from "@/lib/client/use-now";
import { FleetOverviewView } from "./fleet-overview-view";
import { OverviewBatchBar, type BatchBarProps } from "./overview-batch-bar";
import { OverviewSkeleton } from "./overview-skeleton";
import { LoadError } from "@/components/load-error";

const batchBar = (p: BatchBarProps) => <OverviewBatchBar {...p} />;

/**
 * `firstPage`: the first rows the server rendered the page with (app/page.tsx), shown at once;
 * `renderedAt`: when, so that the rows' ages read the same in the server's HTML and in the
 * browser's hydration (then they follow the browser's clock).
 */
export function FleetOverview({ firstPage = null, renderedAt = null }: { firstPage?: FunctionListResponse | null; renderedAt?: number | null }) {
  const [filters, setFilters] = useOverviewUrl();
  const { state, reload } = useFleet("rows", firstPage);

  if (state.loaded === "rows") {
    return (
      <RenderedAtProvider value={renderedAt}>
        <FleetOverviewView data={state} refreshError={state.error} filters={filters} onFiltersChange={setFilters} renderBatchBar={batchBar} />
      </RenderedAtProvider>
    );
  }
  if (state.error) return <LoadError what="The fleet" message={state.error} onRetry={() => void reload()} />;
  return <OverviewSkeleton />;
}
