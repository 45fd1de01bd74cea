/** ACK_FLEET_WEBHOOKS and ACK_FLEET_NOTIFY_WINDOW as lib/server/config.ts parses them: errors name the variable and never echo a URL. */
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../config";

const SECRET_URL = "https://hooks.slack.com/services/T0/B0/hunter2";

function problems(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("ACK_FLEET_WEBHOOKS", () => {
  it("is none by default; a list gets every notified verdict unless it names some; the window defaults to 5 s", () => {
    expect(parseConfig({}).notify).toEqual({ webhooks: [], windowMs: 5_000 });
    const c = parseConfig({
      ACK_FLEET_WEBHOOKS: JSON.stringify([{ url: SECRET_URL, format: "slack" }, { url: "http://receiver.example:8080/hook?token=x", format: "json", verdicts: ["terminal"] }]),
      ACK_FLEET_NOTIFY_WINDOW: "30s",
    });
    expect(c.notify).toEqual({
      webhooks: [
        { url: SECRET_URL, format: "slack", verdicts: ["deletion-blocked", "stuck", "terminal", "failed"] },
        { url: "http://receiver.example:8080/hook?token=x", format: "json", verdicts: ["terminal"] },
      ],
      windowMs: 30_000,
    });
  });

  it.each([
    ["not JSON", `${SECRET_URL}`, "must be a JSON list"],
    ["an unknown format", JSON.stringify([{ url: SECRET_URL, format: "teams" }]), 'entry 1: format must be "slack" or "json"'],
    ["a verdict that is not notified", JSON.stringify([{ url: SECRET_URL, format: "json", verdicts: ["healthy"] }]), "entry 1: verdicts may name"],
    ["no verdict", JSON.stringify([{ url: SECRET_URL, format: "json", verdicts: [] }]), "entry 1: verdicts must name at least one verdict"],
    ["a URL that is not http(s)", JSON.stringify([{ url: SECRET_URL, format: "json" }, { url: "ftp://x/hunter2", format: "json" }]), "entry 2: url must be an http(s) URL"],
  ])("refuses %s, naming the variable without the URL", (_case, value, message) => {
    const text = problems({ ACK_FLEET_WEBHOOKS: value });
    expect(text).toContain(`ACK_FLEET_WEBHOOKS: ${message}`);
    expect(text).not.toContain("hunter2");
  });

  it("refuses a window that is not a duration", () => {
    expect(problems({ ACK_FLEET_NOTIFY_WINDOW: "soon" })).toContain("ACK_FLEET_NOTIFY_WINDOW");
  });
});
