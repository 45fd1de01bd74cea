/** The simulated AWS Lambda API: see server.ts. */
export { LambdaApiSim, MAX_REQUEST_BYTES } from "./server";
export type { LambdaSimOptions, SimLambdaFunction, StatePatch, RateLimits, LifecycleDelays, FunctionState, LastUpdateStatus } from "./types";
export { DEFAULT_RATE_LIMITS } from "./throttle";
export { LIST_PAGE_MAX } from "./reads";
export { functionArn } from "./errors";
