/**
 * The AWS Lambda conformance suite: the same cases against the simulator (sim/lambda)
 * and moto's server (PyPI moto[server]). Differences found: conformance/README.md.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { adapterCases } from "./aws/adapters";
import { functionCases } from "./aws/functions";
import { AWS_TARGETS, runnable, type AwsTarget } from "./targets";
import { TargetClock } from "./timing";

const SUITE = "aws conformance";

describe.each(runnable(SUITE, AWS_TARGETS))(`${SUITE} ($name)`, (factory) => {
  let target: AwsTarget | undefined;
  const clock = new TargetClock();
  const get = (): AwsTarget => {
    if (!target) throw new Error(`the ${factory.name} target did not start`);
    return target;
  };

  beforeAll(async () => {
    target = await factory.start();
    clock.markStarted();
  }, 60_000);

  afterAll(async () => {
    await target?.stop();
    clock.report(SUITE, factory.name);
  }, 30_000);

  describe("Lambda API", () => functionCases(get));
  describe("dashboard adapters", () => adapterCases(get));
});
