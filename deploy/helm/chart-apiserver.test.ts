/**
 * The chart against a real kube-apiserver (realstack: kube-apiserver 1.37 with etcd, RBAC, the
 * ACK CRDs, and the Prometheus Operator's CRDs added here): every documented values set is
 * applied for real (the apiserver validates every object, unknown fields refused), and the
 * ServiceAccount's rights are checked exactly, as SubjectAccessReviews (`kubectl auth can-i
 * --as`) and as real requests with a token minted for it (TokenRequest): what it may do, and
 * what it may not.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeConfig } from "@kubernetes/client-node";
import { deleteFunction, getFunctionObject, patchFunction, subjectAccessReview, type JsonPatchOp } from "@/lib/server/kube/writes";
import { findBinaries } from "@/realstack/bins";
import { startRealStack, type RealStack } from "@/realstack/start";
import { ACK_FUNCTION_FINALIZER, ANNOTATION } from "@/lib/domain/ack";
import { FunctionListResponseSchema } from "@/lib/domain/wire/fleet";
import { configureLog } from "@/lib/server/log";
import { browserHeaders, get, post, PROXY_SECRET, proxyHeaders, read, type As } from "@/test/http-requests";
import { startServerApp, stopServerApp } from "@/test/server-app";
import { until } from "@/test/until";
import { runnableOrReport } from "../test-support";
import { CHART_DIR, findHelm, prometheusOperatorCrds } from "../tools";
import { chartWithRules, REPO_ALERT_RULES, runHelm, template } from "./render";

const helm = findHelm();
const crds = prometheusOperatorCrds();
const problems = [
  helm ? null : "helm is not built (scripts/deploy-tools-build.sh)",
  crds ? null : "the Prometheus Operator CRDs are not fetched (scripts/deploy-tools-build.sh)",
  findBinaries().missing.length === 0 ? null : "the real-stack binaries are not built (scripts/realstack-build.sh)",
].filter((p): p is string => p !== null);
const runnable = runnableOrReport("helm chart on a real kube-apiserver", problems);

/** One release per documented values set, each in its own namespace. */
const RELEASES = {
  local: { namespace: "fleet-local", values: "default-values.yaml", kubeVersion: undefined },
  proxy: { namespace: "fleet-proxy", values: "proxy-oauth2-values.yaml", kubeVersion: undefined },
  // Rendered for a 1.35 cluster: the legacy impersonation rules, applied to this one.
  multi: { namespace: "fleet-multi", values: "multi-cluster-values.yaml", kubeVersion: "1.35.4" },
  metrics: { namespace: "fleet-metrics", values: "metrics-values.yaml", kubeVersion: undefined },
} as const;
type Release = keyof typeof RELEASES;
const serviceAccount = (r: Release) => `system:serviceaccount:${RELEASES[r].namespace}:fleet-ack-lambda-fleet`;

/** The ACK controller's Deployment, where the chart's Role lets the ServiceAccount list it. */
const CONTROLLER = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "ack-lambda-controller", namespace: "ack-system" },
  spec: {
    selector: { matchLabels: { app: "ack-lambda" } },
    template: { metadata: { labels: { app: "ack-lambda" } }, spec: { containers: [{ name: "controller", image: "public.ecr.aws/aws-controllers-k8s/lambda-controller:1.7.4" }] } },
  },
};

/** The route handlers the test calls, as Next.js would (app/api/.../route.ts). */
const ROUTES = {
  functions: () => import("@/app/api/functions/route"),
  "functions/[cluster]/[namespace]/[name]": () => import("@/app/api/functions/[cluster]/[namespace]/[name]/route"),
  "functions/[cluster]/[namespace]/[name]/timeline": () => import("@/app/api/functions/[cluster]/[namespace]/[name]/timeline/route"),
  "functions/[cluster]/[namespace]/[name]/remediations": () => import("@/app/api/functions/[cluster]/[namespace]/[name]/remediations/route"),
  "remediations/needs-action": () => import("@/app/api/remediations/needs-action/route"),
  "remediations/residuals": () => import("@/app/api/remediations/residuals/route"),
  remediations: () => import("@/app/api/remediations/route"),
  audit: () => import("@/app/api/audit/route"),
  controllers: () => import("@/app/api/controllers/route"),
  healthz: () => import("@/app/api/healthz/route"),
  livez: () => import("@/app/api/livez/route"),
  readyz: () => import("@/app/api/readyz/route"),
  me: () => import("@/app/api/me/route"),
  stream: () => import("@/app/api/stream/route"),
  "export/functions": () => import("@/app/api/export/functions/route"),
  "export/audit": () => import("@/app/api/export/audit/route"),
  "export/manifests": () => import("@/app/api/export/manifests/route"),
} as const;

