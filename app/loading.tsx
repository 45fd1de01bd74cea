import { OverviewSkeleton } from "@/components/overview/overview-skeleton";

export default function Loading() {
  return (
    <div className="px-4 py-3 sm:px-6">
      <OverviewSkeleton />
    </div>
  );
}
