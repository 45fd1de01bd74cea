/**
 * The fake time the AWS reader's tests run it in: a clock shared by the reader and the fake
 * Lambda, and the loop that advances it tick by tick, letting the fake's answers arrive between.
 */
import type { AwsStateReader } from "./reader";

export class Clock {
  t = 1_000_000;
  now = () => this.t;
}

/** Lets the fake's answers (resolved promises) reach the reader. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** Runs the reader's ticks over `ms` of fake time, one tick every `stepMs`. */
export async function run(reader: AwsStateReader, clock: Clock, ms: number, stepMs = 10): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
    clock.t += stepMs;
    reader.tick();
    await settle();
  }
}
