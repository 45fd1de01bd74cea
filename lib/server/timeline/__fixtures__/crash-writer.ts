/**
 * Child process of the crash-safety test (recorder.crash.test.ts): the real TimelineRecorder on
 * the real SQLite store, fed as fast as it will go with Functions flipping between Pending and
 * Active, until the parent kills it with SIGKILL. After every write that returned it prints
 * `committed <total entries>`: those entries must be on disk whatever happens next.
 * Run: node --conditions=react-server --import tsx crash-writer.ts <db file> <functions>
 */
import { toFunctionFacts, type FunctionFacts } from "@/lib/domain/function-object";
import { openStores } from "../../store/open";
import { TimelineRecorder } from "../recorder";

const [file, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 50);
const stores = openStores(`sqlite:${file}`);

function factsAt(i: number, step: number): FunctionFacts {
  const state = step % 2 === 0 ? "Pending" : "Active";
  const r = toFunctionFacts(
    {
      apiVersion: "lambda.services.k8s.aws/v1alpha1",
      kind: "Function",
      metadata: { name: `fn-${i}`, namespace: "crash", uid: `uid-${i}`, resourceVersion: String(step), generation: 1, creationTimestamp: "2025-01-01T00:00:00Z" },
      spec: { name: `fn-${i}` },
      status: {
        state,
        conditions: [{ type: "ACK.ResourceSynced", status: state === "Active" ? "True" : "False", lastTransitionTime: new Date().toISOString() }],
      },
    },
    "crash-cluster",
  );
  if (!r.ok) throw new Error(r.error);
  return r.facts;
}

async function main(): Promise<void> {
  const recorder = new TimelineRecorder(stores.timeline, { flushMs: 2 });
  await recorder.load();
  let total = 0;
  recorder.onEntries((entries) => {
    total += entries.length;
    process.stdout.write(`committed ${total}\n`);
  });
  for (let step = 0; ; step++) {
    for (let i = 0; i < count; i++) {
      const f = factsAt(i, step);
      recorder.hear({ type: "row", id: f.id, row: {} as never, facts: f, aws: null, rejected: false });
    }
    await new Promise((r) => setTimeout(r, 3));
  }
}

void main();
