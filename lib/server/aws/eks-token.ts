import "server-only";
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

/**
 * A bearer token for an EKS cluster from the dashboard's own AWS identity, as `aws eks
 * get-token` makes it (and aws-iam-authenticator checks it, pkg/token/token.go): an STS
 * GetCallerIdentity request presigned with SigV4 for 60 s, with the cluster's name in the
 * signed header x-k8s-aws-id, URL base64-encoded (no padding) after "k8s-aws-v1.". The cluster
 * accepts it for 15 minutes after the signing time; make a new one well before. No `aws` CLI:
 * the image has none.
 */
export interface EksTokenInput {
  clusterName: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The signing time (default now). */
  signingDate?: Date;
}

export const EKS_TOKEN_PREFIX = "k8s-aws-v1.";
/** How long the API server accepts a token after its signing time (aws-iam-authenticator). */
export const EKS_TOKEN_LIFETIME_MS = 15 * 60_000;

/** SHA-256 (HMAC-SHA-256 with a key) for the signer, from node:crypto. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: SourceData): string | Uint8Array =>
  typeof d === "string" ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

class NodeSha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.h = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: SourceData): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

export async function eksToken(input: EksTokenInput): Promise<string> {
  const hostname = `sts.${input.region}.amazonaws.com`;
  const signer = new SignatureV4({ service: "sts", region: input.region, credentials: input.credentials, sha256: NodeSha256 });
  const signed = await signer.presign(
    {
      method: "GET",
      protocol: "https:",
      hostname,
      path: "/",
      query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
      headers: { host: hostname, "x-k8s-aws-id": input.clusterName },
    },
    { expiresIn: 60, signingDate: input.signingDate ?? new Date(), unhoistableHeaders: new Set(["x-k8s-aws-id"]) },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&");
  const url = `https://${hostname}/?${query}`;
  return EKS_TOKEN_PREFIX + Buffer.from(url).toString("base64url");
}
