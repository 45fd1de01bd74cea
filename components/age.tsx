"use client";
/** A relative time that keeps itself current ("3 h 12 min"), with the exact UTC time as a tooltip. */
import { formatAge } from "@/lib/client/format";
import { useFormatTimestamp } from "@/lib/client/time-zone";
import { useNow } from "@/lib/client/use-now";

export function Age({ iso, fallback = null, suffix = "" }: { iso: string | null | undefined; fallback?: React.ReactNode; suffix?: string }) {
  const formatTimestamp = useFormatTimestamp();
  const now = useNow();
  const age = formatAge(iso, now);
  if (age === null) return <>{fallback}</>;
  return <span title={formatTimestamp(iso) ?? undefined}>{`${age}${suffix}`}</span>;
}
