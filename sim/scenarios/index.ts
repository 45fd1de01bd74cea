/** Scenario entry points for tests, scripts and the e2e suite. */
export { buildDemoPlan, DEFAULT_SEED } from "./demo";
export { buildLargePlan, MAX_LARGE_FLEET } from "./large";
export { ACCOUNTS, CLUSTERS, REGIONS, SEED_CASE, XSS_CASE, XSS_PROBE, ACCOUNT_A, ACCOUNT_B, ACCOUNT_UNMAPPED } from "./catalog";
export { IDENTITIES, fleetPolicy, type FleetTokens } from "./identities";
export { seedCluster, seedLambda } from "./apply";
export type { FleetPlan, ClusterPlan, SeededFunction, AwsFunctionPlan } from "./types";
