/**
 * The Kubernetes conformance suite: the same cases against the simulator (sim/kube)
 * and a real kube-apiserver + etcd (realstack/). Every difference they found is listed in
 * conformance/README.md with how it was resolved.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { accessCases } from "./kube/access";
import { deletionCases } from "./kube/deletion";
import { listCases } from "./kube/list";
import { readCases } from "./kube/reads";
import { remediationCases } from "./kube/remediation";
import { validationCases } from "./kube/validation";
import { watchCases } from "./kube/watch";
import { watcherCases } from "./kube/watcher";
import { writeCases } from "./kube/writes";
import { KUBE_TARGETS, runnable, type KubeTarget } from "./targets";
import { TargetClock } from "./timing";

const SUITE = "kube conformance";

describe.each(runnable(SUITE, KUBE_TARGETS))(`${SUITE} ($name)`, (factory) => {
  let target: KubeTarget | undefined;
  const clock = new TargetClock();
  const get = (): KubeTarget => {
    if (!target) throw new Error(`the ${factory.name} target did not start`);
    return target;
  };

  beforeAll(async () => {
    target = await factory.start();
    clock.markStarted();
  }, 120_000);

  afterAll(async () => {
    await target?.stop();
    clock.report(SUITE, factory.name);
  }, 30_000);

  describe("list", () => listCases(get));
  describe("writes", () => writeCases(get));
  describe("deletion", () => deletionCases(get));
  describe("validation", () => validationCases(get));
  describe("access", () => accessCases(get));
  describe("dashboard reads", () => readCases(get));
  describe("watch", () => watchCases(get));
  describe("ResourceWatcher", () => watcherCases(get));
  describe("remediation", () => remediationCases(get));
});
