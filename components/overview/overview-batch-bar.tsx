"use client";
/**
 * The overview's way into a batch: the Kubernetes-side actions over the ticked rows or every row
 * the filters show. Whether each Function is eligible is the server's answer, in the dialog.
 */
import { useState } from "react";
import type { ListedRow } from "@/lib/domain/wire/fleet";
import { ACTION_VALUES, type RemediationAction } from "@/lib/domain/remediation/actions";
import type { RowSeq } from "@/lib/client/row-seq";
import { BatchToolbar, useBatchDialog } from "../remediation/batch/batch-toolbar";

/** The AWS clean-up acts on what is left in AWS, not on a Function row: it is on Needs action. */
const ROW_ACTIONS = ACTION_VALUES.filter((a) => a !== "delete-aws-function");

export interface BatchBarProps {
  /** Every row the filters show (the sorter's list, not necessarily an array). */
  matching: RowSeq;
  selected: readonly ListedRow[];
  onSelect: (ids: ReadonlySet<string>) => void;
}

export function OverviewBatchBar({ matching, selected, onSelect }: BatchBarProps) {
  const [action, setAction] = useState<RemediationAction>("remove-finalizer");
  const batch = useBatchDialog(() => onSelect(new Set()));
  return (
    <>
      <BatchToolbar
      actions={ROW_ACTIONS}
      action={action}
      onAction={setAction}
      matchingCount={matching.length}
      matchingLabel="matching the filter"
      // A row's `aws` is its live AWS state, not a clean-up target: only the Function's name goes.
      selected={selected.map(({ cluster, namespace, name }) => ({ cluster, namespace, name }))}
      onSelectAll={() => onSelect(new Set(matching.map((r) => r.id)))}
      onClear={() => onSelect(new Set())}
        onOpen={batch.open}
      />
      {batch.element}
    </>
  );
}
