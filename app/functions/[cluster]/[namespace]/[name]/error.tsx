"use client";
/** A render error on the detail page: the header stays, the operator can retry or go back. */
import { RouteError } from "@/components/route-error";

export default function FunctionError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError title="The page of this Function failed to render" error={error} retry={retry} />;
}
