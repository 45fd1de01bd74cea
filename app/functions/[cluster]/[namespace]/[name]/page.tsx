import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FunctionDetail } from "@/components/detail/function-detail";
import { RemediationPanel } from "@/components/remediation/remediation-panel";
import { FunctionTimeline } from "@/components/timeline/function-timeline";
import { refFromParams } from "@/lib/domain/function-ref";

type Props = { params: Promise<{ cluster: string; namespace: string; name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ref = refFromParams(await params);
  return { title: ref ? `${ref.name} (${ref.cluster}/${ref.namespace})` : "Function not found" };
}

export default async function FunctionPage({ params }: Props) {
  const ref = refFromParams(await params);
  if (!ref) notFound();
  return (
    <div className="mx-auto max-w-[100rem] px-4 py-4 sm:px-6">
      <FunctionDetail functionRef={ref} />
      <div className="mt-4">
        <FunctionTimeline cluster={ref.cluster} namespace={ref.namespace} name={ref.name} />
      </div>
      <div className="mt-4">
        <RemediationPanel cluster={ref.cluster} namespace={ref.namespace} name={ref.name} />
      </div>
    </div>
  );
}
