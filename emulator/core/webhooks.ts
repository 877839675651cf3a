// Webhook delivery as every processor's emulator does it: find the merchant's endpoint (and the
// secret the processor signs with), sign the notification the processor's way, POST it.
// Deliveries go out one at a time, in order; a failing endpoint never fails the call that caused
// the notification (a failure is logged by the server, never thrown).
import { createHmac, type BinaryLike } from "node:crypto";
import type { EmuContext } from "./types.js";

/** HMAC of `data` with `key`, as hex or base64 (what processors' signatures are built from). */
export function hmac(algorithm: "sha1" | "sha256" | "sha512", key: BinaryLike, data: string, encoding: "hex" | "base64"): string {
  return createHmac(algorithm, key).update(data, "utf8").digest(encoding);
}

/** One signed notification: its body and headers (the signature among them, or inside the body). */
export interface Signed {
  body: string;
  headers: Record<string, string>;
}

/**
 * Builds the notification with the target's secret (`sign`) and POSTs it to this processor's
 * webhook target. Returns the delivery (resolved once answered or failed), or null when no target
 * is configured: then nothing is built or sent.
 */
export function deliver(ctx: EmuContext, sign: (secret: string) => Signed): Promise<void> | null {
  const target = ctx.webhookTarget();
  if (!target) return null;
  const { body, headers } = sign(target.secret);
  return ctx.sendWebhook(target.url, headers, body);
}

/**
 * For processors that sign with a credential the emulator already has (PhonePe's salt key,
 * Braintree's key pair): POSTs what `build` gives to the webhook URL; null when none is configured.
 */
export function deliverToUrl(ctx: EmuContext, build: () => Signed): Promise<void> | null {
  const url = ctx.webhookUrl;
  if (url === null) return null;
  const { body, headers } = build();
  return ctx.sendWebhook(url, headers, body);
}
