// Card numbers as every processor's emulator checks them: the Luhn check, the brand, and which
// test card does what.

/** 12 to 19 digits with a valid Luhn check digit. */
export function luhnValid(pan: string): boolean {
  if (!/^\d{12,19}$/.test(pan)) return false;
  let sum = 0;
  for (let i = 0; i < pan.length; i++) {
    let d = pan.charCodeAt(pan.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A card that expires in `month` (1 to 12) of `year` (four digits) is past it: its month is before the current one (UTC). */
export function expired(month: number, year: number, now: Date = new Date()): boolean {
  return year * 12 + month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
}

export type CardBrand = "visa" | "mastercard" | "amex" | "discover" | "jcb" | "diners" | "unionpay" | "unknown";

/** The card network by its leading digits (each processor spells the names its own way). */
export function cardBrand(pan: string): CardBrand {
  if (/^4/.test(pan)) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(pan)) return "mastercard";
  if (/^3[47]/.test(pan)) return "amex";
  if (/^(6011|65|64[4-9])/.test(pan)) return "discover";
  if (/^35/.test(pan)) return "jcb";
  if (/^3[068]/.test(pan)) return "diners";
  if (/^62/.test(pan)) return "unionpay";
  return "unknown";
}

/** What a processor's test card does when charged. */
export type CardOutcome<D> =
  | { kind: "declined"; decline: D }
  | { kind: "challenge" }
  | { kind: "approved" }
  /** Not on the processor's lists: its own rule decides (approve, or refuse a live-looking card). */
  | { kind: "unlisted" };

/**
 * A processor's test-card table, from its testing docs: the cards that decline (each with the
 * processor's own decline), the ones that ask for a 3-D Secure challenge, and the ones that are
 * approved. A card on more than one list answers as the first of declined, challenge, approved.
 */
export class TestCards<D> {
  private readonly declines: ReadonlyMap<string, D>;
  private readonly challenges: ReadonlySet<string>;
  private readonly approvals: ReadonlySet<string>;

  constructor(lists: { declines?: Record<string, D>; challenges?: Iterable<string>; approved?: Iterable<string> }) {
    this.declines = new Map(Object.entries(lists.declines ?? {}));
    this.challenges = new Set(lists.challenges ?? []);
    this.approvals = new Set(lists.approved ?? []);
  }

  outcome(pan: string): CardOutcome<D> {
    const decline = this.declines.get(pan);
    if (decline !== undefined) return { kind: "declined", decline };
    if (this.challenges.has(pan)) return { kind: "challenge" };
    if (this.approvals.has(pan)) return { kind: "approved" };
    return { kind: "unlisted" };
  }

  /** The decline for `pan`, if it is a declining test card. */
  decline(pan: string): D | undefined {
    return this.declines.get(pan);
  }

  challenges3ds(pan: string): boolean {
    return this.challenges.has(pan);
  }

  approves(pan: string): boolean {
    return this.approvals.has(pan);
  }
}
