/**
 * The parts of a `Function` (lambda.services.k8s.aws/v1alpha1) the controller model reads and
 * writes, as in the vendored CRD of v1.14.1 (crds/). Loose on purpose: objects come from any
 * API server and may hold fields the model does not know.
 */
import type { Condition } from "@/lib/domain/wire/fleet";

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string | null;
  finalizers?: string[];
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface FunctionCode {
  s3Bucket?: string;
  s3Key?: string;
  s3ObjectVersion?: string;
  imageURI?: string;
  zipFile?: string;
}

export interface FunctionSpec {
  name: string;
  code?: FunctionCode;
  role?: string;
  roleRef?: unknown;
  runtime?: string;
  handler?: string;
  description?: string;
  memorySize?: number;
  timeout?: number;
  packageType?: string;
  architectures?: string[];
  environment?: { variables?: Record<string, string> };
  layers?: string[];
  tags?: Record<string, string>;
  [field: string]: unknown;
}

export interface AckResourceMetadata {
  arn?: string;
  ownerAccountID: string;
  region: string;
  partition?: string;
}

export interface FunctionStatus {
  ackResourceMetadata?: AckResourceMetadata;
  conditions?: Condition[];
  state?: string;
  stateReason?: string;
  stateReasonCode?: string;
  lastUpdateStatus?: string;
  lastUpdateStatusReason?: string;
  lastUpdateStatusReasonCode?: string;
  codeSHA256?: string;
  codeSize?: number;
  lastModified?: string;
  revisionID?: string;
  version?: string;
  [field: string]: unknown;
}

export interface FunctionObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec: FunctionSpec;
  status?: FunctionStatus;
}

/** Annotations of a Namespace, which carry default region, owner account, deletion policy. */
export type NamespaceAnnotations = Record<string, string>;
