/**
 * A real PostgreSQL for a test file (test/postgres-server.ts starts it). Without the binaries,
 * `describeWithPostgres` skips with the reason; under CI=true their absence is a failing test
 * (`.ci/run` installs `postgresql`).
 */
import { afterAll, beforeAll } from "vitest";
import { describeWithTool } from "./external-tool";
import { findPostgres, startPostgres, type PostgresServer, type StartOptions } from "./postgres-server";

export * from "./postgres-server";

/**
 * describe() with one PostgreSQL server for the file (started before its tests, stopped after);
 * `server()` hands it to the tests. Skipped without PostgreSQL, failing under CI=true.
 */
export function describeWithPostgres(title: string, body: (server: () => PostgresServer) => void, opts: StartOptions = {}): void {
  describeWithTool(title, findPostgres(), () => {
    let pg: PostgresServer | null = null;
    beforeAll(async () => {
      pg = await startPostgres(opts);
    }, 90_000);
    afterAll(() => pg?.stop());
    body(() => {
      if (!pg) throw new Error("PostgreSQL is not started");
      return pg;
    });
  });
}
