/**
 * degraded: the function itself shows no fault, but something around it will bite:
 * - no running controller (Deployment missing or 0 ready replicas): no change to the spec
 *   and no deletion will be applied. Reported whether or not AWS could be read, because it is
 *   known and actionable; an unreadable AWS alone is `unknown`, not degraded (it says nothing
 *   about the function).
 * - ACK.Advisory=True: the controller warns (e.g. an attempted change of an immutable field).
 * - controllers before v1.6.3 keep an idle (Inactive) function at Synced=False
 *   (community#2446, see controller-bugs.ts): not stuck, but the object never looks synced until the upgrade.
 */
import { CONDITION } from "../../ack";
import { findControllerBug } from "../../controller-bugs";
import { INACTIVE_SYNCED_SINCE } from "../../controller-version";
import { isoOrNull } from "../../duration";
import type { Reason } from "../../wire/fleet";
import { conditionSince, conditionText, findCondition, isTrue } from "../../signals";
import { type DiagnoseContext, type Finding, inactiveNotSyncedByOldController, quote } from "../context";
import { SOURCE, controllerReason } from "../reasons";

export function degradedRule(ctx: DiagnoseContext): Finding | null {
  const found: Array<{ summary: string; since: number | null; reason: Reason }> = [];
  const controller = controllerReason(ctx);
  if (controller) {
    found.push({
      summary: "No ACK Lambda controller is running in this cluster: changes to this Function will not be applied.",
      since: null,
      reason: controller,
    });
  }
  const advisory = findCondition(ctx.fn, CONDITION.advisory);
  if (isTrue(advisory)) {
    const text = conditionText(advisory) || "no message";
    found.push({
      summary: `Advisory: ${quote(text)}`,
      since: conditionSince(ctx.fn, advisory),
      reason: { code: "advisory", text: `ACK.Advisory is True: "${quote(text, 500)}".`, source: SOURCE.conditions },
    });
  }
  if (inactiveNotSyncedByOldController(ctx)) {
    found.push({
      summary: `Inactive in AWS; ${ctx.controller.label} (before ${INACTIVE_SYNCED_SINCE}) does not count Inactive as synced.`,
      since: conditionSince(ctx.fn, findCondition(ctx.fn, CONDITION.synced)),
      reason: {
        code: "inactive-not-synced",
        text: `Lambda made the idle function Inactive; controllers before ${INACTIVE_SYNCED_SINCE} count only Active as synced, so the object stays unsynced. Upgrade the controller; invoking the function also reactivates it.`,
        source: inactiveBugSource(),
      },
    });
  }
  if (!found.length) return null;
  return {
    health: "degraded",
    summary: found[0].summary,
    since: isoOrNull(found[0].since),
    reasons: found.map((f) => f.reason),
  };
}

function inactiveBugSource(): string {
  const bug = findControllerBug("inactive-never-synced");
  return bug ? `${bug.citation.issue}; fixed in ${bug.citation.release}` : `lambda-controller v${INACTIVE_SYNCED_SINCE}`;
}
