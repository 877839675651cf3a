// The money of one payment as every processor keeps it: an authorized amount, captures against
// it (partial, several, or one final capture that releases the rest), refunds against what was
// captured (partial, several, never more in total), and a void that releases an authorization
// nothing was captured from. Amounts are integer minor units.
//
// A connector's emulator keeps its own record (its ids, statuses and wire fields) with a Ledger
// in it, checks its own rules first (which status may be captured, currencies, amount syntax),
// then asks the ledger: a refusal comes back as a typed value that the emulator answers with its
// own wire error, and nothing changes.

/** Why the ledger refuses a capture, refund or void. */
export type Refusal =
  /** The authorization was voided (released): nothing can be captured. */
  | { kind: "voided" }
  /** A final capture was made (or the payment was captured in full): nothing is left to capture. */
  | { kind: "capture_closed" }
  /** Capture or refund of zero or less. */
  | { kind: "not_positive" }
  /** More than what is left (`available`: left to capture, or left to refund). */
  | { kind: "exceeds"; available: number }
  /** A refund of a payment nothing was captured from. */
  | { kind: "not_captured" }
  /** A refund when everything captured was refunded already. */
  | { kind: "fully_refunded" }
  /** A void of an authorization money was captured from. */
  | { kind: "captured" };

/** The payment's money state, derived from its amounts: each processor names these its own way. */
export type LedgerState = "authorized" | "partially_captured" | "captured" | "partially_refunded" | "refunded" | "voided";

export class Ledger {
  /** What the authorization holds (an incremental authorization raises it). */
  authorized: number;
  captured = 0;
  refunded = 0;
  voided = false;
  /** A final capture happened: what was not captured is released. */
  private closed = false;

  /** `captured`: the payment was captured with its authorization (automatic capture). */
  constructor(authorized: number, opts: { captured?: boolean } = {}) {
    this.authorized = authorized;
    if (opts.captured) {
      this.captured = authorized;
      this.closed = true;
    }
  }

  /** Left to capture. */
  get capturable(): number {
    return this.voided || this.closed ? 0 : this.authorized - this.captured;
  }

  /** Left to refund. */
  get refundable(): number {
    return this.captured - this.refunded;
  }

  get state(): LedgerState {
    if (this.voided) return "voided";
    if (this.refunded > 0) return this.refunded >= this.captured ? "refunded" : "partially_refunded";
    if (this.captured === 0) return "authorized";
    return this.capturable > 0 ? "partially_captured" : "captured";
  }

  /**
   * Captures `amount` (all that is left when omitted). `final`: no further capture (the rest of
   * the authorization is released), as a processor whose every capture is final does.
   */
  capture(amount: number = this.capturable, final = false): Refusal | null {
    if (this.voided) return { kind: "voided" };
    if (this.closed) return { kind: "capture_closed" };
    if (!(amount > 0)) return { kind: "not_positive" };
    if (amount > this.capturable) return { kind: "exceeds", available: this.capturable };
    this.captured += amount;
    if (final || this.captured === this.authorized) this.closed = true;
    return null;
  }

  /** Refunds `amount` (all that is left when omitted) of what was captured. */
  refund(amount: number = this.refundable): Refusal | null {
    if (this.captured === 0) return { kind: "not_captured" };
    if (this.refundable === 0) return { kind: "fully_refunded" };
    if (!(amount > 0)) return { kind: "not_positive" };
    if (amount > this.refundable) return { kind: "exceeds", available: this.refundable };
    this.refunded += amount;
    return null;
  }

  /** Gives `amount` back to what can be refunded (a refund that failed after it was accepted). */
  unrefund(amount: number): void {
    this.refunded = Math.max(0, this.refunded - amount);
  }

  /** Releases the authorization; refused once anything was captured. */
  void(): Refusal | null {
    if (this.voided) return { kind: "voided" };
    if (this.captured > 0) return { kind: "captured" };
    this.voided = true;
    return null;
  }

  /** Ends capturing without capturing more (a final capture of nothing): the rest is released. */
  release(): void {
    this.closed = true;
  }

  /** An incremental authorization: the authorization now holds `total`. */
  reauthorize(total: number): void {
    this.authorized = total;
  }
}
