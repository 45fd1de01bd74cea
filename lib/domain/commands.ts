/**
 * The command-line equivalents of what the dashboard shows and does, for an operator who wants
 * to check or repeat it by hand: kubectl for the object (the same JSON patch with its `test`
 * operations as remediation/operations on the server builds), the AWS CLI for the clean-up, and
 * links to the AWS console. Every value is quoted for a POSIX shell, so a hostile name never
 * becomes a second command or an option. Pure.
 */
import { ACK_FUNCTION_FINALIZER, ANNOTATION } from "./ack";
import type { RemediationAction } from "./remediation/actions";

/** Characters a POSIX shell never treats specially inside a word. */
const SAFE = /^[A-Za-z0-9@%+=:,./_-]+$/;

/**
 * One shell word: as is when every character is safe, else in single quotes, a `'` written as
 * `'\''` (POSIX XCU 2.2.2: nothing is special inside single quotes but the closing quote).
 */
export function shellQuote(value: string): string {
  if (value !== "" && SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `--flag=value`: a value starting with "-" can never be read as another option. */
const flag = (name: string, value: string) => `--${name}=${shellQuote(value)}`;

export const FUNCTION_RESOURCE = "functions.lambda.services.k8s.aws";

export interface CommandTarget {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  finalizers: readonly string[];
}

function kubectl(t: Pick<CommandTarget, "cluster" | "namespace">, ...rest: string[]): string {
  return ["kubectl", flag("context", t.cluster), flag("namespace", t.namespace), ...rest].join(" ");
}

export function getYamlCommand(t: CommandTarget): string {
  return kubectl(t, "get", FUNCTION_RESOURCE, shellQuote(t.name), "-o", "yaml");
}

export function describeCommand(t: CommandTarget): string {
  return kubectl(t, "describe", FUNCTION_RESOURCE, shellQuote(t.name));
}

/** The finalizer removal: the same test-then-remove patch the server sends (null when the finalizer is not there). */
export function removeFinalizerCommand(t: CommandTarget): string | null {
  const index = t.finalizers.indexOf(ACK_FUNCTION_FINALIZER);
  if (index < 0) return null;
  const patch = [
    { op: "test", path: "/metadata/uid", value: t.uid },
    { op: "test", path: "/metadata/resourceVersion", value: t.resourceVersion },
    { op: "test", path: `/metadata/finalizers/${index}`, value: ACK_FUNCTION_FINALIZER },
    { op: "remove", path: `/metadata/finalizers/${index}` },
  ];
  return kubectl(t, "patch", FUNCTION_RESOURCE, shellQuote(t.name), "--type=json", flag("patch", JSON.stringify(patch)));
}

/** The deletion policy annotation, only if the object is still the version seen (`--resource-version`). */
export function retainCommand(t: CommandTarget): string {
  return kubectl(t, "annotate", FUNCTION_RESOURCE, shellQuote(t.name), shellQuote(`${ANNOTATION.deletionPolicy}=retain`), "--overwrite", flag("resource-version", t.resourceVersion));
}

/** kubectl delete has no resourceVersion precondition flag: the dashboard's request does (it sends one). */
export function deleteCommand(t: CommandTarget): string {
  return kubectl(t, "delete", FUNCTION_RESOURCE, shellQuote(t.name), "--wait=false");
}

/** Run with credentials for that account (the dashboard shows which). */
export interface AwsTarget {
  accountId: string;
  region: string;
  functionName: string;
}

export function awsDeleteCommand(a: AwsTarget): string {
  return ["aws", "lambda", "delete-function", flag("function-name", a.functionName), flag("region", a.region)].join(" ");
}

/** The commands an action amounts to, in order (retain-and-delete: annotate, then delete). */
export function actionCommands(action: RemediationAction, t: CommandTarget, aws: AwsTarget | null): string[] {
  switch (action) {
    case "request-deletion":
      return [deleteCommand(t)];
    case "retain-and-delete":
      return [retainCommand(t), deleteCommand(t)];
    case "remove-finalizer": {
      const c = removeFinalizerCommand(t);
      return c ? [c] : [];
    }
    case "delete-aws-function":
      return aws ? [awsDeleteCommand(aws)] : [];
  }
}

/** The console's domain for an ARN's partition (aws, aws-cn, aws-us-gov). */
function consoleHost(partition: string, region: string): string | null {
  if (partition === "aws") return `${region}.console.aws.amazon.com`;
  if (partition === "aws-cn") return `${region}.console.amazonaws.cn`;
  if (partition === "aws-us-gov") return `console.amazonaws-us-gov.com`;
  return null;
}

const ARN = /^arn:(aws|aws-cn|aws-us-gov):lambda:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]+)?$/;

export interface ConsoleLinks {
  function: string;
  logs: string;
}

/**
 * The Lambda console page and the CloudWatch Logs group (/aws/lambda/{name}, Lambda's default
 * log group) of a function, from its ARN; null for anything that is not a Lambda function ARN.
 * The console encodes "/" in a log group name as "$252F" in the fragment.
 */
export function consoleLinks(arn: string | null | undefined): ConsoleLinks | null {
  const m = arn ? ARN.exec(arn) : null;
  if (!m) return null;
  const [, partition, region, , name] = m;
  const host = consoleHost(partition, region);
  if (!host) return null;
  const q = `region=${region}`;
  return {
    function: `https://${host}/lambda/home?${q}#/functions/${name}`,
    logs: `https://${host}/cloudwatch/home?${q}#logsV2:log-groups/log-group/$252Faws$252Flambda$252F${name}`,
  };
}
