import { DetailSkeleton } from "@/components/detail/detail-skeleton";

export default function Loading() {
  return (
    <div className="mx-auto max-w-[100rem] px-4 py-4 sm:px-6">
      <DetailSkeleton />
    </div>
  );
}
