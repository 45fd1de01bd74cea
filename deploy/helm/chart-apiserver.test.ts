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
      ["watch", "deployments.apps", "ack-system"],
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
    const sa = fs.mkdtempSync(path.join(stack.dir, "serviceaccount-"));
    fs.writeFileSync(path.join(sa, "token"), kubectlOk(["create", "token", "fleet-ack-lambda-fleet", "-n", "fleet-local", "--duration=10m"]));
    fs.copyFileSync(stack.caFile, path.join(sa, "ca.crt"));
    fs.writeFileSync(path.join(sa, "namespace"), "fleet-local");
    const fn = { apiVersion: "lambda.services.k8s.aws/v1alpha1", kind: "Function", metadata: { name: "in-cluster-check", namespace: "team-a" }, spec: { name: "in-cluster-check", role: stack.aws.roleArn, code: { s3Bucket: "artifacts", s3Key: "c.zip" }, runtime: "python3.12", handler: "index.handler" } };
    kubectlOk(["apply", "-f", "-"], { input: JSON.stringify(fn) });
    // The ACK controller's Deployment where the chart's Role lets the ServiceAccount read it.
    const controller = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "ack-lambda-controller", namespace: "ack-system" },
      spec: {
        selector: { matchLabels: { app: "ack-lambda" } },
        template: { metadata: { labels: { app: "ack-lambda" } }, spec: { containers: [{ name: "controller", image: "public.ecr.aws/aws-controllers-k8s/lambda-controller:1.7.4" }] } },
      },
    };
    kubectlOk(["apply", "-f", "-"], { input: JSON.stringify(controller) });
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
      const listed = (await (await list(new Request("http://127.0.0.1:3000/api/functions?namespace=team-a"))).json()) as { items: Array<{ id: string }>; clusters: Array<{ name: string; connected: boolean }> };
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
});
