import next from "eslint-config-next";

/**
 * Next's rules, and the layers of the code made rules (docs/architecture.md, "Layers"):
 *   lib/domain    pure: imports nothing of ours, no Node built-in, no React, no Next.js;
 *   lib/server    server only: never lib/client, components or app;
 *   lib/client    browser only: never lib/server, components or app;
 *   components    never lib/server or app;
 *   cli, bin      the domain and the server's adapters, never lib/client, components or app;
 *   app, lib, components, cli, bin, proxy.ts, instrumentation*.ts  never the simulator, test helpers,
 *                 scripts, e2e, bench, conformance or realstack (tests may);
 *   no import cycle in the application code.
 * Each rule is set once, in one block whose files no other block sets it for: a later block
 * never silently replaces an earlier one (eslint --print-config lib/domain/x.ts shows them).
 */
const TESTS = ["**/*.test.ts", "**/*.test.tsx", "**/__fixtures__/**"];
const APP_CODE = ["lib/**", "app/**", "components/**", "cli/**", "bin/**", "proxy.ts", "instrumentation.ts", "instrumentation-client.ts"];
const NOT_APP = ["sim", "test", "e2e", "scripts", "bench", "conformance", "realstack"];

const layers = [
  { target: "./lib/domain", from: ["./lib/server", "./lib/client", "./components", "./app"], message: "lib/domain is pure: it imports nothing of the server, the client or the UI." },
  { target: "./lib/server", from: ["./lib/client", "./components", "./app"], message: "lib/server never imports browser code or the app." },
  { target: "./lib/client", from: ["./lib/server", "./components", "./app"], message: "lib/client never imports lib/server (server-only) or the UI." },
  { target: "./components", from: ["./lib/server", "./app"], message: "components never import lib/server (server-only) or app." },
];
// The CLI's own code (its tests may drive the dashboard's route handlers).
const cli = { target: ["./cli", "./bin"], from: ["./lib/client", "./components", "./app"], message: "the CLI reuses the domain and the server's adapters, never the browser code or the app." };
const notFromTestCode = NOT_APP.map((dir) => ({ target: APP_CODE.map((g) => `./${g.replace("/**", "")}`), from: `./${dir}`, message: `application code never imports ${dir}/ (only tests and scripts do).` }));

const config = [
  ...next,
  {
    ignores: [".next/**", "node_modules/**", ".cache/**", "tmp/**", "test-results/**", "playwright-report/**", "next-env.d.ts", ".sim/**"],
  },
  {
    files: APP_CODE,
    ignores: TESTS,
    rules: {
      "import/no-restricted-paths": ["error", { basePath: import.meta.dirname, zones: [...layers, cli, ...notFromTestCode] }],
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    // Tests keep to the layers of what they test, and may use the simulator and test helpers.
    files: TESTS.map((t) => `{lib,app,components,cli}/${t}`),
    rules: {
      "import/no-restricted-paths": ["error", { basePath: import.meta.dirname, zones: layers }],
    },
  },
  {
    files: ["lib/domain/**"],
    ignores: TESTS,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^(node:.*|fs|path|os|http|https|net|crypto|child_process|worker_threads)$", message: "lib/domain has no I/O: no Node built-in." },
            { regex: "^(react|react-dom|next|next/.*|server-only|@tanstack/.*|@kubernetes/.*|@aws-sdk/.*|better-sqlite3)$", message: "lib/domain depends on no framework and no adapter." },
          ],
        },
      ],
    },
  },
  {
    // The server bundles KubeConfig's module alone (lib/server/kube/kubeconfig.ts): a value import
    // of the package's index would bring back every API client and model at each start.
    files: ["lib/server/**", "instrumentation.ts"],
    ignores: TESTS,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@kubernetes/client-node", allowTypeImports: true, message: "import KubeConfig from @kubernetes/client-node/dist/config.js (types from the index are fine)." },
          ],
        },
      ],
    },
  },
];
export default config;
