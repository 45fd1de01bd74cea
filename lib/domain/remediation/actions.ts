/** The remediation actions and what each is called. Pure. */
import { z } from "zod";

export const ACTION_VALUES = ["request-deletion", "retain-and-delete", "remove-finalizer", "delete-aws-function"] as const;
export const RemediationActionSchema = z.enum(ACTION_VALUES);
export type RemediationAction = z.infer<typeof RemediationActionSchema>;

export const ACTION_LABEL: Record<RemediationAction, string> = {
  "request-deletion": "Request deletion",
  "retain-and-delete": "Retain in AWS, then delete",
  "remove-finalizer": "Remove the ACK finalizer",
  "delete-aws-function": "Delete the residual AWS function",
};
