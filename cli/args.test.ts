import { describe, expect, it } from "vitest";
import { type CheckArgs, parseCommandLine } from "./args";
import { DEFAULT_FAIL_ON } from "./check/evaluate";
import { main } from "./main";
import { UsageError } from "./report/model";

const env = (vars: Record<string, string> = {}) => vars as unknown as NodeJS.ProcessEnv;
const check = (argv: string[], vars: Record<string, string> = {}) => parseCommandLine(["check", ...argv], env(vars)) as CheckArgs;

describe("check arguments", () => {
  it("defaults: every context and namespace, the failing verdicts, no wait, AWS from the environment", () => {
    const a = check([], { KUBECONFIG: "/a/config:/b/config", ACK_FLEET_AWS_ENDPOINT: "http://127.0.0.1:9", ACK_FLEET_AWS_RPS: "25" });
    expect(a).toMatchObject({
      kubeconfigPaths: ["/a/config", "/b/config"],
      contexts: [],
      namespaces: [],
      dashboard: null,
      failOn: [...DEFAULT_FAIL_ON],
      minControllerVersion: null,
      waitMs: 0,
      intervalMs: 10_000,
      pendingTimeoutMs: 600_000,
      deletionTimeoutMs: 300_000,
      format: "text",
      output: null,
      aws: { endpoint: "http://127.0.0.1:9", credentialsFile: null, requestsPerSecond: 25 },
    });
  });

  it("repeated and comma-separated lists, durations, formats", () => {
    const a = check(["-c", "prod-eu,prod-us", "--context", "staging", "-n", "payments", "--wait", "5m", "--interval", "15s", "--fail-on", "stuck, deletion-blocked", "-f", "junit", "-o", "out/fleet.xml", "--no-aws"]);
    expect(a).toMatchObject({ contexts: ["prod-eu", "prod-us", "staging"], namespaces: ["payments"], waitMs: 300_000, intervalMs: 15_000, failOn: ["stuck", "deletion-blocked"], format: "junit", output: "out/fleet.xml", aws: null });
  });

  it.each([
    [["--fail-on", "stuk"], /--fail-on: unknown verdict\(s\) stuk/],
    [["--fail-on", "healthy"], /--fail-on: unknown verdict\(s\) healthy/],
    [["--wait", "soon"], /--wait: not a duration: "soon"/],
    [["--interval", "0s"], /--interval: not a duration/],
    [["--min-controller-version", "latest"], /--min-controller-version: "latest" is not a version/],
    [["--format", "xml"], /--format: "xml" is not one of text, json, junit/],
    [["--aws-rps", "1000"], /--aws-rps/],
    [["--dashboard", "ftp://x"], /--dashboard: use an http or https URL/],
    [["--dashboard", "https://user:pw@fleet.example.com"], /credentials do not belong in the URL/],
    [["--dashboard", "https://fleet.example.com", "--no-aws"], /--no-aws only apply to kubeconfig mode/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["extra"], /check takes no arguments/],
  ])("%j is a usage error", (argv, message) => {
    expect(() => check(argv as string[])).toThrow(UsageError);
    expect(() => check(argv as string[])).toThrow(message);
  });
});

describe("lint arguments and commands", () => {
  it("takes paths and a default region", () => {
    expect(parseCommandLine(["lint", "k8s/", "-", "--default-region", "eu-west-1"], env())).toMatchObject({ command: "lint", paths: ["k8s/", "-"], defaultRegion: "eu-west-1" });
    expect(() => parseCommandLine(["lint"], env())).toThrow(/at least one file or folder/);
    expect(() => parseCommandLine(["lint", "x", "--default-region", "europe"], env())).toThrow(/not an AWS region/);
  });

  it("help, version and unknown commands", () => {
    expect(parseCommandLine([], env())).toEqual({ command: "help", topic: "main" });
    expect(parseCommandLine(["check", "--help"], env())).toEqual({ command: "help", topic: "check" });
    expect(parseCommandLine(["lint", "-h"], env())).toEqual({ command: "help", topic: "lint" });
    expect(() => parseCommandLine(["deploy"], env())).toThrow(/unknown command "deploy"/);
  });
});

describe("main: exit codes of the command line itself", () => {
  const run = async (argv: string[]) => {
    let out = "";
    let err = "";
    const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), env: env(), readStdin: () => "", version: "9.9.9" });
    return { code, out, err };
  };

  it("help and version exit 0; the help documents the exit codes", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("0  passed");
    expect(help.out).toContain("1  findings");
    expect(help.out).toContain("2  could not check");
    expect(await run(["--version"])).toMatchObject({ code: 0, out: "9.9.9\n" });
  });

  it("a usage error exits 2 on stderr, nothing on stdout", async () => {
    const r = await run(["check", "--wait", "x"]);
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toContain("--wait: not a duration");
  });

  it("a kubeconfig that does not exist is could-not-check (exit 2), in the chosen format", async () => {
    const r = await run(["check", "--kubeconfig", "/nonexistent/kubeconfig", "--format", "json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).problems[0].message).toContain("no kubeconfig found");
  });
});
