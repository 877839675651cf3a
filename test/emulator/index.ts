// Loopback emulator of Stripe, Adyen (Checkout v71) and PhonePe (PG v1) for tests.
//
// One node:http server on 127.0.0.1 with three mounts:
//   ${url}/stripe   -> Stripe API          (requests go to ${baseUrls.stripe}/v1/...)
//   ${url}/adyen/v71 -> Adyen Checkout v71 (requests go to ${baseUrls.adyen}/payments ...)
//   ${url}/phonepe  -> PhonePe PG v1       (requests go to ${baseUrls.phonepe}/pg/v1/...)
//   ${url}/square   -> Square 2025-08-20   (requests go to ${baseUrls.square}/v2/...)
//   ${url}/checkout -> Checkout.com (NAS)  (requests go to ${baseUrls.checkout}/payments ...)
//   ${url}/cybersource -> Cybersource REST (requests go to ${baseUrls.cybersource}/pts/v2/..., /tss/v2/...)
//   ${url}/paypal   -> PayPal REST         (requests go to ${baseUrls.paypal}/v2/checkout/orders ...)
//   ${url}/braintree -> Braintree GraphQL   (requests go to ${baseUrls.braintree}/graphql)
//   ${url}/authorizedotnet -> Authorize.Net JSON API (baseUrls.authorizedotnet is the endpoint itself)
// plus `/_emulator/...` routes under each mount that play the shopper's part
// (3-D Secure challenge, pay page).
//
// State (payments, idempotency keys) lives in memory for the life of one emulator.
// Given `webhooks`, each processor POSTs its own signed notifications of state changes there.
// Nothing is logged unless `opts.log` is given; log lines never carry request bodies,
// credentials or full card numbers.

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createStripeEmulator } from "./stripe.js";
import { createAdyenEmulator } from "./adyen.js";
import { createPhonePeEmulator } from "./phonepe.js";
import { createSquareEmulator } from "./square.js";
import { createCheckoutEmulator } from "./checkout.js";
import { createCybersourceEmulator } from "./cybersource.js";
import { createPayPalEmulator } from "./paypal.js";
import { createBraintreeEmulator } from "./braintree.js";
import { createAuthorizeDotNetEmulator, AUTHORIZEDOTNET_PATH } from "./authorizedotnet.js";

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
  log(line: string): void;
  /** `424242******4242` style mask; never log a PAN without it. */
  maskPan(pan: string): string;
  /** Where `processor`'s notifications go and the secret it signs them with; null when not configured. */
  webhookTarget(processor: string): { url: string; secret: string } | null;
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

/** The merchant's webhook endpoint, and each processor's signing secret for it. */
export interface EmulatorWebhooks {
  /** `{processor}` in it is replaced by the processor's name (`.../webhooks/{processor}`). */
  url: string;
  /** By processor name: `stripe` (whsec_...), `adyen` (HMAC key in hex), `phonepe` (salt key),
   * `checkout` (the webhook's signature key), `cybersource` (the digital signature key, base64). */
  secrets: Record<string, string>;
}

export interface EmulatorOptions {
  port?: number;
  log?: (line: string) => void;
  webhooks?: EmulatorWebhooks;
}

