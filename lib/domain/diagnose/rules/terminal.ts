/**
 * terminal: ACK.Terminal=True. The ACK runtime sets it for errors that only a spec change can
 * clear and does not retry (runtime pkg/condition WithTerminalCondition puts the error text in
 * `reason`, older runtimes in `message`).
 */
import { CONDITION } from "../../ack";
import { isoOrNull } from "../../duration";
import { conditionSince, conditionText, findCondition, isTrue } from "../../signals";
import { type DiagnoseContext, type Finding, quote } from "../context";
import { SOURCE } from "../reasons";

/** Well-known terminal errors and what to change (AWS Lambda CreateFunction errors). */
const HINTS: Array<[RegExp, string]> = [
  [/role .*cannot be assumed|AssumeRole/i, "Check that spec.role exists and its trust policy lets lambda.amazonaws.com assume it."],
  [/runtime parameter .* is not valid|InvalidRuntime/i, "Change spec.runtime to a supported runtime."],
  [/ResourceConflictException.*already exist/i, "A function of that name already exists in AWS: adopt it or change spec.name."],
];

export function terminalRule(ctx: DiagnoseContext): Finding | null {
  const terminal = findCondition(ctx.fn, CONDITION.terminal);
  if (!isTrue(terminal)) return null;
  const text = conditionText(terminal) || "no message";
  const hint = HINTS.find(([pattern]) => pattern.test(text))?.[1];
  return {
    health: "terminal",
    summary: `Terminal error: ${quote(text)}`,
    since: isoOrNull(conditionSince(ctx.fn, terminal)),
    reasons: [
      {
        code: "terminal",
        text: `ACK.Terminal is True: "${quote(text, 500)}". The controller will not retry until the spec changes.${hint ? ` ${hint}` : ""}`,
        source: SOURCE.conditions,
      },
    ],
  };
}
