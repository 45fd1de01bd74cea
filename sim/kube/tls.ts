/**
 * A self-signed X.509 certificate for the simulator's optional HTTPS mode, built with
 * node:crypto and a minimal DER encoder (no dependency, no openssl binary).
 *
 * Why HTTPS at all: kubectl (client-go clientcmd, DirectClientConfig.ClientConfig) only reads the
 * user's credentials from the kubeconfig when the server URL is https ("only try to read the
 * auth information if we are secure"), so against a plain-http server it sends no token.
 * The certificate is its own CA (basicConstraints CA:true) with SANs 127.0.0.1, ::1 and
 * localhost, ECDSA P-256 / SHA-256, valid for 10 years.
 */
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), len(content.length), content]);
}

const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);
const octets = (b: Buffer) => tlv(0x04, b);
const bitString = (b: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, "utf8"));

function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map(Number);
  const out = [40 * parts[0] + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = p >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function integer(b: Buffer): Buffer {
  const positive = b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
  return tlv(0x02, positive);
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, "0");
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, "ascii"));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

export interface SelfSignedCert {
  certPem: string;
  keyPem: string;
}

export function selfSignedCert(commonName = "kube-api-sim"): SelfSignedCert {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const sigAlg = seq(oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
  const name = seq(set(seq(oid("2.5.4.3"), utf8(commonName))));
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  serial[0] |= 0x01;
  const now = Date.now();
  const san = seq(
    tlv(0x87, Buffer.from([127, 0, 0, 1])), // iPAddress
    tlv(0x87, Buffer.concat([Buffer.alloc(15), Buffer.from([1])])), // ::1
    tlv(0x82, Buffer.from("localhost", "ascii")), // dNSName
  );
  const extensions = seq(
    extension("2.5.29.19", true, seq(bool(true))), // basicConstraints CA:true
    extension("2.5.29.15", true, bitString(Buffer.from([0x84]), 2)), // keyUsage digitalSignature, keyCertSign
    extension("2.5.29.37", false, seq(oid("1.3.6.1.5.5.7.3.1"))), // extKeyUsage serverAuth
    extension("2.5.29.17", false, san), // subjectAltName
  );
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    sigAlg,
    name,
    seq(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + 10 * 365 * 24 * 3600_000))),
    name,
    spki,
    explicit(3, extensions),
  );
  const signature = sign("sha256", tbs, privateKey); // DER-encoded ECDSA signature
  const der = seq(tbs, sigAlg, bitString(signature));
  const b64 = der.toString("base64").replace(/(.{64})/g, "$1\n").trim();
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  };
}