export interface Emulator {
  url: string;
  baseUrls: { stripe: string; adyen: string; phonepe: string; square: string; checkout: string; cybersource: string; paypal: string; braintree: string; authorizedotnet: string };
  /** Resolves once every notification sent so far was delivered (or failed). */
  webhooksDelivered(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export function maskPan(pan: string): string {
  const digits = String(pan).replace(/\D/g, "");
  if (digits.length < 10) return "****";
  return digits.slice(0, 6) + "*".repeat(digits.length - 10) + digits.slice(-4);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooBig ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, out: EmuResponse): void {
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  let payload = "";
  if (out.json !== undefined) {
    payload = JSON.stringify(out.json);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      headers["Content-Type"] = "application/json";
    }
  } else if (out.text !== undefined) {
    payload = out.text;
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      headers["Content-Type"] = "text/plain; charset=utf-8";
    }
  }
  headers["Content-Length"] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const log = opts.log ?? (() => {});
  let origin = "";
  let deliveries: Promise<void> = Promise.resolve();
  // `{processor}` in the target URL becomes the processor's name: one endpoint path per processor.
  const webhookUrlOf = (processor: string) => opts.webhooks?.url.replaceAll("{processor}", processor) ?? null;
  const ctx: EmuContext = {
    get origin() {
      return origin;
    },
    log: (line) => log(line),
    maskPan,
    webhookTarget(processor) {
      const secret = opts.webhooks?.secrets[processor];
      const url = webhookUrlOf(processor);
      return url !== null && secret !== undefined ? { url, secret } : null;
    },
    get webhookUrl() {
      return opts.webhooks?.url ?? null;
    },
    sendWebhook(url, headers, body) {
      deliveries = deliveries.then(async () => {
        try {
          const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(5000) });
          await res.arrayBuffer();
          log(`webhook POST ${url} -> ${res.status}`);
        } catch (err) {
          log(`webhook POST ${url} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
      return deliveries;
    },
  };
  // Each mount sees its own webhookUrl (the rest of the context is shared).
  const contextFor = (processor: string): EmuContext =>
    Object.create(ctx, { webhookUrl: { get: () => webhookUrlOf(processor) } }) as EmuContext;
  const mounts: Array<[prefix: string, mount: EmuMount]> = [
    ["/stripe", createStripeEmulator(contextFor("stripe"))],
    ["/adyen", createAdyenEmulator(contextFor("adyen"))],
    ["/phonepe", createPhonePeEmulator(contextFor("phonepe"))],
    ["/square", createSquareEmulator(contextFor("square"))],
    ["/checkout", createCheckoutEmulator(contextFor("checkout"))],
    ["/cybersource", createCybersourceEmulator(contextFor("cybersource"), "/cybersource")],
    ["/paypal", createPayPalEmulator(contextFor("paypal"))],
    ["/braintree", createBraintreeEmulator(contextFor("braintree"))],
    ["/authorizedotnet", createAuthorizeDotNetEmulator(contextFor("authorizedotnet"))],
  ];

  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    const started = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    let pathname = "/";
    let out: EmuResponse;
    try {
      const u = new URL(req.url ?? "/", "http://127.0.0.1");
      pathname = u.pathname;
      const rawBody = await readBody(req);
      const found = mounts.find(([p]) => pathname === p || pathname.startsWith(p + "/"));
      if (rawBody === null) {
        out = { status: 413, json: { error: "request body too large" } };
      } else if (!found) {
        out = { status: 404, json: { error: `no emulated processor at ${pathname}` } };
      } else {
        const [prefix, mount] = found;
        out = await mount.handle({
          method,
          path: pathname.slice(prefix.length) || "/",
          query: u.searchParams,
          headers: req.headers,
          rawBody,
        });
      }
    } catch (err) {
      // A bug in the emulator: answer 500 and keep serving. No request data in the line.
      log(`emulator error on ${method} ${pathname}: ${err instanceof Error ? err.message : String(err)}`);
      out = { status: 500, json: { error: "emulator internal error" } };
    }
    send(res, out);
    log(`${method} ${pathname} -> ${out.status} (${Date.now() - started} ms)`);
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  log(`emulator listening on ${origin}`);

  let closed: Promise<void> | null = null;
  return {
    url: origin,
    baseUrls: {
      stripe: `${origin}/stripe`,
      adyen: `${origin}/adyen/v71`,
      phonepe: `${origin}/phonepe`,
      square: `${origin}/square`,
      checkout: `${origin}/checkout`,
      cybersource: `${origin}/cybersource`,
      paypal: `${origin}/paypal`,
      braintree: `${origin}/braintree`,
      authorizedotnet: `${origin}/authorizedotnet${AUTHORIZEDOTNET_PATH}`,
    },
    webhooksDelivered: () => deliveries,
    close() {
      if (!closed) {
        closed = new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive sockets (fetch pools them) would otherwise hold the process open.
          server.closeAllConnections();
          for (const s of sockets) s.destroy();
        });
      }
      return closed;
    },
  };
}
