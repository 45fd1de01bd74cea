"use client";
/**
 * The command line of this Function, to copy: kubectl get/describe, what each remediation
 * amounts to (the same patch, annotation and delete the server sends; lib/domain/commands.ts),
 * the AWS CLI clean-up, and links to the Lambda console and the function's CloudWatch Logs.
 * Commands are built from the resourceVersion shown: after a change they refuse, like the dashboard.
 */
import { useState } from "react";
import { actionCommands, consoleLinks, describeCommand, getYamlCommand } from "@/lib/domain/commands";
import { ACTION_LABEL, ACTION_VALUES } from "@/lib/domain/remediation/actions";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import { Panel } from "../panel";

export function CommandsPanel({ detail }: { detail: FunctionDetail }) {
  const aws = detail.awsName && detail.accountId && detail.region ? { accountId: detail.accountId, region: detail.region, functionName: detail.awsName } : null;
  const links = consoleLinks(detail.arn);
  const actions = ACTION_VALUES.map((a) => ({ action: a, commands: actionCommands(a, detail, aws), allowed: detail.eligibility[a]?.allowed ?? false })).filter((x) => x.commands.length);
  return (
    <Panel title="Command line and AWS console">
      <div className="space-y-3 text-sm">
        <Command label="Read it" command={`${getYamlCommand(detail)}\n${describeCommand(detail)}`} />
        {actions.map((x) => (
          <Command key={x.action} label={`${ACTION_LABEL[x.action]}${x.allowed ? "" : " (not allowed now)"}${x.action === "delete-aws-function" && aws ? `, with credentials for account ${aws.accountId}` : ""}`} command={x.commands.join("\n")} />
        ))}
        {links ? (
          <p className="flex flex-wrap gap-3">
            <a href={links.function} target="_blank" rel="noopener noreferrer" className="underline">
              Lambda console
            </a>
            <a href={links.logs} target="_blank" rel="noopener noreferrer" className="underline">
              CloudWatch Logs
            </a>
          </p>
        ) : (
          <p className="text-slate-600 dark:text-slate-400">No AWS console links: the Function has no Lambda ARN yet.</p>
        )}
      </div>
    </Panel>
  );
}

function Command({ label, command }: { label: string; command: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(command).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  return (
    <div>
      <div className="flex items-center justify-between gap-2">
        <span className="font-medium">{label}</span>
        <button type="button" onClick={copy} aria-label={`Copy: ${label}`} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:hover:bg-slate-800">
          {copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed: select it" : "Copy"}
        </button>
      </div>
      {/* Focusable: a long command scrolls sideways, and the keyboard must reach it (WCAG 2.1.1). */}
      <pre tabIndex={0} aria-label={label} className="mt-1 overflow-x-auto focus-visible:outline-2 focus-visible:outline-sky-600 whitespace-pre rounded bg-slate-100 p-2 font-mono text-xs text-slate-900 dark:bg-slate-950 dark:text-slate-100">
        <code>{command}</code>
      </pre>
    </div>
  );
}
