/**
 * Keys and certificates for a loopback kube-apiserver: a throw-away CA, a serving certificate
 * for 127.0.0.1/localhost signed by it (so clients verify TLS against `caFile` instead of
 * skipping verification), and the service-account signing key pair that kube-apiserver
 * requires since v1.20 (--service-account-signing-key-file / --service-account-key-file).
 * Node can make keys but not X.509 certificates, hence `openssl` (Debian package openssl).
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface ApiserverPki {
  caFile: string;
  servingCertFile: string;
  servingKeyFile: string;
  serviceAccountKeyFile: string;
  serviceAccountPubFile: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${args[0]} failed${stderr ? `: ${stderr}` : ""} (is openssl installed?)`);
  }
}

export function writeApiserverPki(dir: string): ApiserverPki {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p = (name: string) => path.join(dir, name);

  openssl(
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=realstack-ca",
      "-keyout", "ca.key", "-out", "ca.crt",
      "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
    dir,
  );
  fs.writeFileSync(
    p("serving.ext"),
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "",
    ].join("\n"),
  );
  openssl(
    ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=kube-apiserver",
      "-keyout", "serving.key", "-out", "serving.csr"],
    dir,
  );
  openssl(
    ["x509", "-req", "-in", "serving.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
      "-days", "2", "-extfile", "serving.ext", "-out", "serving.crt"],
    dir,
  );

  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  fs.writeFileSync(p("sa.key"), privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  fs.writeFileSync(p("sa.pub"), publicKey.export({ type: "spki", format: "pem" }));

  return {
    caFile: p("ca.crt"),
    servingCertFile: p("serving.crt"),
    servingKeyFile: p("serving.key"),
    serviceAccountKeyFile: p("sa.key"),
    serviceAccountPubFile: p("sa.pub"),
  };
}
