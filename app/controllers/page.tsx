import type { Metadata } from "next";
import { ControllersView } from "@/components/controllers/controllers-view";

export const metadata: Metadata = { title: "Controllers" };

/** /controllers: every cluster's ACK Lambda controller, its known bugs and the upgrade advice. */
export default function ControllersPage() {
  return (
    <div className="mx-auto max-w-[100rem] space-y-3 px-4 py-4 sm:px-6">
      <div>
        <h1 className="text-lg font-semibold">Controllers</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The ACK Lambda controller of every cluster, the known bugs of its version and how many Functions each affects now, and how to upgrade it.
        </p>
      </div>
      <ControllersView />
    </div>
  );
}
