/**
 * Just enough of Kubernetes' protobuf wire format to read the access-review requests kubectl's
 * typed clients send as application/vnd.kubernetes.protobuf (`kubectl auth can-i`,
 * `kubectl auth whoami`). Envelope: magic "k8s\0" + runtime.Unknown{typeMeta, raw}
 * (k8s.io/apimachinery/pkg/runtime/serializer/protobuf); field numbers from
 * k8s.io/api/authorization/v1/generated.proto. Replies are JSON, which those clients accept.
 */
import { errors } from "./status";

type Fields = Map<number, Array<Buffer | number>>;

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error("truncated varint");
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [result, pos];
    shift += 7;
    if (shift > 63) throw new Error("varint too long");
  }
}

/** Decodes one message level: field number -> values (Buffers for length-delimited, numbers for varints). */
function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    let key: number;
    [key, pos] = readVarint(buf, pos);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    let value: Buffer | number;
    if (wire === 0) [value, pos] = readVarint(buf, pos);
    else if (wire === 2) {
      let n: number;
      [n, pos] = readVarint(buf, pos);
      if (pos + n > buf.length) throw new Error("truncated field");
      value = buf.subarray(pos, pos + n);
      pos += n;
    } else if (wire === 1) {
      value = buf.readDoubleLE(pos);
      pos += 8;
    } else if (wire === 5) {
      value = buf.readFloatLE(pos);
      pos += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

const str = (f: Fields, n: number) => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? v.toString("utf8") : undefined;
};
const msg = (f: Fields, n: number) => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? fields(v) : undefined;
};

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

function resourceAttributes(f: Fields | undefined) {
  if (!f) return undefined;
  const [namespace, verb, group, version, resource, subresource, name] = [1, 2, 3, 4, 5, 6, 7].map((n) => str(f, n));
  return { namespace, verb, group, version, resource, subresource, name };
}

function nonResourceAttributes(f: Fields | undefined) {
  return f ? { path: str(f, 1), verb: str(f, 2) } : undefined;
}

/** Decodes a protobuf access review into the JSON shape answerReview() takes. */
export function decodeReviewProtobuf(raw: Buffer): Record<string, unknown> {
  try {
    if (raw.length < 4 || !raw.subarray(0, 4).equals(MAGIC)) throw new Error("missing k8s protobuf magic");
    const unknown = fields(raw.subarray(4));
    const typeMeta = msg(unknown, 1);
    const kind = typeMeta ? str(typeMeta, 2) : undefined;
    const apiVersion = typeMeta ? str(typeMeta, 1) : undefined;
    const objBytes = unknown.get(2)?.[0];
    const obj = Buffer.isBuffer(objBytes) ? fields(objBytes) : new Map();
    const spec = msg(obj, 2);
    if (kind === "SelfSubjectReview" || !spec) return { kind, apiVersion };
    const out: Record<string, unknown> = {
      resourceAttributes: resourceAttributes(msg(spec, 1)),
      nonResourceAttributes: nonResourceAttributes(msg(spec, 2)),
    };
    if (kind === "SubjectAccessReview" || kind === "LocalSubjectAccessReview") {
      out.user = str(spec, 3);
      out.groups = (spec.get(4) ?? []).filter(Buffer.isBuffer).map((b) => b.toString("utf8"));
      out.uid = str(spec, 6);
    }
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
    return { kind, apiVersion, spec: out };
  } catch (e) {
    throw errors.badRequest(`the object provided is unrecognized: protobuf decoding failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
