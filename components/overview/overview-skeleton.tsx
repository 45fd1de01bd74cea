import { SkeletonBlock } from "../skeleton";

/** The overview's shape while the first list loads. */
export function OverviewSkeleton() {
  return (
    <div role="status" aria-label="Loading the fleet" className="flex flex-col gap-3">
      <div className="grid gap-2 sm:grid-cols-2 xl:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <SkeletonBlock key={i} className="h-24" />
        ))}
      </div>
      <SkeletonBlock className="h-12" />
      <div className="space-y-1 rounded-lg border border-slate-200 bg-white p-2 dark:border-slate-800 dark:bg-slate-950">
        {Array.from({ length: 12 }, (_, i) => (
          <SkeletonBlock key={i} className="h-8" />
        ))}
      </div>
    </div>
  );
}
