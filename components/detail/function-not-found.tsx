/** Shown when a Function does not exist (any more): its route's not-found and the API's 404. */
import Link from "next/link";
import type { FunctionRef } from "@/lib/domain/function-ref";

export function FunctionNotFound({ functionRef, message }: { functionRef?: FunctionRef; message?: string }) {
  return (
    <div className="mx-auto max-w-2xl py-10">
      <h1 className="text-lg font-semibold">Function not found</h1>
      <p className="mt-2 break-words text-sm text-slate-700 dark:text-slate-300">
        {functionRef ? (
          <>
            There is no Function <code className="font-mono">{functionRef.namespace}/{functionRef.name}</code> in cluster{" "}
            <code className="font-mono">{functionRef.cluster}</code>. It may have been deleted.
          </>
        ) : (
          "This Function does not exist, or the address is not valid."
        )}
      </p>
      {message ? <p className="mt-1 break-words text-xs text-slate-600 dark:text-slate-400">The server said: {message}</p> : null}
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-sky-800 underline dark:text-sky-300">
        Back to the fleet overview
      </Link>
    </div>
  );
}
