// The processors' ids: random strings over each one's alphabet.
import { randomBytes } from "node:crypto";

export const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const DIGITS = "0123456789";
export const UPPER_HEX = "0123456789ABCDEF";

/** `length` characters drawn from `alphabet`. */
export function randomString(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  let s = "";
  for (let i = 0; i < length; i++) s += alphabet[bytes[i]! % alphabet.length];
  return s;
}
