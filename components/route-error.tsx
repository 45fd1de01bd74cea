"use client";
/** The fallback of a route segment's error boundary: what failed, retry, or back to the overview. */
import Link from "next/link";

export function RouteError({ title, error, retry }: { title: string; error: unknown; retry: () => void }) {
  const message = error instanceof Error ? error.message : "Unexpected error";
  return (
    <div role="alert" className="mx-auto max-w-2xl px-6 py-12">
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="mt-2 break-words text-sm text-slate-700 dark:text-slate-300">{message}</p>
      <div className="mt-4 flex gap-3">
        <button
          type="button"
          onClick={() => retry()}
          className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:bg-slate-100 dark:text-slate-900"
        >
          Try again
        </button>
        <Link href="/" className="px-3 py-1.5 text-sm font-medium text-sky-800 underline dark:text-sky-300">
          Back to the fleet overview
        </Link>
      </div>
    </div>
  );
}
