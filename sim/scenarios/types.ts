/**
 * A fleet plan: everything a scenario puts into the simulated clusters and the simulated
 * Lambda API, computed up front (pure, deterministic from the seed), then applied by apply.ts.
 */
import type { Health } from "@/lib/domain/health";
import type { FunctionObject } from "../controller/types";
import type { SimLambdaFunction, StatePatch } from "../lambda/types";

export interface AccountPlan {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AwsFunctionPlan {
  accountId: string;
  region: string;
  config: Partial<SimLambdaFunction> & { FunctionName: string };
  tags: Record<string, string>;
  /** State forced after the put; a forced Pending or InProgress stays until changed. */
  force?: StatePatch;
  /** Pending that ends this many ms after the fleet starts (null: never). */
  pendingMs?: number | null;
}

export interface SeededFunction {
  /** The verdict this Function is meant to show (docs/architecture.md "Verdicts"). */
  intent: Health;
  /** One line saying how it got there, for docs and test failure messages. */
  note: string;
  object: FunctionObject;
  /** The function in AWS; absent when it does not exist there. */
  aws?: AwsFunctionPlan;
}

export interface NamespacePlan {
  name: string;
  annotations: Record<string, string>;
}

export interface ClusterPlan {
  name: string;
  controllerVersion: string;
  defaultRegion: string;
  defaultAccountId: string;
  namespaces: NamespacePlan[];
  functions: SeededFunction[];
}

export interface FleetPlan {
  seed: number;
  /** The clock reading the plan was built for (ISO). */
  builtAt: string;
  accounts: AccountPlan[];
  regions: string[];
  clusters: ClusterPlan[];
}
