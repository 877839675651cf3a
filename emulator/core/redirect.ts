// The shopper's browser sent back to the merchant, as processors' hosted pages (3-D Secure
// challenges, bank and wallet pages) do when they are done.
import type { EmuResponse } from "./types.js";

/** A 302 to `url` with `params` added to its query, in the order given. */
export function redirectBack(url: string, params: Record<string, string>): EmuResponse {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
  return { status: 302, headers: { Location: target.toString() }, text: "" };
}
