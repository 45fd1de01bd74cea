/**
 * The main thread's CPU per Lambda read, the adapter's path (lib/server/aws/lambda-api.ts) against
 * the AWS SDK's commands (`client.send(new ListFunctionsCommand(...))`, the path before round 10),
 * alternating in one process against a simulator already running (`tsx bench/fleet/sim-host.ts
 * --size N --dir DIR`): per round, `--pages` ListFunctions pages (the first account and Region's
 * sweep from its start) and `--gets` GetFunctions of the listed names, each path in turn; the
 * process's CPU (process.cpuUsage) per page and per GetFunction, and the answers compared.
 *   tsx --conditions react-server bench/fleet/lambda-read-cost.ts DIR [--rounds 4] [--pages 60] [--gets 300] [--only sdk|adapter]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetFunctionCommand, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { loadCredentialsFile, SdkLambdaReadApi } from "@/lib/server/aws/lambda-api";
import type { SimHostInfo } from "./sim-host";

const argOf = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: lambda-read-cost.ts DIR [--rounds N] [--pages N] [--gets N]");
  const host = JSON.parse(fs.readFileSync(path.join(dir, "host.json"), "utf8")) as SimHostInfo;
  const credentials = loadCredentialsFile(host.credentialsFile);
  const account = Object.keys(credentials)[0];
  const region = "us-east-1";
  const api = new SdkLambdaReadApi({ endpoint: host.awsEndpoint, credentials });
  const client = api.client(account, region);
  const rounds = argOf("rounds", 4);
  const pages = argOf("pages", 60);
  const gets = argOf("gets", 300);

  const paths = {
    adapter: {
      async list(marker: string | null) {
        const o = await api.listFunctions(account, region, marker);
        if (o.kind !== "page") throw new Error(`ListFunctions: ${o.kind}`);
        return { names: o.functions.map((f) => f.functionName), next: o.nextMarker };
      },
      async get(name: string) {
        const o = await api.getFunction({ accountId: account, region, functionName: name });
        if (o.kind !== "found") throw new Error(`GetFunction ${name}: ${o.kind}`);
        return o.state;
      },
    },
    sdk: {
      async list(marker: string | null) {
        const out = await client.send(new ListFunctionsCommand({ MaxItems: 50, ...(marker ? { Marker: marker } : {}) }));
        return { names: (out.Functions ?? []).map((f) => f.FunctionName as string), next: out.NextMarker ?? null };
      },
      async get(name: string) {
        const out = await client.send(new GetFunctionCommand({ FunctionName: name }));
        return out.Configuration?.State ?? null;
      },
    },
  };
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  console.log(`load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; ${pages} pages and ${gets} GetFunctions a path a round`);
  const results: Record<string, { page: number[]; get: number[] }> = { adapter: { page: [], get: [] }, sdk: { page: [], get: [] } };
  for (let r = 0; r < rounds; r++) {
    const only = process.argv.includes("--only") ? (process.argv[process.argv.indexOf("--only") + 1] as "sdk" | "adapter") : null;
    const order = only ? ([only] as const) : r % 2 === 0 ? (["sdk", "adapter"] as const) : (["adapter", "sdk"] as const);
    const seen: Record<string, string[]> = {};
    for (const name of order) {
      const p = paths[name];
      const names: string[] = [];
      let marker: string | null = null;
      let c0 = cpu();
      for (let i = 0; i < pages; i++) {
        // Paced under the simulator's quotas (control plane 15/s, GetFunction 100/s): no throttling.
        await sleep(90);
        const page: { names: string[]; next: string | null } = await p.list(marker);
        names.push(...page.names);
        marker = page.next;
        if (!marker) break;
      }
      const perPage = (cpu() - c0) / pages;
      c0 = cpu();
      const states: string[] = [];
      for (let i = 0; i < gets; i++) {
        await sleep(15);
        states.push(String(await p.get(names[i % names.length])));
      }
      const perGet = (cpu() - c0) / gets;
      results[name].page.push(perPage);
      results[name].get.push(perGet);
      seen[name] = [...names, ...states];
      console.log(`round ${r + 1} ${name}: ${perPage.toFixed(2)} ms CPU a page, ${perGet.toFixed(3)} ms a GetFunction (load ${os.loadavg()[0].toFixed(1)})`);
    }
    if (!only && JSON.stringify(seen.sdk) !== JSON.stringify(seen.adapter)) console.log(`round ${r + 1}: the two paths answered DIFFERENTLY`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const name of ["sdk", "adapter"]) console.log(`median ${name}: ${median(results[name].page).toFixed(2)} ms a page, ${median(results[name].get).toFixed(3)} ms a GetFunction`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
