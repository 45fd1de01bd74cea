import next from "eslint-config-next";

const config = [
  ...next,
  {
    ignores: [".next/**", "node_modules/**", ".cache/**", "tmp/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    // Layering (style.md): lib/domain imports nothing of ours; client code never imports lib/server; sim only from tests and scripts.
    files: ["lib/domain/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/lib/server/*", "@/sim/*", "@/components/*", "@/app/*", "../server/*", "../../sim/*"] }],
    },
  },
  {
    // Product code, the CLI included (cli/, bin/): the simulated fleet is for tests and scripts only.
    files: ["lib/**", "app/**", "components/**", "cli/**", "bin/**"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/sim/*", "**/sim/*"] }],
    },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/lib/server/*", "@/sim/*"] }],
    },
  },
];
export default config;
