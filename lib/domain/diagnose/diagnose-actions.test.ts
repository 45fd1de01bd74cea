/**
 * A verdict's `actions` are the actions eligibility() allows, asked one by one: the verdict asks
 * with the views its rules made once (eligibilityOf), and must agree with the detail page and the
 * remediation guards, which ask eligibility() itself.
 */
import { describe, expect, it } from "vitest";
import { eligibility } from "../eligibility";
import { ACTION_VALUES } from "../remediation/actions";
import { CONTROLLER_NOT_FOUND, MINUTE, NOW, SETTINGS, awsActive, awsAckTagged, awsMissing, awsReadFailed, controllerDown, controllerRunning, factsOf, fixtureNames } from "../__fixtures__";
import { diagnose } from ".";

const AWS = { unknown: null, active: awsActive(), pending: awsActive({ state: "Pending" }), missing: awsMissing(), failed: awsReadFailed(), tagged: awsAckTagged() };
const CONTROLLERS = { unknown: null, buggy: controllerRunning("1.7.3"), current: controllerRunning("1.14.1"), down: controllerDown(), absent: CONTROLLER_NOT_FOUND };
const readable = fixtureNames().filter((n) => n !== "function-malformed");

describe("a verdict's actions", () => {
  it.each(readable)("%s: the actions eligibility() allows, for every AWS state and controller", (name) => {
    const fn = factsOf(name);
    let allowedSomewhere = 0;
    for (const aws of Object.values(AWS)) {
      for (const controller of Object.values(CONTROLLERS)) {
        for (const now of [NOW, NOW + 90 * MINUTE]) {
          const expected = ACTION_VALUES.filter((a) => eligibility(a, fn, aws, controller, now, SETTINGS).allowed);
          expect(diagnose(fn, aws, controller, now, SETTINGS).actions).toEqual(expected);
          allowedSomewhere += expected.length;
        }
      }
    }
    // Not a comparison of empty lists only: the deletion-blocked fixtures allow something.
    if (name.includes("deletion-blocked")) expect(allowedSomewhere).toBeGreaterThan(0);
  });
});
