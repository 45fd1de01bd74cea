/**
 * Label and field selectors with the grammar of k8s.io/apimachinery/pkg/labels and
 * pkg/fields: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a` for labels;
 * `f=v`, `f==v`, `f!=v` for fields. Parse errors become 400 BadRequest.
 */
import { errors } from "./status";

type LabelOp = "=" | "!=" | "in" | "notin" | "exists" | "!exists" | "gt" | "lt";
export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}
export type LabelSelector = LabelRequirement[];

/** Splits on top-level commas (commas inside `( )` belong to a set). */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim());
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function badLabel(req: string, why: string) {
  return errors.badRequest(`unable to parse requirement: ${why} (in "${req}")`);
}

function checkKey(key: string, req: string): string {
  if (!LABEL_KEY.test(key) || key.length > 317) throw badLabel(req, `invalid label key "${key}"`);
  return key;
}

function checkValue(v: string, req: string): string {
  if (v.length > 63 || !LABEL_VALUE.test(v)) throw badLabel(req, `invalid label value: "${v}"`);
  return v;
}

export function parseLabelSelector(raw: string | null | undefined): LabelSelector {
  if (!raw || !raw.trim()) return [];
  const reqs: LabelSelector = [];
  for (const part of splitTopLevel(raw)) {
    if (part === "") throw badLabel(raw, "empty requirement");
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^!\s*([^\s=!<>(),]+)$/))) {
      reqs.push({ key: checkKey(m[1], part), op: "!exists", values: [] });
    } else if ((m = part.match(/^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$/))) {
      const values = m[3].split(",").map((v) => checkValue(v.trim(), part));
      reqs.push({ key: checkKey(m[1], part), op: m[2] as LabelOp, values });
    } else if ((m = part.match(/^([^\s=!<>(),]+)\s*(==|=|!=)\s*([^\s=!<>(),]*)$/))) {
      reqs.push({ key: checkKey(m[1], part), op: m[2] === "!=" ? "!=" : "=", values: [checkValue(m[3], part)] });
    } else if ((m = part.match(/^([^\s=!<>(),]+)\s*([<>])\s*(-?\d+)$/))) {
      reqs.push({ key: checkKey(m[1], part), op: m[2] === ">" ? "gt" : "lt", values: [m[3]] });
    } else if ((m = part.match(/^([^\s=!<>(),]+)$/))) {
      reqs.push({ key: checkKey(m[1], part), op: "exists", values: [] });
    } else {
      throw badLabel(raw, `cannot parse "${part}"`);
    }
  }
  return reqs;
}

export function matchesLabels(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return sel.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case "=":
        return has && v === r.values[0];
      case "!=":
        return !has || v !== r.values[0];
      case "in":
        return has && r.values.includes(v);
      case "notin":
        return !has || !r.values.includes(v);
      case "exists":
        return has;
      case "!exists":
        return !has;
      case "gt":
        return has && /^-?\d+$/.test(v) && Number(v) > Number(r.values[0]);
      case "lt":
        return has && /^-?\d+$/.test(v) && Number(v) < Number(r.values[0]);
    }
  });
}

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}
export type FieldSelector = FieldRequirement[];

/** Splits on commas not escaped with a backslash (fields.ParseSelector). */
function splitEscaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && i + 1 < s.length) {
      cur += s[i] + s[i + 1];
      i++;
    } else if (s[i] === sep) {
      out.push(cur);
      cur = "";
    } else cur += s[i];
  }
  out.push(cur);
  return out;
}

const unescapeField = (s: string) => s.replace(/\\(.)/g, "$1");

/**
 * `allowed` names the fields this resource supports (for custom resources without
 * selectableFields only metadata.name and metadata.namespace); anything else is a 400 worded as
 * kube-apiserver v1.37 words it for built-in kinds and custom resources alike
 * (conformance/kube/reads.ts).
 */
export function parseFieldSelector(raw: string | null | undefined, allowed: readonly string[]): FieldSelector {
  if (!raw || !raw.trim()) return [];
  const reqs: FieldSelector = [];
  for (const part of splitEscaped(raw, ",")) {
    const m = part.match(/^([^=!]+?)\s*(==|!=|=)(.*)$/);
    if (!m) throw errors.badRequest(`invalid field selector: "${part}": expected an operator (=, ==, !=)`);
    const field = m[1].trim();
    if (!allowed.includes(field)) {
      throw errors.badRequest(`field label not supported: ${field}`);
    }
    reqs.push({ field, op: m[2] === "!=" ? "!=" : "=", value: unescapeField(m[3]) });
  }
  return reqs;
}

export function matchesFields(sel: FieldSelector, fields: Record<string, string>): boolean {
  return sel.every((r) => ((fields[r.field] ?? "") === r.value) === (r.op === "="));
}

/** The single object name a selector pins, used for `resourceNames` in authorisation. */
export function pinnedName(sel: FieldSelector): string | undefined {
  return sel.find((r) => r.field === "metadata.name" && r.op === "=")?.value;
}
