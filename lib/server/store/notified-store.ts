import "server-only";
import type { NotifiedVerdict } from "@/lib/domain/notify/transitions";

/**
 * Per Function, the verdict webhooks were last told about (README "Notifications"), so that a
 * restart, a relist or a new leader replica sends nothing for what was already said. Only
 * Functions in a notified verdict have a row; a Function that left them has none.
 */
export interface NotifiedRecord {
  /** The Function's id, cluster/namespace/name. */
  id: string;
  cluster: string;
  verdict: NotifiedVerdict;
  /** Epoch ms of the message that said it. */
  at: number;
}

export interface NotifiedStore {
  /** Every Function whose notified verdict holds. */
  loadNotified(): Promise<NotifiedRecord[]>;
  /** In one transaction: sets the records with a verdict, removes those with null. */
  saveNotified(changes: ReadonlyArray<{ id: string; cluster: string; verdict: NotifiedVerdict | null }>, at: number): Promise<void>;
}
