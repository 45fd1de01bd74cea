/**
 * GET /api/functions/{cluster}/{namespace}/{name}: one Function's row with its full object,
 * the Kubernetes Events about it, each remediation's eligibility, its cluster's controller and
 * summary. Its timeline has an endpoint of its own (wire/timeline.ts). Pure.
 */
import { z } from "zod";
import { RemediationActionSchema } from "../remediation/actions";
import { ClusterSummarySchema, ControllerInfoSchema, FunctionRowSchema } from "./fleet";
import { FieldComparisonSchema } from "./function-config";
import { EligibilitySchema } from "./remediation";

/** A core/v1 Event as the API forwards it; cluster data, so every field may be missing. */
const FunctionEventSchema = z.object({
  type: z.string().nullish(),
  reason: z.string().nullish(),
  message: z.string().nullish(),
  count: z.number().nullish(),
  firstTimestamp: z.string().nullish(),
  lastTimestamp: z.string().nullish(),
  /** A string, or core/v1 EventSource {component, host}. */
  source: z.unknown().optional(),
});
export type FunctionEvent = z.infer<typeof FunctionEventSchema>;

export const FunctionDetailSchema = FunctionRowSchema.extend({
  /** The object, its spec's environment variable values hidden (function-config/for-function.ts). */
  object: z.unknown(),
  /** The spec against the live AWS configuration, field by field; null when AWS's is not known. */
  configComparison: z.array(FieldComparisonSchema).nullable().optional(),
  events: z.array(FunctionEventSchema),
  eligibility: z.record(RemediationActionSchema, EligibilitySchema),
  controller: ControllerInfoSchema.nullable(),
  clusterSummary: ClusterSummarySchema.nullable(),
});
export type FunctionDetail = z.infer<typeof FunctionDetailSchema>;
