/**
 * helm lint / helm template of the chart, with the rendered objects parsed: what the chart tests
 * assert on and apply to a real kube-apiserver.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { CHART_DIR, DEPLOY_DIR } from "../tools";

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export interface RenderOptions {
  release?: string;
  namespace?: string;
  /** Files under the chart's ci/ folder or absolute paths. */
  valuesFiles?: string[];
  /** --set-string key=value pairs. */
  set?: Record<string, string>;
  /** --set (typed: numbers, booleans, lists) key=value pairs. */
  setTyped?: Record<string, string>;
  kubeVersion?: string;
  chartDir?: string;
}

export type HelmResult = { ok: true; stdout: string } | { ok: false; message: string };

function valuesArgs(opts: RenderOptions): string[] {
  const chart = opts.chartDir ?? CHART_DIR;
  const args: string[] = [];
  for (const f of opts.valuesFiles ?? []) args.push("-f", path.isAbsolute(f) ? f : path.join(chart, "ci", f));
  for (const [k, v] of Object.entries(opts.set ?? {})) args.push("--set-string", `${k}=${v}`);
  for (const [k, v] of Object.entries(opts.setTyped ?? {})) args.push("--set", `${k}=${v}`);
  return args;
}

export function runHelm(helm: string, args: string[]): HelmResult {
  const r = spawnSync(helm, args, { encoding: "utf8", timeout: 60_000 });
  if (r.status === 0) return { ok: true, stdout: r.stdout };
  return { ok: false, message: `${r.stderr}${r.stdout}`.trim() || `helm exited with ${r.status ?? r.signal}` };
}

export function lint(helm: string, opts: RenderOptions = {}): HelmResult {
  return runHelm(helm, ["lint", "--strict", opts.chartDir ?? CHART_DIR, ...valuesArgs(opts)]);
}

/** `helm template`: the YAML text, or helm's error (a schema violation or a `fail`). */
export function template(helm: string, opts: RenderOptions = {}): HelmResult {
  const args = ["template", opts.release ?? "fleet", opts.chartDir ?? CHART_DIR, "--namespace", opts.namespace ?? "fleet", ...valuesArgs(opts)];
  if (opts.kubeVersion) args.push("--kube-version", opts.kubeVersion);
  return runHelm(helm, args);
}

export function parseObjects(yamlText: string): K8sObject[] {
  return parseAllDocuments(yamlText)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null && typeof o === "object" && typeof o.kind === "string");
}

/** Renders and parses; throws helm's message when it refuses. */
export function render(helm: string, opts: RenderOptions = {}): K8sObject[] {
  const r = template(helm, opts);
  if (!r.ok) throw new Error(`helm template failed: ${r.message}`);
  return parseObjects(r.stdout);
}

export function find(objects: K8sObject[], kind: string, nameSuffix = ""): K8sObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name.endsWith(nameSuffix));
  if (found.length !== 1) throw new Error(`expected one ${kind}${nameSuffix ? ` named *${nameSuffix}` : ""}, found ${found.length}`);
  return found[0];
}

/** The values sets documented in ci/ (every file the chart ships there). */
export function ciValuesFiles(chartDir = CHART_DIR): string[] {
  return fs.readdirSync(path.join(chartDir, "ci")).filter((f) => f.endsWith("-values.yaml")).sort();
}

/** The alert rules another part of the repository keeps (deploy/prometheus/alerts.yml), if any. */
export const REPO_ALERT_RULES = path.join(DEPLOY_DIR, "prometheus", "alerts.yml");

/**
 * A copy of the chart whose files/alerts.yml holds these rules (`null`: no rules file at all);
 * remove() deletes it. The copy takes the linked rules file's content, never the link: a test
 * that writes into the copy must not write through the link into deploy/prometheus/alerts.yml.
 */
export function chartWithRules(rules: string | null): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chart-rules-"));
  fs.cpSync(CHART_DIR, dir, { recursive: true, dereference: true });
  const file = path.join(dir, "files", "alerts.yml");
  fs.rmSync(file, { force: true });
  if (rules !== null) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, rules);
  }
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
