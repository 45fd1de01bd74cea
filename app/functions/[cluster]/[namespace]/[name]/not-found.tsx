import type { Metadata } from "next";
import { FunctionNotFound } from "@/components/detail/function-not-found";

export const metadata: Metadata = { title: "Function not found" };

export default function NotFound() {
  return (
    <div className="px-4 sm:px-6">
      <FunctionNotFound />
    </div>
  );
}
