// Idempotency keys as processors keep them: the first answer to a key is stored, the same request
// with the same key gets that answer again, and another request with the same key is refused.
import type { EmuResponse } from "./types.js";

export type Keyed = { kind: "fresh" | "replayed"; response: EmuResponse } | { kind: "conflict" };

export class IdempotencyKeys {
  private readonly seen = new Map<string, { fingerprint: string; response: EmuResponse }>();

  /**
   * Runs `run` for a key seen for the first time and stores its answer when `keep` accepts it
   * (processors differ: Stripe keeps all but 400 and 5xx, Square all but 5xx, Checkout.com only
   * successes). A stored key answers `replayed` when `fingerprint` (what makes the request the
   * same request) matches, `conflict` otherwise.
   */
  run(key: string, fingerprint: string, keep: (response: EmuResponse) => boolean, run: () => EmuResponse): Keyed {
    const stored = this.seen.get(key);
    if (stored) return stored.fingerprint === fingerprint ? { kind: "replayed", response: stored.response } : { kind: "conflict" };
    const response = run();
    if (keep(response)) this.seen.set(key, { fingerprint, response });
    return { kind: "fresh", response };
  }
}
