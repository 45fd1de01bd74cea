/**
 * `npx tsx scripts/realstack.ts` (npm run realstack): starts the real stack (etcd,
 * kube-apiserver with the ACK CRDs and RBAC, moto), prints the kubeconfig of each identity and
 * `kubectl get functions -A` against it, then runs until Ctrl-C / SIGTERM and stops cleanly.
 * Options: --seed N creates N ACK-tagged functions in moto (default 0);
 *          --exit-after-start stops right after printing (a quick check that everything starts).
 */
import { spawnSync } from "node:child_process";
import { findBinaries } from "../realstack/bins";
import { IDENTITIES } from "../realstack/identities";
import { startRealStack } from "../realstack/start";

function parseArgs(argv: string[]): { seed: number; exitAfterStart: boolean } {
  let seed = 0;
  let exitAfterStart = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--exit-after-start") exitAfterStart = true;
    else if (arg === "--seed" && /^\d+$/.test(argv[i + 1] ?? "") && Number(argv[i + 1]) <= 500) seed = Number(argv[++i]);
    else {
      console.error(`unknown or invalid argument: ${arg}\nusage: realstack [--seed N (0-500)] [--exit-after-start]`);
      process.exit(2);
    }
  }
  return { seed, exitAfterStart };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const bins = findBinaries();
  if (bins.missing.length > 0) {
    console.error(`missing: ${bins.missing.join(", ")}\nbuild them first: bash scripts/realstack-build.sh`);
    process.exit(1);
  }
  const t0 = Date.now();
  console.log("starting etcd, kube-apiserver and moto on 127.0.0.1 ...");
  const stack = await startRealStack();
  let stopping = false;
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${why}: stopping ...`);
    await stack.stop();
    console.log("stopped; nothing left running.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    for (let i = 0; i < args.seed; i++) {
      await stack.createAckFunction({ name: `realstack-fn-${i}`, namespace: "default" });
    }
  } catch (err) {
    await stack.stop();
    throw err;
  }

  console.log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`kube-apiserver ${stack.k8sVersion}: ${stack.apiserverUrl} (CA ${stack.caFile})`);
  console.log(`moto (AWS Lambda API): ${stack.motoUrl}  region ${stack.aws.region}, role ${stack.aws.roleArn}`);
  console.log("kubeconfigs:");
  for (const id of IDENTITIES) console.log(`  ${id.padEnd(9)} ${stack.kubeconfigs[id]}   (user ${stack.users[id]})`);
  const cmd = [stack.kubectl, "--kubeconfig", stack.kubeconfigs.viewer, "get", "functions", "-A"];
  console.log(`\n$ ${cmd.join(" ")}`);
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: "inherit" });
  if (r.status !== 0) console.error(`kubectl exited with ${r.status ?? r.signal}`);

  if (args.exitAfterStart) return shutdown("--exit-after-start");
  console.log("\nrunning; press Ctrl-C to stop.");
  setInterval(() => {}, 1 << 30); // keep the event loop alive until a signal arrives
}

main().catch((err: unknown) => {
  console.error(`realstack failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
