/** A query that failed with nothing to show yet: what failed, why, and a retry. */
export function LoadError({ what, message, onRetry }: { what: string; message: string; onRetry: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <p className="font-semibold">{what} could not be loaded.</p>
      <p className="mt-1 break-words">{message}</p>
      <button
        type="button"
        onClick={onRetry}
        className="mt-3 rounded border border-red-400 bg-white px-3 py-1 font-medium text-red-900 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-red-700 dark:bg-red-900 dark:text-red-50"
      >
        Try again
      </button>
    </div>
  );
}
