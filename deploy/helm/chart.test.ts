/**
 * The Helm chart, rendered by the real helm (scripts/deploy-tools-build.sh): lint and template of
 * every documented values set (ci/*-values.yaml), and what the rendered objects say: security
 * context, RBAC rules exactly, probes, the refusals (replicas on SQLite, proxy mode without a
 * secret, values the schema rejects). Applying it to a real kube-apiserver: chart-apiserver.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chartNodeOptions, chartProcessEnv } from "../../bench/fleet/chart-node-options";
import { runnableOrReport } from "../test-support";
import { findHelm } from "../tools";
import { parse } from "yaml";
import { chartWithRules, ciValuesFiles, find, lint, render, REPO_ALERT_RULES, template, type K8sObject } from "./render";

const helm = findHelm();
const runnable = runnableOrReport("helm chart", helm ? [] : ["helm is not built: run scripts/deploy-tools-build.sh"]);

type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[] };
const rulesOf = (o: K8sObject) => (o as unknown as { rules: Rule[] }).rules;
type PodSpec = {
  securityContext: Record<string, unknown>;
  containers: Array<{ name: string; securityContext: Record<string, unknown>; env?: Array<{ name: string; value?: string; valueFrom?: unknown }>; livenessProbe: Record<string, unknown>; readinessProbe: Record<string, unknown>; ports: Array<{ name: string; containerPort: number }> }>;
  volumes: Array<{ name: string; [k: string]: unknown }>;
};
const podOf = (objects: K8sObject[]) => (find(objects, "Deployment") as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
const container = (objects: K8sObject[], name: string) => {
  const c = podOf(objects).containers.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
};
const envOf = (objects: K8sObject[], name = "dashboard") => Object.fromEntries((container(objects, name).env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
const configOf = (objects: K8sObject[]) => (find(objects, "ConfigMap", "ack-lambda-fleet") as unknown as { data: Record<string, string> }).data;

const READS: Rule[] = [
  { apiGroups: ["lambda.services.k8s.aws"], resources: ["functions"], verbs: ["get", "list", "watch"] },
  { apiGroups: [""], resources: ["namespaces"], verbs: ["list", "watch"] },
  { apiGroups: [""], resources: ["events"], verbs: ["list", "watch"] },
];
const ACCESS_REVIEW: Rule = { apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"] };

describe.skipIf(!runnable)("helm chart (helm lint, helm template)", () => {
  const h = helm!;

  it("documents the four values sets the issue names, and each lints strictly and renders", () => {
    const files = ciValuesFiles();
    expect(files).toEqual(["default-values.yaml", "metrics-values.yaml", "multi-cluster-values.yaml", "proxy-oauth2-values.yaml"]);
    for (const f of files) {
      const l = lint(h, { valuesFiles: [f] });
      expect(l, f).toMatchObject({ ok: true });
      expect(render(h, { valuesFiles: [f] }).length, f).toBeGreaterThan(5);
    }
  });

  it("names the namespace of every namespaced object, so that `helm template | kubectl apply` works too", () => {
    for (const f of ciValuesFiles()) {
      for (const o of render(h, { valuesFiles: [f], namespace: "team-fleet" })) {
        const expected = o.kind.startsWith("Cluster") ? undefined : o.kind === "Role" || o.kind === "RoleBinding" ? expect.stringMatching(/^ack-/) : "team-fleet";
        expect(o.metadata.namespace, `${f} ${o.kind} ${o.metadata.name}`).toEqual(expected);
      }
    }
  });

  it("runs every container non-root, read-only, without capabilities, under RuntimeDefault seccomp", () => {
    for (const f of ciValuesFiles()) {
      const pod = podOf(render(h, { valuesFiles: [f] }));
      expect(pod.securityContext, f).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } });
      for (const c of pod.containers) {
        expect(c.securityContext, `${f} ${c.name}`).toEqual({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        });
      }
      // The only writable places: the store's volume and a bounded /tmp.
      expect(pod.volumes.filter((v) => "emptyDir" in v || "persistentVolumeClaim" in v).map((v) => v.name).sort(), f).toEqual(["data", "tmp"]);
    }
  });

  it("local mode: the ClusterRole reads, nothing else; Deployments only in the controller's namespace", () => {
    const objects = render(h, { valuesFiles: ["default-values.yaml"] });
    expect(rulesOf(find(objects, "ClusterRole"))).toEqual(READS);
    const roles = objects.filter((o) => o.kind === "Role");
    expect(roles.map((r) => r.metadata.namespace)).toEqual(["ack-system"]);
    expect(rulesOf(roles[0])).toEqual([{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["list"] }]);
    const binding = find(objects, "ClusterRoleBinding") as unknown as { subjects: unknown[]; roleRef: { name: string } };
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "fleet-ack-lambda-fleet", namespace: "fleet" }]);
    expect(binding.roleRef.name).toBe(find(objects, "ClusterRole").metadata.name);
    // Local mode listens on loopback: the kubelet's probe runs inside the container.
    const dashboard = container(objects, "dashboard");
    expect(envOf(objects).HOSTNAME).toBe("127.0.0.1");
    expect(dashboard.livenessProbe).toMatchObject({ exec: { command: ["node", "-e", expect.stringContaining("http://127.0.0.1:3000/api/livez")] } });
    expect(dashboard.readinessProbe).toMatchObject({ exec: { command: ["node", "-e", expect.stringContaining("http://127.0.0.1:3000/api/readyz")] } });
  });

  it("proxy mode on Kubernetes 1.36+: access reviews and constrained impersonation for patch and delete of Functions only", () => {
    const objects = render(h, { valuesFiles: ["proxy-oauth2-values.yaml"], kubeVersion: "1.37.2" });
    expect(rulesOf(find(objects, "ClusterRole"))).toEqual([
      ...READS,
      ACCESS_REVIEW,
      { apiGroups: ["authentication.k8s.io"], resources: ["users"], verbs: ["impersonate:user-info"] },
      { apiGroups: ["authentication.k8s.io"], resources: ["groups"], verbs: ["impersonate:user-info"], resourceNames: ["platform-operators", "platform-viewers"] },
      { apiGroups: ["lambda.services.k8s.aws"], resources: ["functions"], verbs: ["impersonate-on:user-info:patch", "impersonate-on:user-info:delete"] },
    ]);
  });

  it("proxy mode before 1.36 (or rbac.impersonation.mode=legacy): the impersonate verb on users and groups", () => {
    const legacy: Rule[] = [
      ...READS,
      ACCESS_REVIEW,
      { apiGroups: [""], resources: ["users"], verbs: ["impersonate"] },
      { apiGroups: [""], resources: ["groups"], verbs: ["impersonate"] },
    ];
    expect(rulesOf(find(render(h, { valuesFiles: ["multi-cluster-values.yaml"], kubeVersion: "1.35.4" }), "ClusterRole"))).toEqual(legacy);
    expect(rulesOf(find(render(h, { valuesFiles: ["multi-cluster-values.yaml"], set: { "rbac.impersonation.mode": "legacy" } }), "ClusterRole"))).toEqual(legacy);
  });

  it("never grants a write on Functions, a wildcard, or Deployments cluster-wide", () => {
    for (const f of ciValuesFiles()) {
      for (const kubeVersion of ["1.35.4", "1.37.2"]) {
        const objects = render(h, { valuesFiles: [f], kubeVersion });
        const rules = objects.filter((o) => o.kind === "ClusterRole" || o.kind === "Role").flatMap(rulesOf);
        for (const r of rules) {
          expect([...(r.apiGroups ?? []), ...(r.resources ?? []), ...r.verbs]).not.toContain("*");
          // On Functions: reads, and acting as the signed-in user (constrained impersonation).
          if (r.resources?.includes("functions")) for (const v of r.verbs) expect(["get", "list", "watch", "impersonate-on:user-info:patch", "impersonate-on:user-info:delete"]).toContain(v);
        }
        expect(rulesOf(find(objects, "ClusterRole")).some((r) => r.resources?.includes("deployments"))).toBe(false);
      }
    }
  });

  it("wires proxy mode: the sidecar takes the Service, sends the secret and the identity headers, the app listens for it", () => {
    const objects = render(h, { valuesFiles: ["proxy-oauth2-values.yaml"] });
    const service = find(objects, "Service") as unknown as { spec: { ports: Array<{ name: string; targetPort: string }> } };
    expect(service.spec.ports).toEqual([expect.objectContaining({ name: "http", targetPort: "proxy" })]);
    const secretRef = { secretKeyRef: { name: "fleet-proxy-secret", key: "proxy-secret" } };
    expect(envOf(objects)).toMatchObject({ HOSTNAME: "0.0.0.0", ACK_FLEET_PROXY_SECRET: secretRef });
    expect(envOf(objects, "oauth2-proxy")).toMatchObject({ ACK_FLEET_PROXY_SECRET: secretRef });
    expect(configOf(objects)).toMatchObject({
      ACK_FLEET_AUTH_MODE: "proxy",
      ACK_FLEET_PROXY_SECRET_HEADER: "X-Ack-Fleet-Proxy-Secret",
      ACK_FLEET_PUBLIC_URL: "https://fleet.example.com",
      ACK_FLEET_ALLOWED_ORIGINS: "https://fleet.example.com",
    });
    const alpha = (find(objects, "ConfigMap", "oauth2-proxy") as unknown as { data: Record<string, string> }).data["alpha-config.yaml"];
    expect(alpha).toContain("fromEnv: ACK_FLEET_PROXY_SECRET");
    for (const header of ["X-Ack-Fleet-Proxy-Secret", "X-Forwarded-User", "X-Forwarded-Email", "X-Forwarded-Groups"]) expect(alpha).toContain(`- name: ${header}`);
    expect(alpha).toContain('uri: "http://127.0.0.1:3000"');
    expect(container(objects, "dashboard").readinessProbe).toEqual(expect.objectContaining({ httpGet: { path: "/api/readyz", port: "app" } }));
    expect(container(objects, "dashboard").livenessProbe).toEqual(expect.objectContaining({ httpGet: { path: "/api/livez", port: "app" } }));
    const ingress = find(objects, "Ingress") as unknown as { spec: { rules: Array<{ http: { paths: Array<{ backend: unknown }> } }> } };
    expect(ingress.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: "fleet-ack-lambda-fleet", port: { name: "http" } } });
  });

  it("several clusters: the kubeconfig and AWS credentials Secrets mounted read-only, contexts and controller namespaces set", () => {
    const objects = render(h, { valuesFiles: ["multi-cluster-values.yaml"] });
    expect(envOf(objects)).toMatchObject({
      KUBECONFIG: "/etc/ack-lambda-fleet/kubeconfig/config",
      ACK_FLEET_AWS_CREDENTIALS_FILE: "/etc/ack-lambda-fleet/aws/credentials.json",
    });
    expect(configOf(objects)).toMatchObject({ ACK_FLEET_CONTEXTS: "prod-us-east-1,prod-eu-west-1", ACK_FLEET_IN_CLUSTER_NAME: "mgmt-eu-west-1", ACK_FLEET_CONTROLLER_NAMESPACES: "ack-system,ack-lambda", AWS_REGION: "eu-west-1" });
    const volumes = podOf(objects).volumes;
    expect(volumes).toContainEqual({ name: "kubeconfig", secret: { secretName: "fleet-remote-clusters", defaultMode: 0o440 } });
    expect(objects.filter((o) => o.kind === "Role").map((r) => r.metadata.namespace)).toEqual(["ack-system", "ack-lambda"]);
    // The proxy secret given inline becomes a Secret, never a plain environment value.
    const secret = find(objects, "Secret") as unknown as { data: Record<string, string> };
    expect(Buffer.from(secret.data["proxy-secret"], "base64").toString()).toBe("0123456789abcdef0123456789abcdef-example");
    expect(JSON.stringify(find(objects, "Deployment"))).not.toContain("0123456789abcdef0123456789abcdef-example");
  });

  it("metrics on: a metrics port on the Service, a ServiceMonitor with the bearer token, the NetworkPolicy opens it to monitoring only", () => {
    const objects = render(h, { valuesFiles: ["metrics-values.yaml"] });
    const monitor = find(objects, "ServiceMonitor") as unknown as { spec: { endpoints: unknown[] } };
    expect(monitor.spec.endpoints).toEqual([
      { port: "metrics", path: "/metrics", interval: "30s", authorization: { type: "Bearer", credentials: { name: "fleet-metrics-token", key: "token" } } },
    ]);
    const service = find(objects, "Service") as unknown as { spec: { ports: Array<{ name: string; targetPort: string }> } };
    expect(service.spec.ports.map((p) => [p.name, p.targetPort])).toEqual([["http", "app"], ["metrics", "app"]]);
    const policy = find(objects, "NetworkPolicy") as unknown as { spec: { ingress: unknown[] } };
    expect(policy.spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: [{ port: "app", protocol: "TCP" }] }]);
    expect(objects.some((o) => o.kind === "PrometheusRule")).toBe(false);
    // The dashboard asks for the token the ServiceMonitor sends, from the same Secret.
    expect(envOf(objects).ACK_FLEET_METRICS_TOKEN).toEqual({ secretKeyRef: { name: "fleet-metrics-token", key: "token" } });
    expect(envOf(render(h, {})).ACK_FLEET_METRICS_TOKEN).toBeUndefined();
  });

  it("notifications: the webhooks' list comes from a Secret key, never from values in the ConfigMap", () => {
    const objects = render(h, { set: { "notifications.webhooksSecret.name": "fleet-webhooks" } });
    expect(envOf(objects).ACK_FLEET_WEBHOOKS).toEqual({ secretKeyRef: { name: "fleet-webhooks", key: "webhooks" } });
    expect(configOf(objects).ACK_FLEET_WEBHOOKS).toBeUndefined();
    expect(envOf(render(h, {})).ACK_FLEET_WEBHOOKS).toBeUndefined();
    expect(template(h, { set: { "notifications.webhooksSecret.url": "https://hooks.slack.com/services/x" } }).ok).toBe(false);
  });

  it("AWS roles per account become ACK_FLEET_AWS_ROLES, checked by the schema", () => {
    const role = { roleArn: "arn:aws:iam::111122223333:role/ack-fleet-reader", externalId: "fleet" };
    const objects = render(h, { setTyped: { "aws.roles.111122223333.roleArn": role.roleArn, "aws.roles.111122223333.externalId": role.externalId } });
    expect(JSON.parse(configOf(objects).ACK_FLEET_AWS_ROLES)).toEqual({ "111122223333": role });
    expect(configOf(render(h, {})).ACK_FLEET_AWS_ROLES).toBeUndefined();
    expect(template(h, { setTyped: { "aws.roles.1111.roleArn": role.roleArn } }).ok).toBe(false);
  });

  it("V8's heap limit sits well below the memory limit, and can be left to V8", () => {
    const objects = render(h, {});
    expect(envOf(objects).NODE_OPTIONS).toBe("--max-old-space-size=640");
    // The fleet benchmarks run the standalone server with what the chart renders (bench/fleet/chart-node-options.ts).
    expect(envOf(objects).NODE_OPTIONS).toBe(chartNodeOptions(path.join(__dirname, "..", "..")));
    expect((container(objects, "dashboard") as unknown as { resources: { limits: { memory: string } } }).resources.limits.memory).toBe("1Gi");
    expect(envOf(render(h, { setTyped: { nodeHeapMb: "1536" } })).NODE_OPTIONS).toBe("--max-old-space-size=1536");
    expect(envOf(render(h, { setTyped: { nodeHeapMb: "null" } })).NODE_OPTIONS).toBeUndefined();
    expect(template(h, { setTyped: { nodeHeapMb: "12" } }).ok).toBe(false);
  });

  it("leaves glibc's malloc arenas alone by default, caps them when asked, and the benchmarks run the server with exactly the chart's process settings", () => {
    const env = envOf(render(h, {}));
    expect(env.MALLOC_ARENA_MAX).toBeUndefined();
    // bench/fleet/run-size.ts gives the standalone server what bench/fleet/chart-node-options.ts reads from values.yaml.
    const bench = chartProcessEnv(path.join(__dirname, "..", ".."));
    expect({ NODE_OPTIONS: env.NODE_OPTIONS, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX }).toEqual(bench);
    expect(envOf(render(h, { setTyped: { mallocArenaMax: "4" } })).MALLOC_ARENA_MAX).toBe("4");
    expect(envOf(render(h, { setTyped: { mallocArenaMax: "null" } })).MALLOC_ARENA_MAX).toBeUndefined();
    expect(template(h, { setTyped: { mallocArenaMax: "0" } }).ok).toBe(false);
  });

  it("probe paths are values", () => {
    const objects = render(h, { valuesFiles: ["metrics-values.yaml"], set: { "probes.liveness.path": "/alive", "probes.readiness.path": "/ready" } });
    expect(container(objects, "dashboard").livenessProbe).toMatchObject({ httpGet: { path: "/alive" } });
    expect(container(objects, "dashboard").readinessProbe).toMatchObject({ httpGet: { path: "/ready" } });
  });

  it("refuses more than one replica unless the store is PostgreSQL", () => {
    const refused = template(h, { setTyped: { replicaCount: "2" } });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toContain("more than one replica needs store.type=postgres");
    const objects = render(h, { setTyped: { replicaCount: "3" }, set: { "store.type": "postgres", "store.postgres.existingSecret": "fleet-db" } });
    const deployment = find(objects, "Deployment") as unknown as { spec: { replicas: number; strategy?: unknown } };
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    const pdb = find(objects, "PodDisruptionBudget") as unknown as { spec: { maxUnavailable: number; selector: { matchLabels: Record<string, string> } } };
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.selector.matchLabels).toEqual((find(objects, "Deployment") as unknown as { spec: { selector: { matchLabels: Record<string, string> } } }).spec.selector.matchLabels);
    // One replica (or SQLite): no budget, which would block every drain.
    expect(render(h, {}).some((o) => o.kind === "PodDisruptionBudget")).toBe(false);
    expect(render(h, { set: { "store.type": "postgres", "store.postgres.existingSecret": "fleet-db" } }).some((o) => o.kind === "PodDisruptionBudget")).toBe(false);
    expect(envOf(objects).ACK_FLEET_STORE).toEqual({ secretKeyRef: { name: "fleet-db", key: "url" } });
    expect(objects.some((o) => o.kind === "PersistentVolumeClaim")).toBe(false);
  });

  it("passes the schema owner's URL as ACK_FLEET_STORE_OWNER from its Secret, only with PostgreSQL", () => {
    const pg = { "store.type": "postgres", "store.postgres.existingSecret": "fleet-db" };
    expect(envOf(render(h, { set: pg })).ACK_FLEET_STORE_OWNER).toBeUndefined();
    const objects = render(h, { set: { ...pg, "store.postgres.owner.existingSecret": "fleet-db-owner", "store.postgres.owner.key": "owner-url" } });
    expect(envOf(objects).ACK_FLEET_STORE_OWNER).toEqual({ secretKeyRef: { name: "fleet-db-owner", key: "owner-url" } });
    expect(envOf(render(h, { set: { ...pg, "store.postgres.owner.existingSecret": "fleet-db-owner" } })).ACK_FLEET_STORE_OWNER).toEqual({ secretKeyRef: { name: "fleet-db-owner", key: "url" } });
    const refused = template(h, { set: { "store.postgres.owner.existingSecret": "fleet-db-owner" } });
    expect(!refused.ok && refused.message).toContain("store.postgres.owner.existingSecret needs store.type=postgres");
    expect(template(h, { set: { ...pg, "store.postgres.owner.surprise": "x" } }).ok).toBe(false);
  });

  it("refuses combinations that cannot work, saying what to change", () => {
    const cases: Array<[Parameters<typeof template>[1], string]> = [
      [{ set: { "auth.mode": "proxy" } }, "auth.mode=proxy needs the proxy's shared secret"],
      [{ set: { "auth.mode": "proxy", "auth.proxy.secret": "too-short" } }, "at least 32 characters"],
      [{ setTyped: { "oauth2Proxy.enabled": "true" } }, "oauth2Proxy.enabled needs auth.mode=proxy"],
      [{ setTyped: { "ingress.enabled": "true" } }, "ingress.enabled needs auth.mode=proxy"],
      [{ setTyped: { "clusters.inCluster.enabled": "false" } }, "no cluster to watch"],
      [{ setTyped: { "metrics.serviceMonitor.enabled": "true" } }, "metrics.serviceMonitor.enabled needs auth.mode=proxy"],
      [{ valuesFiles: ["metrics-values.yaml"], set: { "metrics.serviceMonitor.bearerTokenSecret.name": "" } }, "needs metrics.serviceMonitor.bearerTokenSecret.name"],
    ];
    for (const [opts, message] of cases) {
      const r = template(h, opts);
      expect(r.ok, message).toBe(false);
      expect(!r.ok && r.message, message).toContain(message);
    }
    // A chart without its rules file (e.g. copied without following the link) says what is missing.
    const bare = chartWithRules(null);
    try {
      const r = template(h, { chartDir: bare.dir, setTyped: { "metrics.prometheusRule.enabled": "true" } });
      expect(!r.ok && r.message).toContain("link or copy deploy/prometheus/alerts.yml to files/alerts.yml");
    } finally {
      bare.remove();
    }
  });

  it("the schema rejects unknown keys and bad values", () => {
    const cases: Array<[Parameters<typeof template>[1], RegExp]> = [
      [{ set: { "auth.mode": "open" } }, /auth\/mode|auth\.mode/],
      [{ set: { replicas: "2" } }, /replicas/],
      [{ set: { "image.digest": "latest" } }, /digest/],
      [{ set: { "diagnosis.pendingTimeout": "ten minutes" } }, /pendingTimeout/],
      [{ set: { "publicUrl": "https://fleet.example.com/dashboard" } }, /publicUrl/],
      [{ setTyped: { "oauth2Proxy.port": "3000" } }, /oauth2Proxy\/port|oauth2Proxy\.port/],
      [{ set: { "rbac.impersonation.mode": "any" } }, /impersonation/],
    ];
    for (const [opts, pattern] of cases) {
      const r = template(h, opts);
      expect(r.ok, String(pattern)).toBe(false);
      expect(!r.ok && r.message, String(pattern)).toMatch(/schema/i);
      expect(!r.ok && r.message, String(pattern)).toMatch(pattern);
    }
  });

  it("renders the alert rules file as a PrometheusRule when it is in the chart", () => {
    const rule = { alert: "AckLambdaFunctionStuck", expr: 'max by (job) (ack_fleet_function_not_healthy_seconds{verdict="stuck"})', for: "1m", annotations: { summary: "{{ $labels.name }} is stuck" } };
    const chart = chartWithRules(JSON.stringify({ groups: [{ name: "ack-lambda-fleet.functions", rules: [rule] }] }));
    try {
      const objects = render(h, { chartDir: chart.dir, valuesFiles: [path.join(chart.dir, "ci", "metrics-values.yaml")], setTyped: { "metrics.prometheusRule.enabled": "true" } });
      expect((find(objects, "PrometheusRule") as unknown as { spec: unknown }).spec).toEqual({ groups: [{ name: "ack-lambda-fleet.functions", rules: [rule] }] });
      fs.writeFileSync(path.join(chart.dir, "files", "alerts.yml"), "just: text\n");
      const bad = template(h, { chartDir: chart.dir, setTyped: { "metrics.prometheusRule.enabled": "true" } });
      expect(!bad.ok && bad.message).toContain("is not a Prometheus rules file");
    } finally {
      chart.remove();
    }
  });

  it("carries the repository's alert rules (deploy/prometheus/alerts.yml, linked into files/) unchanged", () => {
    const text = fs.readFileSync(REPO_ALERT_RULES, "utf8");
    const objects = render(h, { setTyped: { "metrics.prometheusRule.enabled": "true" } });
    expect((find(objects, "PrometheusRule") as unknown as { spec: { groups: unknown } }).spec.groups).toEqual((parse(text) as { groups: unknown }).groups);
  });
});
