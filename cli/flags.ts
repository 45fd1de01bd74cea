import { UsageError } from "./report/model";

/** A repeatable flag's values, each also split at commas: `-n a,b -n c` is [a, b, c]. */
export function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}

/** parseArgs' own errors ("Unknown option '--x'") as usage errors. */
export function guarded<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
