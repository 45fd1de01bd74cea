import { KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { eksToken } from "../aws/eks-token";
import { eksTargetOf, serveEksTokens } from "./eks-auth";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

/** A kubeconfig as `aws eks update-kubeconfig` writes it, plus a user of another exec plugin. */
function kubeconfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "eks", server: "https://ABC.gr7.eu-west-1.eks.amazonaws.com", skipTLSVerify: false }],
    users: [
      { name: "eks-user", exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["--region", "eu-west-1", "eks", "get-token", "--cluster-name", "prod-eu", "--output", "json"] } },
      { name: "other", exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token"] } },
    ],
    contexts: [
      { name: "prod-eu", cluster: "eks", user: "eks-user" },
      { name: "other", cluster: "eks", user: "other" },
    ],
    currentContext: "prod-eu",
  });
  return kc;
}

describe("EKS tokens without the aws CLI", () => {
  it("recognises aws eks get-token users, and only those", () => {
    const kc = kubeconfig();
    expect(eksTargetOf(kc.users[0])).toEqual({ cluster: "prod-eu", region: "eu-west-1" });
    expect(eksTargetOf(kc.users[1])).toBeNull();
    expect(eksTargetOf({ name: "x", exec: { command: "/usr/local/bin/aws", args: ["eks", "get-token", "--cluster-id=abc"], env: [{ name: "AWS_REGION", value: "us-east-1" }] } } as never)).toEqual({ cluster: "abc", region: "us-east-1" });
  });

  it("sends the dashboard's own token for that user, made again only after a third of its lifetime", async () => {
    const kc = kubeconfig();
    let t = Date.parse("2026-01-02T03:04:05Z");
    let asked = 0;
    expect(serveEksTokens(kc, async () => (asked++, credentials), () => t)).toBe(1);
    const auth = async () => {
      const opts: { headers?: Record<string, string> } = {};
      await kc.applyToHTTPSOptions(opts as never);
      return opts.headers?.Authorization;
    };
    const expected = await eksToken({ clusterName: "prod-eu", region: "eu-west-1", credentials, signingDate: new Date(t) });
    expect(await auth()).toBe(`Bearer ${expected}`);
    t += 4 * 60_000;
    expect(await auth()).toBe(`Bearer ${expected}`);
    expect(asked).toBe(1);
    t += 2 * 60_000;
    expect(await auth()).not.toBe(`Bearer ${expected}`);
    expect(asked).toBe(2);
    // The other exec plugin is left to client-node.
    expect(kc.users[1].exec).toBeDefined();
  });

  it("without given credentials, takes them from the SDK's default chain, loaded when the first token is made", async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, session: process.env.AWS_SESSION_TOKEN };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey });
    delete process.env.AWS_SESSION_TOKEN;
    try {
      const kc = kubeconfig();
      const t = Date.parse("2026-01-02T03:04:05Z");
      expect(serveEksTokens(kc, undefined, () => t)).toBe(1);
      const opts: { headers?: Record<string, string> } = {};
      await kc.applyToHTTPSOptions(opts as never);
      const expected = await eksToken({ clusterName: "prod-eu", region: "eu-west-1", credentials, signingDate: new Date(t) });
      expect(opts.headers?.Authorization).toBe(`Bearer ${expected}`);
    } finally {
      for (const [k, v] of [["AWS_ACCESS_KEY_ID", saved.id], ["AWS_SECRET_ACCESS_KEY", saved.secret], ["AWS_SESSION_TOKEN", saved.session]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
