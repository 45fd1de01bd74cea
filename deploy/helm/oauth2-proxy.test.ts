/**
 * The chart's oauth2-proxy sidecar, run for real: the oauth2-proxy release of the chart's image
 * tag (built by scripts/deploy-tools-build.sh) with the alpha configuration, arguments and
 * environment the chart renders for ci/proxy-oauth2-values.yaml, against an OpenID provider
 * served on loopback by the test and a recording upstream in the dashboard's place. A signed-in
 * request (an ID token as bearer, the only change to the chart's arguments: no browser here) must
 * reach the upstream with the user, email, groups and the shared secret, and whatever a client
 * sent in those headers must be dropped; anything else must never reach it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runnableOrReport } from "../test-support";
import { CHART_DIR, findHelm, findOauth2Proxy, readToolVersions } from "../tools";
import { find, render } from "./render";

const helm = findHelm();
const oauth2Proxy = findOauth2Proxy();
const runnable = runnableOrReport("oauth2-proxy sidecar", [
  helm ? null : "helm is not built (scripts/deploy-tools-build.sh)",
  oauth2Proxy ? null : "oauth2-proxy is not built (scripts/deploy-tools-build.sh)",
].filter((p): p is string => p !== null));

const PROXY_SECRET = "the-shared-secret-of-this-test-0123456789";
const CLIENT_ID = "ack-lambda-fleet";

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");
function signJwt(key: KeyObject, claims: Record<string, unknown>): string {
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "test-key" }));
  const body = b64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(signature)}`;
}

function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string; port: number }> {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ server, url: `http://127.0.0.1:${port}`, port });
    });
  });
}

describe.skipIf(!runnable)("oauth2-proxy sidecar as the chart configures it", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const servers: http.Server[] = [];
  let proxy: ChildProcess | undefined;
  let dir = "";
  let proxyUrl = "";
  let issuer = "";
  const seen: http.IncomingHttpHeaders[] = [];

  const token = (claims: Record<string, unknown> = {}, key: KeyObject = privateKey) => {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(key, {
      iss: issuer, aud: CLIENT_ID, sub: "alice-0001", iat: now, exp: now + 600,
      email: "alice@example.com", email_verified: true, groups: ["platform-operators", "platform-viewers"],
      ...claims,
    });
  };
  /** A request with identity headers a client must not be able to set. */
  const forged = { "X-Forwarded-User": "mallory", "X-Forwarded-Email": "mallory@example.com", "X-Forwarded-Groups": "system:masters", "X-Ack-Fleet-Proxy-Secret": "forged" };
  const get = (headers: Record<string, string>) => fetch(`${proxyUrl}/api/me`, { headers, redirect: "manual" });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "oauth2-proxy-"));
    // The identity provider: OpenID discovery and the key that signs the ID tokens.
    const idp = await listen((req, res) => {
      const jwk = { ...publicKey.export({ format: "jwk" }), kid: "test-key", alg: "RS256", use: "sig" };
      const docs: Record<string, unknown> = {
        "/.well-known/openid-configuration": {
          issuer, jwks_uri: `${issuer}/jwks`, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`,
          id_token_signing_alg_values_supported: ["RS256"], response_types_supported: ["code"], subject_types_supported: ["public"],
        },
        "/jwks": { keys: [jwk] },
      };
      const doc = docs[req.url ?? ""];
      res.writeHead(doc ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(doc ?? {}));
    });
    issuer = idp.url;
    // In the dashboard's place: records what reaches it.
    const upstream = await listen((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { "content-type": "text/plain" }).end("upstream");
    });
    servers.push(idp.server, upstream.server);

    fs.writeFileSync(path.join(dir, "client-secret"), "client-secret-of-this-test", { mode: 0o600 });
    const override = path.join(dir, "values.yaml");
    fs.writeFileSync(override, stringify({
      oauth2Proxy: {
        providers: [{
          id: "sso", provider: "oidc", clientID: CLIENT_ID, clientSecretFile: path.join(dir, "client-secret"),
          oidcConfig: { issuerURL: issuer, emailClaim: "email", groupsClaim: "groups", audienceClaims: ["aud"] },
        }],
      },
    }));
    const objects = render(helm!, { valuesFiles: ["proxy-oauth2-values.yaml", override] });
    const sidecar = (find(objects, "Deployment") as unknown as { spec: { template: { spec: { containers: Array<{ name: string; image: string; args: string[]; env: Array<{ name: string }> }> } } } })
      .spec.template.spec.containers.find((c) => c.name === "oauth2-proxy")!;
    expect(sidecar.image).toBe(`quay.io/oauth2-proxy/oauth2-proxy:${readToolVersions().oauth2Proxy}`);
    const alpha = (find(objects, "ConfigMap", "oauth2-proxy") as unknown as { data: Record<string, string> }).data["alpha-config.yaml"];

    // The pod's addresses become loopback ports here; nothing else of the chart's output changes.
    const proxyServer = await listen(() => {});
    const proxyPort = proxyServer.port;
    await new Promise((r) => proxyServer.server.close(r));
    expect(alpha).toContain('bindAddress: "0.0.0.0:4180"');
    expect(alpha).toContain('uri: "http://127.0.0.1:3000"');
    const config = path.join(dir, "alpha-config.yaml");
    fs.writeFileSync(config, alpha.replace('"0.0.0.0:4180"', `"127.0.0.1:${proxyPort}"`).replace('"http://127.0.0.1:3000"', `"${upstream.url}"`));
    const args = sidecar.args.map((a) => (a.startsWith("--alpha-config=") ? `--alpha-config=${config}` : a));
    expect(args).toContain(`--alpha-config=${config}`);
    expect(sidecar.env.map((e) => e.name).sort()).toEqual(["ACK_FLEET_PROXY_SECRET", "OAUTH2_PROXY_COOKIE_SECRET"]);

    const env = { ...process.env, OAUTH2_PROXY_COOKIE_SECRET: "0123456789abcdef0123456789abcdef", ACK_FLEET_PROXY_SECRET: PROXY_SECRET };
    const child = spawn(oauth2Proxy!, [...args, "--skip-jwt-bearer-tokens=true"], { env, stdio: ["ignore", "pipe", "pipe"] });
    proxy = child;
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    proxyUrl = `http://127.0.0.1:${proxyPort}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`oauth2-proxy exited (${child.exitCode}) with the chart's configuration:\n${output}`);
      const ok = await fetch(`${proxyUrl}/ping`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`oauth2-proxy did not answer /ping within 30 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 60_000);

  afterAll(async () => {
    proxy?.kill("SIGKILL");
    for (const s of servers) await new Promise((r) => s.close(r));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lets nothing through without a sign-in, whatever headers the client sends", async () => {
    const res = await get(forged);
    expect([302, 401, 403]).toContain(res.status);
    expect(seen).toEqual([]);
  });

  it("forwards a signed-in user with the user, email, groups and shared secret it derived, never the client's", async () => {
    const res = await get({ ...forged, Authorization: `Bearer ${token()}` });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("upstream");
    expect(seen).toHaveLength(1);
    const h = seen[0];
    expect(h["x-ack-fleet-proxy-secret"]).toBe(PROXY_SECRET);
    expect(h["x-forwarded-email"]).toBe("alice@example.com");
    // The "user" claim of an OIDC session is the subject (sub): with auth.proxy.username=user
    // that is the Kubernetes user name; `email` picks X-Forwarded-Email instead.
    expect(h["x-forwarded-user"]).toBe("alice-0001");
    expect(String(h["x-forwarded-groups"]).split(",").map((g) => g.trim())).toEqual(["platform-operators", "platform-viewers"]);
    expect(JSON.stringify(h)).not.toMatch(/mallory|system:masters|forged/);
  });

  it("refuses a token from another key, or of a user outside the allowed email domain", async () => {
    const before = seen.length;
    const { privateKey: otherKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    expect([302, 401, 403]).toContain((await get({ Authorization: `Bearer ${token({}, otherKey)}` })).status);
    expect([302, 401, 403]).toContain((await get({ Authorization: `Bearer ${token({ email: "eve@elsewhere.example" })}` })).status);
    expect(seen.length).toBe(before);
  });

  it("is the chart's own sidecar: same version as its default image tag", () => {
    const values = fs.readFileSync(path.join(CHART_DIR, "values.yaml"), "utf8");
    expect(values).toContain(`tag: ${readToolVersions().oauth2Proxy}`);
  });
});
