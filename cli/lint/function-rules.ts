/**
 * What the CRD schema does not say but the controller or the Lambda API will refuse, for a
 * Function manifest: the execution role, the function name, where the code comes from, and
 * which region and account the function will be created in. Each rule names its source.
 */
import { ANNOTATION } from "@/lib/domain/ack";
import { AWS_ACCOUNT, AWS_REGION, LAMBDA_NAME } from "@/lib/domain/function-object";
import { field, isRecord } from "@/lib/domain/safe-values";

export type Emit = (severity: "error" | "warning", code: string, message: string, fieldPath: ReadonlyArray<string | number>) => void;

/** Namespace manifests of the same lint run, by name: their annotations resolve region and account. */
export type NamespaceAnnotations = Map<string, Record<string, string>>;

/** spec.role's own pattern, from its description in the v1.14.1 CRD (IAM role ARN). */
const ROLE_ARN = /^arn:(aws[a-zA-Z-]*)?:iam::(\d{12}):role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
/** spec.name's pattern from the CRD description: a name, an ARN or a partial ARN (CreateFunction FunctionName). */
const FUNCTION_NAME_OR_ARN = /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;

export interface FunctionPlacement {
  region: string | null;
  account: string | null;
  awsName: string | null;
}

function checkRole(spec: unknown, emit: Emit): string | null {
  const role = field(spec, "role");
  const roleRef = field(spec, "roleRef");
  if (role !== undefined && roleRef !== undefined) {
    emit("error", "role", "spec.role and spec.roleRef are both set: the controller refuses a field and its reference together; keep one", ["spec", "roleRef"]);
  }
  if (role === undefined && roleRef === undefined) {
    emit("error", "role", "neither spec.role nor spec.roleRef is set: CreateFunction requires an execution role (AWS Lambda API reference, CreateFunction Role)", ["spec"]);
  }
  if (typeof role !== "string") return null;
  const m = ROLE_ARN.exec(role);
  if (!m) {
    emit("error", "role", `spec.role ${JSON.stringify(role.slice(0, 200))} is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>, the pattern in the CRD)`, ["spec", "role"]);
    return null;
  }
  return m[2];
}

function checkName(spec: unknown, emit: Emit): string | null {
  const name = field(spec, "name");
  if (typeof name !== "string") return null;
  if (LAMBDA_NAME.test(name)) return name;
  if (name.includes(":") && FUNCTION_NAME_OR_ARN.test(name) && name.length <= 140) {
    emit("warning", "function-name", `spec.name is an ARN; the dashboard and most tools expect the plain function name (${name.split(":").pop()})`, ["spec", "name"]);
    return name.split(":function:").pop()?.split(":")[0] ?? null;
  }
  const why = name.length > 64 ? `is ${name.length} characters long (at most 64)` : "may only hold letters, digits, - and _";
  emit("error", "function-name", `spec.name ${JSON.stringify(name.slice(0, 100))} ${why}: CreateFunction rejects it (AWS Lambda API reference, FunctionName)`, ["spec", "name"]);
  return null;
}

/**
 * Zip or image: CreateFunction needs code from exactly one place, an image only with
 * PackageType Image, and a runtime for a .zip archive (the CRD's description of spec.runtime).
 */
function checkCode(spec: unknown, emit: Emit): void {
  const code = field(spec, "code");
  if (!isRecord(code)) return;
  const image = code.imageURI !== undefined;
  const zip = code.zipFile !== undefined;
  const s3 = code.s3Bucket !== undefined || code.s3BucketRef !== undefined || code.s3Key !== undefined;
  const sources = [image, zip, s3].filter(Boolean).length;
  if (sources === 0) emit("error", "code", "spec.code names no code: set imageURI, zipFile, or s3Bucket (or s3BucketRef) with s3Key", ["spec", "code"]);
  if (sources > 1) emit("error", "code", "spec.code names code in more than one place (imageURI, zipFile, S3): CreateFunction takes exactly one", ["spec", "code"]);
  if (s3 && code.s3Key === undefined) emit("error", "code", "spec.code.s3Key is missing: code in S3 needs the bucket and the key", ["spec", "code"]);
  const packageType = field(spec, "packageType");
  if (image && packageType !== "Image") {
    emit("error", "code", `spec.code.imageURI needs spec.packageType: Image (it is ${packageType === undefined ? "unset, which means Zip" : JSON.stringify(packageType)})`, ["spec", packageType === undefined ? "code" : "packageType"]);
  }
  if (!image && packageType !== "Image" && field(spec, "runtime") === undefined) {
    emit("error", "code", "spec.runtime is missing: it is required for a .zip deployment package (the CRD's description of spec.runtime)", ["spec"]);
  }
}

/**
 * The region the controller will use, as the ACK runtime picks it (pkg/runtime/reconciler.go
 * getRegion): the resource's services.k8s.aws/region annotation, then its namespace's
 * services.k8s.aws/default-region, then the controller's own --aws-region (here
 * --default-region). Values are used verbatim, so a malformed one fails every AWS call.
 */
function resolveRegion(annotations: Record<string, string>, namespace: string | null, namespaces: NamespaceAnnotations, defaultRegion: string | null, emit: Emit): string | null {
  const own = annotations[ANNOTATION.region];
  if (own !== undefined) {
    if (AWS_REGION.test(own)) return own;
    emit("error", "region", `annotation ${ANNOTATION.region} is ${JSON.stringify(own.slice(0, 60))}, not an AWS region (e.g. eu-west-1): the controller uses it as it is`, ["metadata", "annotations", ANNOTATION.region]);
    return null;
  }
  const inherited = namespace ? namespaces.get(namespace)?.[ANNOTATION.namespaceDefaultRegion] : undefined;
  if (inherited !== undefined) return AWS_REGION.test(inherited) ? inherited : null; // the Namespace's own finding says why
  if (defaultRegion) return defaultRegion;
  emit(
    "error",
    "region",
    `no region: set annotation ${ANNOTATION.region}, give namespace ${namespace ?? "(unset)"} the annotation ${ANNOTATION.namespaceDefaultRegion} (a Namespace manifest in the linted files), or pass --default-region with the controller's region`,
    ["metadata"],
  );
  return null;
}

export function checkFunction(obj: unknown, namespace: string | null, namespaces: NamespaceAnnotations, defaultRegion: string | null, emit: Emit): FunctionPlacement {
  const spec = field(obj, "spec");
  const annotations = (field(field(obj, "metadata"), "annotations") ?? {}) as Record<string, string>;
  const roleAccount = checkRole(spec, emit);
  const awsName = checkName(spec, emit);
  checkCode(spec, emit);
  const region = resolveRegion(isRecord(annotations) ? annotations : {}, namespace, namespaces, defaultRegion, emit);
  // CARM (cross-account resource management): the namespace's owner-account-id, else the controller's account.
  const ownerAnnotation = namespace ? namespaces.get(namespace)?.[ANNOTATION.ownerAccountId] : undefined;
  // A malformed owner account is the Namespace's own finding.
  const owner = ownerAnnotation && AWS_ACCOUNT.test(ownerAnnotation) ? ownerAnnotation : undefined;
  if (owner && roleAccount && owner !== roleAccount) {
    emit("warning", "account", `spec.role is in account ${roleAccount} but namespace ${namespace} places the function in account ${owner} (${ANNOTATION.ownerAccountId}): the controller passes the role with iam:PassRole, which only passes roles of the account it acts in`, ["spec", "role"]);
  }
  return { region, account: owner ?? null, awsName };
}
