import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FINGERPRINT_FILE, buildInputs, buildState, completeStandalone, sourceFingerprint } from "./production-build";

let root: string;
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
const recordBuild = () => {
  write(".next/BUILD_ID", "abc");
  write(".next/standalone/server.js", "");
  write(`.next/${FINGERPRINT_FILE}`, JSON.stringify({ fingerprint: sourceFingerprint(root) }));
};

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "prod-build-"));
  write("app/page.tsx", "export default function Page() { return null; }");
  write("lib/domain/rule.ts", "export const x = 1;");
  write("lib/domain/rule.test.ts", "test");
  write("lib/domain/__fixtures__/case.json", "{}");
  write("next.config.js", "module.exports = {};");
  write("README.md", "docs");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("production build freshness", () => {
  it("takes sources and build settings, not tests, fixtures or docs", () => {
    expect(buildInputs(root)).toEqual(["app/page.tsx", "lib/domain/rule.ts", "next.config.js"]);
  });

  it("says why a build is needed: none, not ours, sources changed", () => {
    expect(buildState(root)).toEqual({ fresh: false, why: "no production build yet" });
    write(".next/BUILD_ID", "abc");
    expect(buildState(root)).toEqual({ fresh: false, why: "the production build has no standalone server" });
    write(".next/standalone/server.js", "");
    expect(buildState(root)).toMatchObject({ fresh: false, why: expect.stringContaining("no fingerprint") });
    recordBuild();
    expect(buildState(root)).toEqual({ fresh: true });
    write("lib/domain/rule.ts", "export const x = 2;");
    expect(buildState(root)).toEqual({ fresh: false, why: "the sources changed since the last production build" });
  });

  it("is not made stale by a test, a fixture or an unchanged rewrite", () => {
    recordBuild();
    write("lib/domain/rule.test.ts", "another test");
    write("lib/domain/__fixtures__/case.json", "{\"a\":1}");
    write("app/page.tsx", "export default function Page() { return null; }");
    expect(buildState(root)).toEqual({ fresh: true });
  });

  it("is made stale by a new source file, a removed one, or a build setting", () => {
    recordBuild();
    write("components/new.tsx", "export {}");
    expect(buildState(root).fresh).toBe(false);
    fs.rmSync(path.join(root, "components/new.tsx"));
    expect(buildState(root).fresh).toBe(true);
    write("next.config.js", "module.exports = { poweredByHeader: false };");
    expect(buildState(root).fresh).toBe(false);
  });
});

describe("standalone server", () => {
  it("gets the browser assets and public files beside server.js, replacing those of an earlier build", () => {
    write(".next/static/chunks/app.js", "new");
    write("public/robots.txt", "User-agent: *");
    write(".next/standalone/server.js", "");
    write(".next/standalone/.next/static/chunks/old.js", "old");
    completeStandalone(root);
    const standalone = path.join(root, ".next/standalone");
    expect(fs.readFileSync(path.join(standalone, ".next/static/chunks/app.js"), "utf8")).toBe("new");
    expect(fs.existsSync(path.join(standalone, ".next/static/chunks/old.js"))).toBe(false);
    expect(fs.readFileSync(path.join(standalone, "public/robots.txt"), "utf8")).toBe("User-agent: *");
  });
});
