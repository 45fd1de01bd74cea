import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { FleetOverview } from "@/components/overview/fleet-overview";
import { OverviewSkeleton } from "@/components/overview/overview-skeleton";
import { installedApp } from "@/lib/server/holder";
import { firstPageFor } from "@/lib/server/http/first-page";

export const metadata: Metadata = {
  // The layout's title template applies to child segments only, not to this page beside it.
  title: { absolute: "Fleet overview · ACK Lambda Fleet" },
};

/**
 * The overview with its first page of rows, made for this request's reader
 * (lib/server/http/first-page.ts): the HTML holds the first rows and the browser's fleet store
 * starts from them instead of asking for them once its scripts ran. Without them (not signed
 * in, the app not up) the browser loads the rows as before.
 */
async function OverviewWithFirstRows() {
  const app = installedApp();
  const first = app ? await firstPageFor(new Headers(await headers()), app) : null;
  return <FleetOverview firstPage={first?.page} renderedAt={first?.renderedAt} />;
}

export default function OverviewPage() {
  return (
    // The table scrolls inside the viewport (header is h-14), so its column headers stay in view.
    <div className="flex h-[calc(100dvh-3.5rem)] min-h-[36rem] flex-col gap-3 px-4 py-3 sm:px-6">
      <h1 className="sr-only">Fleet overview</h1>
      {/* useSearchParams needs a Suspense boundary; the skeleton is the same as while loading. */}
      <Suspense fallback={<OverviewSkeleton />}>
        <OverviewWithFirstRows />
      </Suspense>
    </div>
  );
}
