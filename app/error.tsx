"use client";
/** Anything that throws while rendering a page lands here, inside the header and layout. */
import { RouteError } from "@/components/route-error";

export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError title="This page failed to render" error={error} retry={retry} />;
}
