// Amounts as processors write them: decimal text with the currency's digits, in integer minor units.

/** 1099 with exponent 2 → "10.99"; 500 with exponent 0 → "500". */
export function formatDecimal(minor: number | bigint, exponent: number): string {
  if (exponent === 0) return String(minor);
  const s = String(minor).padStart(exponent + 1, "0");
  return `${s.slice(0, -exponent)}.${s.slice(-exponent)}`;
}

/**
 * "10.99" → its whole and fraction digits, when it is plain digits with at most `exponent`
 * decimals; null otherwise. Each processor adds its own rules (exact decimals, positive).
 */
export function decimalDigits(text: unknown, exponent: number): { whole: string; fraction: string } | null {
  if (typeof text !== "string") return null;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m || (m[2] ?? "").length > exponent) return null;
  return { whole: m[1]!, fraction: m[2] ?? "" };
}

/** Decimal text in minor units (see decimalDigits); null when it is not exact. */
export function parseDecimal(text: unknown, exponent: number): number | null {
  const d = decimalDigits(text, exponent);
  return d === null ? null : Number(d.whole) * 10 ** exponent + Number(d.fraction.padEnd(exponent, "0") || "0");
}
