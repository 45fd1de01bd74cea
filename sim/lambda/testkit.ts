/**
 * Test helpers for the Lambda simulator: a simulator on an ephemeral loopback port with a
 * controllable clock, and real @aws-sdk/client-lambda clients pointed at it. Used by the tests
 * next to this file and usable by other suites that need a Lambda endpoint.
 */
import { LambdaClient } from "@aws-sdk/client-lambda";
import { LambdaApiSim } from "./server";
import type { LambdaSimOptions } from "./types";

export const ACCOUNT_A = "111111111111";
export const ACCOUNT_B = "222222222222";
/** Fake key ids (AKIA + 16 chars, the real shape); secrets are never sent, only signed with. */
export const KEY_A = "AKIASIMTESTACCOUNTA1";
export const KEY_B = "AKIASIMTESTACCOUNTB1";
export const KEY_UNKNOWN = "AKIASIMTESTUNKNOWN01";
export const REGION = "us-east-1";
export const OTHER_REGION = "eu-west-1";

export interface FakeClock {
  now: () => number;
  advance(ms: number): void;
}

export function fakeClock(start = Date.parse("2025-03-01T12:00:00.000Z")): FakeClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export interface SimHarness {
  sim: LambdaApiSim;
  clock: FakeClock;
  /** An SDK client for a key and region; retries off so each call is one request. */
  client(accessKeyId?: string, region?: string): LambdaClient;
  close(): Promise<void>;
}

export async function startSim(opts: Partial<LambdaSimOptions> = {}): Promise<SimHarness> {
  const clock = fakeClock();
  const sim = new LambdaApiSim({
    accounts: { [KEY_A]: ACCOUNT_A, [KEY_B]: ACCOUNT_B },
    now: clock.now,
    ...opts,
  });
  await sim.start();
  const clients: LambdaClient[] = [];
  return {
    sim,
    clock,
    client(accessKeyId = KEY_A, region = REGION) {
      const c = new LambdaClient({
        endpoint: sim.url,
        region,
        credentials: { accessKeyId, secretAccessKey: "sim-secret-not-checked" },
        maxAttempts: 1,
      });
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.destroy();
      await sim.stop();
    },
  };
}

/** A syntactically valid SigV4 Authorization header (the simulator does not check signatures). */
export function authHeader(accessKeyId = KEY_A, region = REGION): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250301/${region}/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error("expected the call to fail, it succeeded");
}
