import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER } from "./ack";
import { actionCommands, consoleLinks, describeCommand, getYamlCommand, removeFinalizerCommand, retainCommand, shellQuote } from "./commands";

/** What a POSIX shell makes of a command line: its words, one per line (printf receives them as arguments). */
function wordsOf(line: string): string[] {
  const out = execFileSync("/bin/sh", ["-c", `printf '%s\\0' ${line.replace(/^\S+/, "")}`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

const HOSTILE = ["it's", "$(touch /tmp/pwned)", "`id`", "a b", "; rm -rf ~", "x\ny", "-rf", "*", "'", "\\", "\"quoted\"", "", "ünïcode", "a'\\''b", "$HOME", "!event"];

const target = { cluster: "prod-us", namespace: "media", name: "thumbs", uid: "0b2c-11", resourceVersion: "4711", finalizers: ["example.com/keep", ACK_FUNCTION_FINALIZER] };

describe("shellQuote", () => {
  it("leaves safe words as they are", () => {
    expect(shellQuote("prod-us")).toBe("prod-us");
    expect(shellQuote("arn:aws:lambda:eu-west-1:111122223333:function:f")).toBe("arn:aws:lambda:eu-west-1:111122223333:function:f");
  });

  it.each(HOSTILE)("gives the shell back exactly %j, as one word, running nothing", (value) => {
    expect(wordsOf(`cmd ${shellQuote(value)}`)).toEqual([value]);
  });
});

describe("kubectl equivalents", () => {
  it("removes the ACK finalizer by index after the same tests the server sends", () => {
    const cmd = removeFinalizerCommand(target)!;
    const words = wordsOf(cmd);
    expect(words.slice(0, 6)).toEqual(["--context=prod-us", "--namespace=media", "patch", "functions.lambda.services.k8s.aws", "thumbs", "--type=json"]);
    const patch = JSON.parse(words[6].replace(/^--patch=/, ""));
    expect(patch).toEqual([
      { op: "test", path: "/metadata/uid", value: "0b2c-11" },
      { op: "test", path: "/metadata/resourceVersion", value: "4711" },
      { op: "test", path: "/metadata/finalizers/1", value: ACK_FUNCTION_FINALIZER },
      { op: "remove", path: "/metadata/finalizers/1" },
    ]);
    expect(removeFinalizerCommand({ ...target, finalizers: [] })).toBeNull();
  });

  it("annotates with the resourceVersion seen, then deletes", () => {
    const [annotate, del] = actionCommands("retain-and-delete", target, null);
    expect(annotate).toBe(retainCommand(target));
    expect(wordsOf(annotate)).toEqual(["--context=prod-us", "--namespace=media", "annotate", "functions.lambda.services.k8s.aws", "thumbs", "services.k8s.aws/deletion-policy=retain", "--overwrite", "--resource-version=4711"]);
    expect(del).toMatch(/^kubectl --context=prod-us --namespace=media delete functions\.lambda\.services\.k8s\.aws thumbs --wait=false$/);
    expect(getYamlCommand(target)).toBe("kubectl --context=prod-us --namespace=media get functions.lambda.services.k8s.aws thumbs -o yaml");
    expect(describeCommand(target)).toMatch(/ describe functions\.lambda\.services\.k8s\.aws thumbs$/);
  });

  it.each(HOSTILE.filter(Boolean))("keeps a hostile cluster name %j inside its flag", (cluster) => {
    const words = wordsOf(getYamlCommand({ ...target, cluster }));
    expect(words[0]).toBe(`--context=${cluster}`);
    expect(words).toHaveLength(7);
  });

  it("deletes the residual AWS function by name and region", () => {
    const [cmd] = actionCommands("delete-aws-function", target, { accountId: "111122223333", region: "eu-west-1", functionName: "pu-media-thumbs" });
    expect(cmd).toBe("aws lambda delete-function --function-name=pu-media-thumbs --region=eu-west-1");
  });
});

describe("console links", () => {
  it("builds the Lambda and CloudWatch Logs pages from the ARN's region and partition", () => {
    expect(consoleLinks("arn:aws:lambda:eu-west-1:111122223333:function:pu-media-thumbs")).toEqual({
      function: "https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/pu-media-thumbs",
      logs: "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252Fpu-media-thumbs",
    });
    expect(consoleLinks("arn:aws-cn:lambda:cn-north-1:111122223333:function:f:PROD")!.function).toBe("https://cn-north-1.console.amazonaws.cn/lambda/home?region=cn-north-1#/functions/f");
  });

  it("gives nothing for what is not a Lambda function ARN", () => {
    for (const bad of [null, "", "arn:aws:iam::111122223333:role/x", "arn:aws:lambda:eu-west-1:111122223333:function:a/../b", "javascript:alert(1)", "arn:aws:lambda:eu-west-1:1:function:f"]) {
      expect(consoleLinks(bad)).toBeNull();
    }
  });
});
