import { PanelSkeleton, SkeletonBlock } from "../skeleton";

/** The detail page's shape while the Function loads. */
export function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading the Function" className="space-y-4">
      <SkeletonBlock className="h-4 w-64" />
      <SkeletonBlock className="h-7 w-96" />
      <SkeletonBlock className="h-5 w-2/3" />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <PanelSkeleton label="Loading the verdict" lines={3} />
          <PanelSkeleton label="Loading the states" lines={8} />
        </div>
        <div className="space-y-4">
          <PanelSkeleton label="Loading deletion state" lines={5} />
          <PanelSkeleton label="Loading the controller" lines={3} />
        </div>
      </div>
    </div>
  );
}
