/**
 * The layering rules of eslint.config.mjs hold: each forbidden import below fails lint with the
 * rule that forbids it, and the allowed ones pass. Linted through ESLint's Node API, as
 * `npm run lint` does, on probe files written where the rules look (a folder of their own,
 * removed after each case: the cycle rule reads files from disk).
 */
import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = __dirname;
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function lint(filePath: string, code: string): Promise<string[]> {
  const dir = path.join(ROOT, path.dirname(filePath), `.lint-probe-${process.pid}`);
  const file = path.join(dir, path.basename(filePath));
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(file, code.replace(/"\.\.\/\.\.\//g, '"../../../'));
    const [result] = await eslint.lintFiles([file]);
    return result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("layering lint", () => {
  it.each([
    ["lib/domain/probe.ts", 'import { serverApp } from "@/lib/server/holder";\nexport const x = serverApp;\n', "import/no-restricted-paths"],
    ["lib/domain/probe.ts", 'import { formatAge } from "@/lib/client/format";\nexport const x = formatAge;\n', "import/no-restricted-paths"],
    ["lib/domain/probe.ts", 'import fs from "node:fs";\nexport const x = fs;\n', "no-restricted-imports"],
    ["lib/domain/probe.ts", 'import { useState } from "react";\nexport const x = useState;\n', "no-restricted-imports"],
    ["lib/client/probe.ts", 'import { createServerApp } from "@/lib/server/app";\nexport const x = createServerApp;\n', "import/no-restricted-paths"],
    ["lib/server/probe.ts", 'import { useFleet } from "@/lib/client/fleet-store/use-fleet";\nexport const x = useFleet;\n', "import/no-restricted-paths"],
    ["lib/server/probe.ts", 'import { Badge } from "../../components/badge";\nexport const x = Badge;\n', "import/no-restricted-paths"],
    ["components/probe.tsx", 'import { serverApp } from "@/lib/server/holder";\nexport const x = serverApp;\n', "import/no-restricted-paths"],
    ["lib/server/probe.ts", 'import { startSimFleet } from "@/sim/fleet";\nexport const x = startSimFleet;\n', "import/no-restricted-paths"],
    ["app/probe.ts", 'import { makeRow } from "@/test/make-row";\nexport const x = makeRow;\n', "import/no-restricted-paths"],
  ])(
    "%s: %s fails with %s",
    async (file, code, rule) => {
      expect(await lint(file, code)).toContain(rule);
    },
    // Linting a file that imports the whole server (import/no-cycle walks its graph, typed rules
    // load its program) takes tens of seconds on a loaded 2-core machine.
    120_000,
  );

  it.each([
    ["lib/server/probe.ts", 'import { healthRank } from "@/lib/domain/health";\nexport const x = healthRank;\n'],
    ["lib/client/probe.ts", 'import { healthRank } from "@/lib/domain/health";\nexport const x = healthRank;\n'],
    ["components/probe.tsx", 'import { formatAge } from "@/lib/client/format";\nexport const x = formatAge;\n'],
    ["lib/server/probe.test.ts", 'import { startSimFleet } from "@/sim/fleet";\nexport const x = startSimFleet;\n'],
  ])("%s may import %s", async (file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });

  describe("import cycles", () => {
    const dir = path.join(ROOT, "lib", "server", `.lint-cycle-probe-${process.pid}`);
    beforeAll(() => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = () => b;\n');
      fs.writeFileSync(path.join(dir, "b.ts"), 'import { a } from "./a";\nexport const b = () => a;\n');
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("fail lint", async () => {
      const [result] = await eslint.lintFiles([path.join(dir, "a.ts")]);
      expect(result.messages.map((m) => m.ruleId)).toContain("import/no-cycle");
    });
  });
});
