import type { Metadata } from "next";
import { Suspense } from "react";
import { FleetOverview } from "@/components/overview/fleet-overview";
import { OverviewSkeleton } from "@/components/overview/overview-skeleton";

export const metadata: Metadata = {
  // The layout's title template applies to child segments only, not to this page beside it.
  title: { absolute: "Fleet overview · ACK Lambda Fleet" },
};

export default function OverviewPage() {
  return (
    // The table scrolls inside the viewport (header is h-14), so its column headers stay in view.
    <div className="flex h-[calc(100dvh-3.5rem)] min-h-[36rem] flex-col gap-3 px-4 py-3 sm:px-6">
      <h1 className="sr-only">Fleet overview</h1>
      {/* useSearchParams needs a Suspense boundary; the skeleton is the same as while loading. */}
      <Suspense fallback={<OverviewSkeleton />}>
        <FleetOverview />
      </Suspense>
    </div>
  );
}
