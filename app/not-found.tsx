import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: { absolute: "Not found · ACK Lambda Fleet" } };

export default function NotFound() {
  return (
    <div className="mx-auto max-w-2xl px-6 py-12">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">There is nothing at this address.</p>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-sky-800 underline dark:text-sky-300">
        Back to the fleet overview
      </Link>
    </div>
  );
}