describe.skipIf(!runnable)("helm chart on a real kube-apiserver", () => {
  let stack: RealStack;
  const rendered: Partial<Record<Release, string>> = {};

  const kubectl = (args: string[], opts: { kubeconfig?: string; input?: string } = {}) => {
    const r = spawnSync(stack.kubectl, ["--kubeconfig", opts.kubeconfig ?? stack.kubeconfigs.admin, ...args], { encoding: "utf8", input: opts.input, timeout: 60_000 });
    return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}`.trim(), stdout: r.stdout.trim() };
  };
  const kubectlOk = (args: string[], opts: { kubeconfig?: string; input?: string } = {}) => {
    const r = kubectl(args, opts);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.out}`);
    return r.out;
  };
  /**
   * May the release's ServiceAccount do it? A SubjectAccessReview for it (what `kubectl auth
   * can-i --as` asks, but with the API group given exactly: kubectl cannot name resources that
   * discovery does not list, like users.authentication.k8s.io of constrained impersonation).
   */
  const canI = (r: Release, verb: string, resource: string, scope: { namespace?: string } = {}) => {
    const [plural, ...group] = resource.split(".");
    const review = {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: {
        user: serviceAccount(r),
        groups: ["system:serviceaccounts", `system:serviceaccounts:${RELEASES[r].namespace}`, "system:authenticated"],
        resourceAttributes: { verb, group: group.join("."), resource: plural, ...(scope.namespace ? { namespace: scope.namespace } : {}) },
      },
    };
    const status = JSON.parse(kubectlOk(["create", "-f", "-", "-o", "json"], { input: JSON.stringify(review) })) as { status: { allowed: boolean } };
    return status.status.allowed;
  };

  /**
   * What the kubelet mounts in the release's pod: a token for its ServiceAccount (TokenRequest),
   * the cluster's CA, the namespace; the dashboard reads it as in-cluster configuration.
   */
  const serviceAccountDir = (r: Release) => {
    const sa = fs.mkdtempSync(path.join(stack.dir, `serviceaccount-${r}-`));
    fs.writeFileSync(path.join(sa, "token"), kubectlOk(["create", "token", "fleet-ack-lambda-fleet", "-n", RELEASES[r].namespace, "--duration=10m"]));
    fs.copyFileSync(stack.caFile, path.join(sa, "ca.crt"));
    fs.writeFileSync(path.join(sa, "namespace"), RELEASES[r].namespace);
    return sa;
  };

  beforeAll(async () => {
    stack = await startRealStack();
    kubectlOk(["apply", "--server-side", ...crds!.flatMap((f) => ["-f", f])]);
    kubectlOk(["wait", "--for=condition=Established", "--timeout=60s", "crd/servicemonitors.monitoring.coreos.com", "crd/prometheusrules.monitoring.coreos.com"]);
    for (const ns of ["ack-system", "ack-lambda", "team-a", ...Object.values(RELEASES).map((r) => r.namespace)]) kubectlOk(["create", "namespace", ns]);
    for (const [name, r] of Object.entries(RELEASES) as Array<[Release, (typeof RELEASES)[Release]]>) {
      const out = template(helm!, { release: "fleet", namespace: r.namespace, valuesFiles: [r.values], kubeVersion: r.kubeVersion });
      if (!out.ok) throw new Error(`helm template ${r.values}: ${out.message}`);
      rendered[name] = out.stdout;
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("accepts every object of every documented values set (server-side validation, unknown fields refused)", () => {
    for (const [name, yamlText] of Object.entries(rendered) as Array<[Release, string]>) {
      kubectlOk(["apply", "--dry-run=server", "--validate=strict", "-f", "-"], { input: yamlText });
      const applied = kubectlOk(["apply", "--validate=strict", "-f", "-"], { input: yamlText });
      expect(applied, name).toMatch(/deployment\.apps\/fleet-ack-lambda-fleet created/);
    }
    expect(kubectlOk(["get", "servicemonitor", "-n", "fleet-metrics", "-o", "name"])).toBe("servicemonitor.monitoring.coreos.com/fleet-ack-lambda-fleet");
    expect(kubectlOk(["get", "ingress,networkpolicy", "-n", "fleet-proxy", "-o", "name"]).split("\n").sort()).toEqual([
      "ingress.networking.k8s.io/fleet-ack-lambda-fleet",
      "networkpolicy.networking.k8s.io/fleet-ack-lambda-fleet",
    ]);
    expect(kubectlOk(["get", "role", "-n", "ack-lambda", "-o", "name"])).toBe("role.rbac.authorization.k8s.io/fleet-multi-fleet-ack-lambda-fleet-controller");
  });

  it("accepts the PrometheusRule made from the alert rules (the repository's, when present)", () => {
    const sample = { groups: [{ name: "sample", rules: [{ alert: "AckLambdaFunctionStuck", expr: "vector(1)", for: "1m", labels: { severity: "warning" } }] }] };
    const chart = chartWithRules(fs.existsSync(REPO_ALERT_RULES) ? fs.readFileSync(REPO_ALERT_RULES, "utf8") : JSON.stringify(sample));
    try {
      const out = template(helm!, { chartDir: chart.dir, release: "fleet", namespace: "fleet-metrics", valuesFiles: [path.join(chart.dir, "ci", "metrics-values.yaml")], setTyped: { "metrics.prometheusRule.enabled": "true" } });
      if (!out.ok) throw new Error(out.message);
      const rule = out.stdout.split(/^---$/m).find((doc) => /^kind: PrometheusRule$/m.test(doc));
      expect(rule).toBeDefined();
      expect(kubectlOk(["apply", "--dry-run=server", "--validate=strict", "-f", "-"], { input: rule })).toContain("prometheusrule.monitoring.coreos.com/fleet-ack-lambda-fleet created (server dry run)");
    } finally {
      chart.remove();
    }
  });

  it("local mode: the ServiceAccount reads what the dashboard shows and nothing else", () => {
    const allowed: Array<[string, string, string?]> = [
      ["list", "functions.lambda.services.k8s.aws"],
      ["watch", "functions.lambda.services.k8s.aws"],
      ["get", "functions.lambda.services.k8s.aws", "team-a"],
      ["list", "namespaces"],
      ["watch", "namespaces"],
      ["list", "events"],
      ["watch", "events"],
      ["list", "deployments.apps", "ack-system"],
      // Every authenticated identity (system:basic-user): local mode asks about itself.
      ["create", "selfsubjectaccessreviews.authorization.k8s.io"],
    ];
    const denied: Array<[string, string, string?]> = [
      ["patch", "functions.lambda.services.k8s.aws", "team-a"],
      ["delete", "functions.lambda.services.k8s.aws", "team-a"],
      ["update", "functions.lambda.services.k8s.aws", "team-a"],
      ["create", "functions.lambda.services.k8s.aws", "team-a"],
      ["list", "deployments.apps"],
      ["list", "deployments.apps", "team-a"],
      // Polled, never watched nor read by name (lib/server/kube/cluster.ts).
      ["watch", "deployments.apps", "ack-system"],
      ["get", "deployments.apps", "ack-system"],
      ["get", "secrets", "fleet-local"],
      ["list", "configmaps", "ack-system"],
      ["list", "pods"],
      ["get", "namespaces"],
      ["create", "events", "team-a"],
      ["create", "subjectaccessreviews.authorization.k8s.io"],
      ["impersonate", "users"],
      ["impersonate", "groups"],
      ["impersonate:user-info", "users.authentication.k8s.io"],
      ["list", "adoptedresources.services.k8s.aws"],
    ];
    for (const [verb, resource, namespace] of allowed) expect(canI("local", verb, resource, { namespace }), `may ${verb} ${resource} ${namespace ?? "(all)"}`).toBe(true);
    for (const [verb, resource, namespace] of denied) expect(canI("local", verb, resource, { namespace }), `may not ${verb} ${resource} ${namespace ?? "(all)"}`).toBe(false);
  });

  it("proxy mode on 1.37: access reviews, and impersonation that works only for patch and delete of Functions", () => {
    expect(canI("proxy", "create", "subjectaccessreviews.authorization.k8s.io")).toBe(true);
    expect(canI("proxy", "impersonate:user-info", "users.authentication.k8s.io")).toBe(true);
    expect(canI("proxy", "impersonate-on:user-info:patch", "functions.lambda.services.k8s.aws", { namespace: "team-a" })).toBe(true);
    expect(canI("proxy", "impersonate-on:user-info:delete", "functions.lambda.services.k8s.aws", { namespace: "team-a" })).toBe(true);
    expect(canI("proxy", "impersonate-on:user-info:get", "functions.lambda.services.k8s.aws", { namespace: "team-a" })).toBe(false);
    expect(canI("proxy", "impersonate-on:user-info:create", "secrets", { namespace: "team-a" })).toBe(false);
    expect(canI("proxy", "impersonate", "users")).toBe(false);
    expect(canI("proxy", "impersonate", "serviceaccounts", { namespace: "kube-system" })).toBe(false);
    expect(canI("proxy", "patch", "functions.lambda.services.k8s.aws", { namespace: "team-a" })).toBe(false);
  });

  it("proxy mode, with a token minted for the ServiceAccount: the dashboard's writes act as the signed-in operator, and for nothing else", async () => {
    // An operator of team-a in a group the chart may impersonate (rbac.impersonation.groups).
    kubectlOk(["create", "rolebinding", "platform-operators", "-n", "team-a", "--clusterrole=ack-fleet-operator", "--group=platform-operators"]);
    const fn = { apiVersion: "lambda.services.k8s.aws/v1alpha1", kind: "Function", metadata: { name: "orders-api", namespace: "team-a" }, spec: { name: "orders-api", role: stack.aws.roleArn, code: { s3Bucket: "artifacts", s3Key: "orders.zip" }, runtime: "python3.12", handler: "index.handler" } };
    kubectlOk(["create", "-f", "-"], { input: JSON.stringify(fn) });

    // The pod's identity, as the kubelet would mount it: a token from the TokenRequest API.
    const token = kubectlOk(["create", "token", "fleet-ack-lambda-fleet", "-n", "fleet-proxy", "--duration=10m"]);
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "realstack", server: stack.apiserverUrl, caFile: stack.caFile }],
      users: [{ name: "sa", token }],
      contexts: [{ name: "sa", cluster: "realstack", user: "sa" }],
      currentContext: "sa",
    });
    const key = { namespace: "team-a", name: "orders-api" };
    const alice = { user: "alice@ops.example", groups: ["platform-operators"] };
    const testName: JsonPatchOp[] = [{ op: "test", path: "/metadata/name", value: "orders-api" }];

    // What the dashboard does, with the adapter it uses (lib/server/kube/writes.ts): the fresh
    // read as itself, the access review, then the change as the operator.
    const fresh = await getFunctionObject(kc, key);
    expect(fresh).toMatchObject({ ok: true, status: 200 });
    const meta = (fresh as { body: { metadata: { uid: string; resourceVersion: string } } }).body.metadata;
    expect(await subjectAccessReview(kc, alice, { verb: "patch", namespace: "team-a", name: "orders-api" })).toMatchObject({ ok: true, allowed: true });
    expect(await subjectAccessReview(kc, { user: "victor@ops.example", groups: ["platform-viewers"] }, { verb: "delete", namespace: "team-a" })).toMatchObject({ ok: true, allowed: false });
    expect(await patchFunction(kc, key, testName, { dryRun: true, as: alice })).toMatchObject({ ok: true });
    expect(await deleteFunction(kc, key, { uid: meta.uid, resourceVersion: meta.resourceVersion }, { dryRun: true, as: alice })).toMatchObject({ ok: true });

    // Its own identity cannot change a Function.
    expect(await patchFunction(kc, key, testName, { dryRun: true })).toMatchObject({ ok: false, failure: "forbidden", message: expect.stringContaining("cannot patch resource \"functions\"") });
    // Impersonation is refused for a read, for a group outside rbac.impersonation.groups, and
    // always for system:masters (constrained impersonation's own rule).
    const refusedImpersonation = { ok: false, failure: "forbidden", message: expect.stringMatching(/cannot impersonate/) };
    expect(await getFunctionObject(kc, key, { as: alice })).toMatchObject(refusedImpersonation);
    expect(await patchFunction(kc, key, testName, { dryRun: true, as: { user: "alice@ops.example", groups: ["ack-fleet:operators"] } })).toMatchObject(refusedImpersonation);
    expect(await patchFunction(kc, key, testName, { dryRun: true, as: { user: "mallory", groups: ["system:masters"] } })).toMatchObject({ ok: false, failure: "forbidden", message: expect.stringContaining("system:masters") });
    // A viewer impersonated stays a viewer: the cluster's RBAC decides, not the dashboard.
    expect(await patchFunction(kc, key, testName, { dryRun: true, as: { user: "victor@ops.example", groups: ["platform-viewers"] } })).toMatchObject({
      ok: false,
      failure: "forbidden",
      message: expect.stringContaining('User \"victor@ops.example\" cannot patch resource \"functions\"'),
    });
  });

  it("runs the dashboard through in-cluster configuration with a token minted for the local-mode ServiceAccount: it lists, reads a detail and is ready", async () => {
    // What the kubelet mounts in the pod: the token (TokenRequest), the cluster's CA, the namespace;
    // and the service address it sets in the environment.
    const sa = serviceAccountDir("local");
    const fn = { apiVersion: "lambda.services.k8s.aws/v1alpha1", kind: "Function", metadata: { name: "in-cluster-check", namespace: "team-a" }, spec: { name: "in-cluster-check", role: stack.aws.roleArn, code: { s3Bucket: "artifacts", s3Key: "c.zip" }, runtime: "python3.12", handler: "index.handler" } };
    kubectlOk(["apply", "-f", "-"], { input: JSON.stringify(fn) });
    // The ACK controller's Deployment where the chart's Role lets the ServiceAccount read it.
    kubectlOk(["apply", "-f", "-"], { input: JSON.stringify(CONTROLLER) });
    const app = await startServerApp(
      {
        KUBERNETES_SERVICE_HOST: "127.0.0.1",
        KUBERNETES_SERVICE_PORT: new URL(stack.apiserverUrl).port,
        ACK_FLEET_IN_CLUSTER_NAME: "home",
        ACK_FLEET_CONTROLLER_NAMESPACES: "ack-system",
        ACK_FLEET_STORE: `sqlite:${path.join(sa, "history.db")}`,
        ACK_FLEET_AWS_ENDPOINT: stack.motoUrl,
      },
      { serviceAccountDir: sa, roles: { readAws: false } },
    );
    try {
      expect([...app.fleet.clusters.keys()]).toEqual(["home"]);
      await until("the Function listed through the ServiceAccount", () => app.fleet.row("home/team-a/in-cluster-check"), 30_000);
      const { GET: list } = await import("@/app/api/functions/route");
      const listed = FunctionListResponseSchema.parse(await (await list(new Request("http://127.0.0.1:3000/api/functions?namespace=team-a"))).json());
      expect(listed.items.map((i) => i.id)).toContain("home/team-a/in-cluster-check");
      expect(listed.clusters).toEqual([expect.objectContaining({ name: "home", connected: true })]);
      const { GET: detail } = await import("@/app/api/functions/[cluster]/[namespace]/[name]/route");
      const res = await detail(new Request("http://127.0.0.1:3000/api/functions/home/team-a/in-cluster-check"), { params: Promise.resolve({ cluster: "home", namespace: "team-a", name: "in-cluster-check" }) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ object: { spec: { name: "in-cluster-check" } }, events: expect.any(Array) });
      expect(app.readiness().ready).toBe(true);
      // Read per namespace (the chart grants no cluster-wide Deployments): the version is known.
      await until("the controller found", () => app.fleet.clusters.get("home")?.controller?.found, 30_000);
      expect(app.fleet.clusters.get("home")?.controller).toMatchObject({ namespace: "ack-system", version: "1.7.4" });
      // The permission self-check, with exactly the chart's local-mode RBAC: nothing lacks.
      await until("the permission self-check answered", () => app.fleet.clusters.get("home")?.permissions, 30_000);
      expect(app.fleet.clusters.get("home")?.permissions?.missing).toEqual([]);
    } finally {
      await stopServerApp(app);
    }
  });

  it("installs and upgrades with helm itself, and NOTES say how to open it: port-forward in local mode, the Ingress URL otherwise", () => {
    const helmIn = (ns: string, args: string[]) => {
      const r = runHelm(helm!, [...args, "--kubeconfig", stack.kubeconfigs.admin, "--namespace", ns]);
      if (!r.ok) throw new Error(`helm ${args[0]}: ${r.message}`);
      return r.stdout;
    };
    const local = helmIn("fleet-helm-local", ["install", "fleet", CHART_DIR, "--create-namespace"]);
    expect(local).toContain("STATUS: deployed");
    expect(local).toContain("kubectl --namespace fleet-helm-local port-forward svc/fleet-ack-lambda-fleet 3000:80");
    expect(local).toContain("http://127.0.0.1:3000");
    const upgraded = helmIn("fleet-helm-local", ["upgrade", "fleet", CHART_DIR, "--set", "diagnosis.pendingTimeout=15m"]);
    expect(upgraded).toContain("REVISION: 2");
    expect(kubectlOk(["get", "configmap", "fleet-ack-lambda-fleet", "-n", "fleet-helm-local", "-o", "jsonpath={.data.ACK_FLEET_PENDING_TIMEOUT}"])).toBe("15m");

    const proxy = helmIn("fleet-helm-proxy", ["install", "fleet", CHART_DIR, "--create-namespace", "-f", `${CHART_DIR}/ci/proxy-oauth2-values.yaml`]);
    expect(proxy).toContain("https://fleet.example.com");
    expect(proxy).toContain("constrained impersonation");
    expect(proxy).not.toContain("port-forward");
  });

  it("rendered for a cluster before 1.36: the legacy impersonation rules, and the controller Roles of both namespaces", () => {
    expect(canI("multi", "impersonate", "users")).toBe(true);
    expect(canI("multi", "impersonate", "groups")).toBe(true);
    expect(canI("multi", "impersonate", "serviceaccounts", { namespace: "kube-system" })).toBe(false);
    expect(canI("multi", "impersonate", "userextras")).toBe(false);
    expect(canI("multi", "list", "deployments.apps", { namespace: "ack-lambda" })).toBe(true);
    expect(canI("multi", "list", "deployments.apps", { namespace: "ack-system" })).toBe(true);
    expect(canI("multi", "list", "deployments.apps")).toBe(false);
    expect(canI("multi", "patch", "functions.lambda.services.k8s.aws", { namespace: "team-a" })).toBe(false);
  });

  describe("the dashboard in the cluster with exactly the chart's proxy-mode RBAC (constrained impersonation, 1.37)", () => {
    const NS = "team-r";
    const ALICE: As = { user: "alice@ops.example", groups: ["platform-operators"] };
    type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
    const route = async (file: keyof typeof ROUTES) => (await ROUTES[file]()) as unknown as { GET?: Handler; POST?: Handler };
    const fnManifest = (name: string, extra: Record<string, unknown> = {}) => ({
      apiVersion: "lambda.services.k8s.aws/v1alpha1",
      kind: "Function",
      metadata: { name, namespace: NS, ...extra },
      spec: { name, role: stack.aws.roleArn, code: { s3Bucket: "artifacts", s3Key: `${name}.zip` }, runtime: "python3.12", handler: "index.handler" },
    });
    const resourceVersion = (name: string) => kubectlOk(["get", "function", name, "-n", NS, "-o", "jsonpath={.metadata.resourceVersion}"]);
    const exists = (name: string) => kubectl(["get", "function", name, "-n", NS, "-o", "name"]).code === 0;
    let app: Awaited<ReturnType<typeof startServerApp>> | undefined;
    const logged: string[] = [];
    let restoreLog: ReturnType<typeof configureLog> | undefined;

    beforeAll(async () => {
      kubectlOk(["create", "namespace", NS]);
      kubectlOk(["annotate", "namespace", NS, `${ANNOTATION.ownerAccountId}=${stack.aws.accountId}`, `${ANNOTATION.namespaceDefaultRegion}=${stack.aws.region}`]);
      // The operator may change Functions of team-r; the dashboard impersonates the operator's group.
      kubectlOk(["create", "rolebinding", "platform-operators", "-n", NS, "--clusterrole=ack-fleet-operator", "--group=platform-operators"]);
      // A running controller (its Deployment's status says one replica is ready; nothing else runs it here).
      kubectlOk(["apply", "-f", "-"], { input: JSON.stringify(CONTROLLER) });
      kubectlOk(["patch", "deployment", "ack-lambda-controller", "-n", "ack-system", "--subresource=status", "--type=merge", "-p", JSON.stringify({ status: { replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1 } })]);
      for (const name of ["orders-del", "orders-retain"]) kubectlOk(["apply", "-f", "-"], { input: JSON.stringify(fnManifest(name)) });
      kubectlOk(["apply", "-f", "-"], { input: JSON.stringify(fnManifest("orders-stuck", { finalizers: [ACK_FUNCTION_FINALIZER] })) });
      kubectlOk(["delete", "function", "orders-stuck", "-n", NS, "--wait=false"]);
      await stack.createAckFunction({ name: "orders-retain", namespace: NS });

      const sa = serviceAccountDir("proxy");
      const creds = path.join(sa, "aws-credentials.json");
      fs.writeFileSync(creds, JSON.stringify({ [stack.aws.accountId]: stack.aws.credentials }));
      restoreLog = configureLog({ write: (l) => logged.push(l) });
      app = await startServerApp(
        {
          KUBERNETES_SERVICE_HOST: "127.0.0.1",
          KUBERNETES_SERVICE_PORT: new URL(stack.apiserverUrl).port,
          ACK_FLEET_IN_CLUSTER_NAME: "home",
          ACK_FLEET_CONTROLLER_NAMESPACES: "ack-system",
          ACK_FLEET_AUTH_MODE: "proxy",
          ACK_FLEET_PROXY_SECRET: PROXY_SECRET,
          ACK_FLEET_STORE: `sqlite:${path.join(sa, "history.db")}`,
          ACK_FLEET_AWS_ENDPOINT: stack.motoUrl,
          ACK_FLEET_AWS_CREDENTIALS_FILE: creds,
          // The controller gets 1 s to finish a deletion before remove-finalizer is allowed.
          ACK_FLEET_DELETION_TIMEOUT: "1s",
        },
        { serviceAccountDir: sa },
      );
      await until("the Functions and their AWS state read", () => ["orders-del", "orders-retain", "orders-stuck"].every((n) => app!.fleet.row(`home/${NS}/${n}`)?.aws), 60_000);
      await until("the controller found running", () => app!.fleet.clusters.get("home")?.controller?.readyReplicas === 1, 30_000);
    }, 120_000);

    afterAll(async () => {
      await stopServerApp(app);
      if (restoreLog) configureLog(restoreLog);
    });

    it("answers every API read with real content for the signed-in operator", async () => {
      const as = proxyHeaders(ALICE);
      const fn = { cluster: "home", namespace: NS, name: "orders-del" };
      const reads: Array<[keyof typeof ROUTES, string, Record<string, string>, (body: string) => void]> = [
        ["functions", "/api/functions", {}, (b) => expect(FunctionListResponseSchema.parse(JSON.parse(b)).items.map((r) => r.id)).toContain("home/team-r/orders-del")],
        ["functions/[cluster]/[namespace]/[name]", "/api/functions/home/team-r/orders-del", fn, (b) => expect(JSON.parse(b)).toMatchObject({ object: { spec: { name: "orders-del" } }, events: expect.any(Array) })],
        ["functions/[cluster]/[namespace]/[name]/timeline", "/api/functions/home/team-r/orders-del/timeline", fn, (b) => expect(JSON.parse(b)).toMatchObject({ entries: expect.any(Array) })],
        ["remediations/needs-action", "/api/remediations/needs-action", {}, (b) => expect(b).toContain("orders-stuck")],
        ["remediations/residuals", "/api/remediations/residuals", {}, (b) => expect(JSON.parse(b)).toMatchObject({ items: expect.any(Array) })],
        ["remediations", "/api/remediations", {}, (b) => expect(JSON.parse(b)).toBeTypeOf("object")],
        ["audit", "/api/audit", {}, (b) => expect(JSON.parse(b)).toMatchObject({ items: expect.any(Array) })],
        ["controllers", "/api/controllers", {}, (b) => expect(b).toContain("1.7.4")],
        ["healthz", "/api/healthz", {}, (b) => expect(JSON.parse(b)).toMatchObject({ clusters: [{ name: "home", connected: true, missingPermissions: [] }] })],
        ["me", "/api/me", {}, (b) => expect(b).toContain("alice@ops.example")],
        // What alice may do to one Function: the dashboard's access reviews (create subjectaccessreviews).
        ["me", "/api/me?function=home/team-r/orders-del", {}, (b) => expect(JSON.parse(b)).toMatchObject({ identity: { user: "alice@ops.example" }, function: { permissions: { patch: { allowed: true }, delete: { allowed: true } } } })],
        ["export/functions", "/api/export/functions?format=csv", {}, (b) => expect(b).toContain("orders-del")],
        ["export/audit", "/api/export/audit?format=json", {}, (b) => expect(b.trim().startsWith("[")).toBe(true)],
      ];
      // orders-stuck needs action once the AWS reader has read it, which may still be under way.
      const needsAction = (await route("remediations/needs-action")).GET!;
      await until("orders-stuck in needs-action", async () => (await (await needsAction(get("/api/remediations/needs-action", as), { params: Promise.resolve({}) })).text()).includes("orders-stuck"));
      for (const [file, url, params, check] of reads) {
        const handler = (await route(file)).GET!;
        const res = await handler(get(url, as), { params: Promise.resolve(params) });
        const body = await res.text();
        expect(res.status, `${url}: ${body.slice(0, 300)}`).toBe(200);
        check(body);
      }
      // The live stream opens for the operator (rows come as they change; the list loads them first).
      const ac = new AbortController();
      const streamed = await (await route("stream")).GET!(new Request("http://127.0.0.1:3000/api/stream", { headers: { host: "127.0.0.1:3000", ...as }, signal: ac.signal }), { params: Promise.resolve({}) });
      expect(streamed.status).toBe(200);
      const reader = streamed.body!.getReader();
      let text = "";
      try {
        await until("the stream's hello", async () => {
          const { value } = await reader.read();
          text += new TextDecoder().decode(value);
          return text.includes("event: hello");
        }, 10_000);
      } finally {
        ac.abort();
        await reader.cancel().catch(() => {});
      }
      const manifests = await (await route("export/manifests")).GET!(get("/api/export/manifests", as), { params: Promise.resolve({}) });
      expect(manifests.status).toBe(200);
      expect((await manifests.arrayBuffer()).byteLength).toBeGreaterThan(100);
    });

    it("runs every remediation the product offers, as the operator, against the real API server", async () => {
      const submit = async (name: string, body: Record<string, unknown>) => {
        const handler = (await route("functions/[cluster]/[namespace]/[name]/remediations")).POST!;
        return read(await handler(post(`/api/functions/home/${NS}/${name}/remediations`, body, browserHeaders(proxyHeaders(ALICE))), { params: Promise.resolve({ cluster: "home", namespace: NS, name }) }));
      };
      const object = (name: string, action: string) => ({ action, expectedResourceVersion: resourceVersion(name), confirm: name, reason: "least-privilege check of the chart" });

      // request-deletion: DELETE with preconditions, impersonated.
      expect(await submit("orders-del", object("orders-del", "request-deletion"))).toMatchObject({ status: 200, body: { status: "done" } });
      await until("orders-del deleted", () => !exists("orders-del"), 10_000);

      // retain-and-delete: the deletion-policy annotation (JSON patch), then DELETE, impersonated.
      expect(await submit("orders-retain", object("orders-retain", "retain-and-delete"))).toMatchObject({ status: 200, body: { status: "done" } });
      await until("orders-retain deleted", () => !exists("orders-retain"), 10_000);

      // remove-finalizer: a JSON patch of metadata.finalizers, impersonated, on an object being deleted for over 1 s.
      await until("orders-stuck overdue in the dashboard's view", () => app!.fleet.row(`home/${NS}/orders-stuck`)?.deletionTimestamp, 10_000);
      await new Promise((r) => setTimeout(r, 1_100));
      expect(await submit("orders-stuck", object("orders-stuck", "remove-finalizer"))).toMatchObject({ status: 200, body: { status: "done" } });
      await until("orders-stuck gone", () => !exists("orders-stuck"), 10_000);

      // delete-aws-function: the residual that retain-and-delete left in AWS (the dashboard's AWS identity, no Kubernetes right).
      const residuals = async () => ((await read(await (await route("remediations/residuals")).GET!(get("/api/remediations/residuals", proxyHeaders(ALICE)), { params: Promise.resolve({}) }))).body as { items: Array<{ aws: { functionName: string; accountId: string; region: string } }> }).items;
      const residual = await until("the residual of orders-retain", async () => (await residuals()).find((r) => r.aws.functionName === "orders-retain"), 20_000);
      const aws = { accountId: residual.aws.accountId, region: residual.aws.region, functionName: "orders-retain" };
      expect(await submit("orders-retain", { action: "delete-aws-function", aws, confirm: "orders-retain", reason: "least-privilege check of the chart" })).toMatchObject({ status: 200, body: { status: "done" } });

      // Every write reached the API server as alice, never as the dashboard's ServiceAccount.
      const audit = ((await read(await (await route("audit")).GET!(get(`/api/audit?cluster=home&namespace=${NS}`, proxyHeaders(ALICE)), { params: Promise.resolve({}) }))).body as { items: Array<{ action: string; phase: string; outcome: string | null }> }).items;
      expect(audit.filter((e) => e.phase === "outcome").map((e) => `${e.action}:${e.outcome}`).sort()).toEqual(["delete-aws-function:succeeded", "remove-finalizer:succeeded", "request-deletion:succeeded", "retain-and-delete:succeeded"]);
    });

    it("notices a permission removed from the ClusterRole and names exactly that one: log, /api/healthz, the summary, the metric; the probes still say nothing more", async () => {
      const role = "fleet-proxy-fleet-ack-lambda-fleet";
      const saved = kubectlOk(["get", "clusterrole", role, "-o", "json"]);
      const rules = (JSON.parse(saved) as { rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> }).rules;
      const cut = rules.map((r) => ({
        ...r,
        verbs: r.resources.includes("events") ? r.verbs.filter((v) => v !== "watch") : r.resources.includes("functions") ? r.verbs.filter((v) => v !== "impersonate-on:user-info:patch") : r.verbs,
      }));
      kubectlOk(["patch", "clusterrole", role, "--type=merge", "-p", JSON.stringify({ rules: cut })]);
      try {
        const conn = app!.fleet.clusters.get("home")!;
        const missing = ["watch events", "impersonate-on:user-info:patch functions.lambda.services.k8s.aws"];
        // The self-check runs every 60 s; run it now rather than wait (RBAC changes apply at once).
        await until("the self-check noticed", async () => {
          await conn.checkPermissions();
          return conn.permissions?.missing.length === 2;
        }, 20_000);
        expect(conn.permissions?.missing).toEqual(missing);
        expect(logged.some((l) => l.includes("cluster home: the dashboard lacks permissions: watch events, impersonate-on:user-info:patch functions.lambda.services.k8s.aws"))).toBe(true);
        const health = (await read(await (await route("healthz")).GET!(get("/api/healthz", proxyHeaders(ALICE)), { params: Promise.resolve({}) }))).body as { clusters: Array<{ missingPermissions: string[] }> };
        expect(health.clusters[0].missingPermissions).toEqual(missing);
        expect(app!.fleet.clusterSummaries()[0].missingPermissions).toEqual(missing);
        const metrics = await app!.metrics.render();
        expect(metrics).toContain('ack_fleet_cluster_permission_missing{cluster="home",permission="watch events"} 1');
        expect(metrics).toContain('ack_fleet_cluster_permission_missing{cluster="home",permission="impersonate-on:user-info:patch functions.lambda.services.k8s.aws"} 1');
        // Unauthenticated: the probes answer up/ready and nothing else; /api/healthz refuses.
        for (const probe of ["livez", "readyz"] as const) {
          const res = await (await route(probe)).GET!(new Request(`http://10.0.0.7:3000/api/${probe}`), { params: Promise.resolve({}) });
          expect(await res.text()).not.toMatch(/home|permission|events/);
        }
        expect((await (await route("healthz")).GET!(get("/api/healthz", proxyHeaders({ ...ALICE, secret: null })), { params: Promise.resolve({}) })).status).toBe(401);
      } finally {
        kubectlOk(["replace", "-f", "-"], { input: JSON.stringify({ ...JSON.parse(saved), metadata: { ...JSON.parse(saved).metadata, resourceVersion: undefined } }) });
      }
      const conn = app!.fleet.clusters.get("home")!;
      await until("the self-check saw the rules back", async () => {
        await conn.checkPermissions();
        return conn.permissions?.missing.length === 0;
      }, 20_000);
      expect(logged.some((l) => l.includes("cluster home: the dashboard has every permission it needs again"))).toBe(true);
    });
  });
});
