// What a connector's emulator module sees and gives: the server (emulator/index.ts) reads a
// request, hands it to the mount of the connector whose folder name starts its path, and sends
// back what the mount answers.
import type { IncomingHttpHeaders } from "node:http";

/** A request as a mount sees it. `path` is relative to the mount (e.g. "/v1/payment_intents"). */
export interface EmuRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** What a mount answers. `json` is serialised; `text` is sent as-is. */
export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
}

export interface EmuContext {
  /** `http://127.0.0.1:PORT`, known once the server listens (before any request). */
  readonly origin: string;
  /** Where this connector is mounted (`/stripe`): `${origin}${mountPrefix}` is its root. */
  readonly mountPrefix: string;
  log(line: string): void;
  /** `424242******4242` style mask; never log a PAN without it. */
  maskPan(pan: string): string;
  /** Where this processor's notifications go and the secret it signs them with; null when not configured. */
  webhookTarget(): { url: string; secret: string } | null;
  /** The webhook URL alone, for processors that sign with a credential the emulator already has
   * (PhonePe: the merchant's salt key); null when not configured. */
  readonly webhookUrl: string | null;
  /** POSTs a notification; deliveries go out one at a time, in order. A failure is logged, never
   * thrown. Resolves when this delivery was answered (or failed), for emulators that must deliver
   * before they answer the call that caused it. */
  sendWebhook(url: string, headers: Record<string, string>, body: string): Promise<void>;
}

export interface EmuMount {
  handle(req: EmuRequest): EmuResponse | Promise<EmuResponse>;
}

/**
 * What `emulator/connectors/<name>/index.ts` exports as `emulator`. The folder's name is the
 * connector's name (as listConnectors says it) and its mount (`/<name>`); the server finds the
 * folder by itself, so adding a connector edits no shared list.
 */
export interface ConnectorEmulator {
  /** Appended to the mount's URL to make the connector's `baseUrl` (Adyen: "/v71"). */
  basePath?: string;
  create(ctx: EmuContext): EmuMount;
}
