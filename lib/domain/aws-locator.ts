/**
 * Where a Function lives in AWS, as GetFunction needs it: the account and region it resolves
 * to and its name (the ARN when the controller recorded one; GetFunction takes both). Null when
 * any part is unknown: such a Function cannot be read in AWS, only judged from Kubernetes.
 */
import type { FunctionFacts } from "./function-object";

export interface AwsLocation {
  accountId: string;
  region: string;
  functionName: string;
}

export function awsLocationOf(facts: Pick<FunctionFacts, "accountId" | "region" | "arn" | "awsName">): AwsLocation | null {
  const functionName = facts.arn ?? facts.awsName;
  if (!facts.accountId || !facts.region || !functionName) return null;
  return { accountId: facts.accountId, region: facts.region, functionName };
}
