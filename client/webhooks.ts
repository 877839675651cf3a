/**
 * Webhooks: the processor calls the merchant's endpoint; the sidecar verifies the signature
 * (constant-time, over the raw body) and reads the events into unified ones.
 *
 * `parseWebhook` is the building block (raw body and headers in, verified events out);
 * `webhookHandler` is a ready `(req, res)` handler for node:http and express that reads the raw
 * body, answers the processor with the connector's acknowledgement, refuses what does not verify
 * (401) or cannot be read (400) without saying why to the caller, and never logs anything: what
 * went wrong goes to `onRejected`, whose reasons never hold the secret or the signature.
 *
 * Connectors whose webhooks only the processor can verify (listConnectors says
 * `webhookVerification: "remote"`: PayPal) take `verify` instead of `secret`: both helpers then run
 * the `verifyWebhook` flow over HTTP first (the processor's verify call, with the access token
 * from `verify.state`), and hand its answer to the sidecar's parseWebhook as `remoteVerification`.
 * A verification call that fails (token refused, processor down) is answered 500 by the handler,
 * so the processor delivers again; a signature the processor rejects is 401.
 */
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import {
  ERROR_CODES,
  type ConnectorCall,
  type ConnectorInfo,
  type ConnectorName,
  type ErrorInfo,
  type Options,
  type TransformRequestParams,
  type VerifyWebhookRequest,
  type WebhookEvent,
  type WebhookResult,
  type WebhookVerificationResult,
} from "../protocol/index.js";
import { SidecarError } from "./errors.js";
import { fetchExecutor, NotSentError, type HttpExecutor } from "./http.js";
import type { SidecarPool } from "./pool.js";

/** Request headers in any of the shapes Node gives them. */
export type WebhookHeaders =
  | IncomingHttpHeaders
  | Headers
  | ReadonlyArray<{ name: string; value: string }>
  | Record<string, string | readonly string[] | undefined>;

/** Tokens a connector carries between calls (PayPal: `{accessToken}` from createAccessToken). */
export type ConnectorStateRecord = Record<string, string>;

/**
 * How to ask the processor whether a webhook is genuine, for connectors whose
 * `webhookVerification` is `remote` (PayPal).
 */
export interface RemoteVerificationOptions {
  /** PayPal: the Webhook ID of the app's webhook (Developer Dashboard → the app → Webhooks). */
  webhookId: string;
  /** The connector's credentials, as for its flows (PayPal `{clientId, clientSecret}`). */
  auth: Record<string, string>;
  /**
   * The access token as the connector carries it: createAccessToken's result `state`, or a
   * function giving it per delivery (from your token cache). When the processor refuses the token
   * the function is called once more with `{ rejected }` (the state it refused) and the call is
   * retried with what it returns: fetch a new token then. Leave it out with PaymentsClient's
   * helpers: the client fetches, keeps and renews the token itself, as for its flows.
   */
  state?: ConnectorStateRecord | ((hint: { rejected?: ConnectorStateRecord }) => ConnectorStateRecord | Promise<ConnectorStateRecord>);
  /** Sends the verify call; default Node's fetch (PaymentsClient's own executor with its helpers). */
  http?: HttpExecutor;
  /** HTTP deadline of the verify call in ms. Default 30,000. */
  httpTimeoutMs?: number;
}

/**
 * Runs the verifyWebhook flow (PaymentsClient passes its own, which brings the access token).
 * Used when `verify.state` is not given.
 */
export type WebhookVerifier = (call: VerifyWebhookCall) => Promise<WebhookVerificationResult>;

export interface ParseWebhookCall {
  connector: ConnectorName;
  headers: WebhookHeaders;
  /** The raw body exactly as received: parsing and re-serializing JSON breaks the signature. */
  body: Buffer | Uint8Array | string;
  /**
   * The endpoint's secret (Stripe `whsec_...`, Adyen's HMAC key in hex, PhonePe's salt key,
   * Braintree's API private key, Cybersource's digital signature key in base64).
   * Several during a rotation: the first that verifies wins. Not used where the processor
   * verifies (`verify`).
   */
  secret?: string | readonly string[];
  /** Where listConnectors says `webhookVerification: "remote"` (PayPal): how to ask the processor. */
  verify?: RemoteVerificationOptions;
  /**
   * The endpoint's URL exactly as registered with the processor, for processors that sign it
   * with the body (Square).
   */
  url?: string;
  options?: Options;
}

export interface WebhookHandlerOptions {
  connector: ConnectorName;
  /** The endpoint's signing secret; not used where the processor verifies (`verify`). */
  secret?: string | readonly string[];
  /** Where listConnectors says `webhookVerification: "remote"` (PayPal): how to ask the processor. */
  verify?: RemoteVerificationOptions;
  /**
   * The endpoint's public URL exactly as registered with the processor, for processors that sign
   * it (Square). Given, not guessed from the request: behind a proxy the Host a handler sees is
   * not the URL the processor signed.
   */
  url?: string;
  /**
   * Called for each verified event, in order. Make it idempotent (processors deliver at least
   * once; `event.connectorEventId` identifies a delivery). If it throws or rejects, the processor
   * is answered 500 and will deliver again.
   */
  onEvent: (event: WebhookEvent, webhook: WebhookResult) => void | Promise<void>;
  /** Told about every refused or failed delivery. `reason` never holds the secret or a signature. */
  onRejected?: (rejection: { status: number; reason: string; error?: unknown }) => void;
  options?: Options;
  /**
   * Larger bodies are refused with 413, as soon as the Content-Length header or the bytes
   * received pass it (the rest is not read; the connection is closed). Default 1 MiB.
   */
  maxBodyBytes?: number;
  /**
   * A body not received in full within this many ms is refused with 408 and the connection
   * closed, so slow senders cannot hold connections open. Default 10,000. (Slow headers are the
   * server's to bound: node:http's `server.headersTimeout` and `server.requestTimeout`.)
   */
  bodyTimeoutMs?: number;
}

/** A node:http request listener; also an express handler (mount it with `express.raw()` or no body parser). */
export type NodeWebhookHandler = (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => void;

/** Verifies a webhook and reads its events (the sidecar's `parseWebhook`). */
export async function parseWebhook(pool: SidecarPool, call: ParseWebhookCall, verifier?: WebhookVerifier): Promise<WebhookResult> {
  return (await verifyAndParse(pool, call, verifier)).result;
}

/** The outcome of a delivery, and whether the processor's verify call itself failed (retry later). */
async function verifyAndParse(
  pool: SidecarPool,
  call: ParseWebhookCall,
  verifier?: WebhookVerifier,
): Promise<{ result: WebhookResult; verificationFailed?: ErrorInfo }> {
  const { body, encoding } = encodeBody(call.body);
  const headers = normalizeHeaders(call.headers);
  const info = await connectorInfo(pool, call.connector);
  if (info?.webhookVerification === "remote") {
    const base = { connector: call.connector, headers, body, ...(encoding === "base64" ? { encoding } : {}), ...(call.options ? { options: call.options } : {}) };
    if (!call.verify) {
      // The sidecar says why it cannot trust the webhook (verified: false, no events).
      return { result: await pool.call("parseWebhook", base) };
    }
    const verification = await verifyRemotely(pool, call.connector, call.verify, headers, textOf(call.body), call.options, verifier);
    const result = await pool.call("parseWebhook", { ...base, remoteVerification: verification });
    return { result, ...(verification.error ? { verificationFailed: verification.error } : {}) };
  }
  if (call.secret === undefined) {
    throw new SidecarError("parseWebhook: `secret` is required", ERROR_CODES.InvalidParams, { kind: "InvalidParams", field: "secret", path: "secret" });
  }
  const secrets = typeof call.secret === "string" ? [call.secret] : [...call.secret];
  if (secrets.length === 0) {
    throw new SidecarError("parseWebhook: `secret` is required", ERROR_CODES.InvalidParams, { kind: "InvalidParams", field: "secret", path: "secret" });
  }
  let first: WebhookResult | undefined;
  for (const secret of secrets) {
    const result = await pool.call("parseWebhook", {
      connector: call.connector,
      headers,
      body,
      ...(encoding === "base64" ? { encoding } : {}),
      secret,
      ...(call.url ? { url: call.url } : {}),
      ...(call.options ? { options: call.options } : {}),
    });
    if (result.verified) return { result };
    first ??= result;
  }
  return { result: first! };
}

/** listConnectors, asked once per pool. */
const connectorLists = new WeakMap<SidecarPool, Promise<ConnectorInfo[]>>();

function connectorInfo(pool: SidecarPool, connector: string): Promise<ConnectorInfo | undefined> {
  let list = connectorLists.get(pool);
  if (!list) {
    list = pool.listConnectors();
    connectorLists.set(pool, list);
    list.catch(() => connectorLists.delete(pool));
  }
  return list.then((all) => all.find((c) => c.name === connector));
}

/** Runs verifyWebhook with the caller's token; once more with a fresh one if the token is refused. */
async function verifyRemotely(
  pool: SidecarPool,
  connector: string,
  verify: RemoteVerificationOptions,
  headers: { name: string; value: string }[],
  body: string,
  options: Options | undefined,
  verifier: WebhookVerifier | undefined,
): Promise<WebhookVerificationResult> {
  if (verify.state === undefined && verify.http === undefined && verifier) {
    return verifier({
      ...({ connector, auth: verify.auth } as ConnectorCall),
      request: { headers, body, webhookId: verify.webhookId },
      ...(options ? { options } : {}),
      ...(verify.http ? { http: verify.http } : {}),
      ...(verify.httpTimeoutMs ? { httpTimeoutMs: verify.httpTimeoutMs } : {}),
    });
  }
  const stateFor = async (rejected?: ConnectorStateRecord) =>
    typeof verify.state === "function" ? await verify.state(rejected ? { rejected } : {}) : verify.state;
  const once = async (state: ConnectorStateRecord | undefined) =>
    verifyWebhook(pool, {
      ...({ connector, auth: verify.auth } as ConnectorCall),
      request: { headers, body, webhookId: verify.webhookId, ...(state ? { state } : {}) },
      ...(options ? { options } : {}),
      ...(verify.http ? { http: verify.http } : {}),
      ...(verify.httpTimeoutMs ? { httpTimeoutMs: verify.httpTimeoutMs } : {}),
    });
  const state = await stateFor();
  const first = await once(state);
  if (first.error?.code === "invalid_credentials" && typeof verify.state === "function") return once(await stateFor(state ?? {}));
  return first;
}

export type VerifyWebhookCall = ConnectorCall & {
  request: VerifyWebhookRequest;
  options?: Options;
  /** Sends the verify call; default Node's fetch. */
  http?: HttpExecutor;
  /** HTTP deadline in ms. Default 30,000. */
  httpTimeoutMs?: number;
};

/**
 * The `verifyWebhook` flow over HTTP: asks the processor whether the webhook is genuine
 * (PayPal's verify-webhook-signature). Never throws for the processor's answer: a call that got
 * no answer is `verified: false` with `error` (retry later), like a refusal of the call.
 */
export async function verifyWebhook(pool: SidecarPool, call: VerifyWebhookCall): Promise<WebhookVerificationResult> {
  const params = { connector: call.connector, flow: "verifyWebhook", auth: call.auth, request: call.request, ...(call.options ? { options: call.options } : {}) } as TransformRequestParams;
  const http = await pool.transformRequest(params);
  const timeoutMs = call.httpTimeoutMs ?? 30_000;
  let response;
  try {
    response = await (call.http ?? fetchExecutor)(http, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const host = new URL(http.url).host;
    const why = e instanceof NotSentError ? e.message : `no answer from ${host} (${(e as Error)?.name === "TimeoutError" ? `${timeoutMs} ms` : (e as Error)?.message ?? e})`;
    return unanswered(call.request.body, { code: "processor_unavailable", message: why, connectorCode: null, connectorMessage: null });
  }
  return (await pool.transformResponse({ ...params, response } as never)) as unknown as WebhookVerificationResult;
}

/** A verification whose call got no answer: nothing is known of the webhook. */
export function unanswered(body: string, error: ErrorInfo): WebhookVerificationResult {
  return {
    verified: false,
    reason: `the verification call failed, so nothing is known of the webhook: ${error.message}`,
    bodySha256: createHash("sha256").update(body, "utf8").digest("hex"),
    error,
    httpStatus: 0,
  };
}

function textOf(body: Buffer | Uint8Array | string): string {
  return typeof body === "string" ? body : Buffer.from(body).toString("utf8");
}

export function webhookHandler(pool: SidecarPool, opts: WebhookHandlerOptions, verifier?: WebhookVerifier): NodeWebhookHandler {
  const maxBodyBytes = opts.maxBodyBytes ?? 1024 * 1024;
  const bodyTimeoutMs = opts.bodyTimeoutMs ?? 10_000;
  const reject = (res: ServerResponse, status: number, reason: string, error?: unknown) => {
    answer(res, status, "text/plain; charset=utf-8", REFUSAL_BODIES[status] ?? "error");
    try {
      opts.onRejected?.({ status, reason, ...(error !== undefined ? { error } : {}) });
    } catch {
      // A throwing logger must not take the endpoint down.
    }
  };

  return (req, res) => {
    void (async () => {
      if ((req.method ?? "").toUpperCase() !== "POST") {
        res.setHeader("Allow", "POST");
        return reject(res, 405, `method ${req.method} is not POST`);
      }
      let raw: Buffer | string;
      if (Buffer.isBuffer(req.body) || typeof req.body === "string") {
        raw = req.body; // express.raw() / express.text() already read it
      } else if (req.body !== undefined && req.body !== null && !isEmptyObject(req.body)) {
        return reject(res, 500, "the body was parsed before the webhook handler; mount it with express.raw({ type: '*/*' }) so the signature can be checked over the raw bytes");
      } else {
        const read = await readBody(req, maxBodyBytes, bodyTimeoutMs);
        if (read === "too large" || read === "too slow") res.setHeader("Connection", "close");
        if (read === "too large") return reject(res, 413, `the body is larger than ${maxBodyBytes} bytes`);
        if (read === "too slow") return reject(res, 408, `the body did not arrive within ${bodyTimeoutMs} ms`);
        raw = read;
      }

      let result: WebhookResult;
      let verificationFailed: ErrorInfo | undefined;
      try {
        ({ result, verificationFailed } = await verifyAndParse(pool, {
          connector: opts.connector,
          headers: req.headers,
          body: raw,
          ...(opts.secret !== undefined ? { secret: opts.secret } : {}),
          ...(opts.verify ? { verify: opts.verify } : {}),
          ...(opts.url ? { url: opts.url } : {}),
          ...(opts.options ? { options: opts.options } : {}),
        }, verifier));
      } catch (e) {
        const unreadable = e instanceof SidecarError && UNREADABLE.has(e.code);
        return reject(res, unreadable ? 400 : 500, unreadable ? `the webhook could not be read: ${(e as Error).message}` : `parseWebhook failed: ${(e as Error).message}`, e);
      }
      if (!result.verified && verificationFailed) {
        // The processor could not be asked: nothing is known; it delivers again after a 5xx.
        return reject(res, 500, `the webhook could not be verified now (${verificationFailed.code}): ${result.reason ?? verificationFailed.message}`);
      }
      if (!result.verified) {
        // The connector may prefer 400 to 401; either way the caller learns nothing of why.
        const ack = result.acknowledgement.status;
        return reject(res, ack >= 400 && ack < 500 ? ack : 401, `not verified: ${result.reason ?? "no reason given"}`);
      }
      for (const event of result.events) {
        try {
          await opts.onEvent(event, result);
        } catch (e) {
          return reject(res, 500, `onEvent failed for ${event.eventType}; the processor will deliver it again`, e);
        }
      }
      answer(res, result.acknowledgement.status, result.acknowledgement.contentType, result.acknowledgement.body);
    })().catch((e: unknown) => {
      if (!res.headersSent) reject(res, 500, `the webhook handler failed: ${(e as Error)?.message ?? e}`, e);
    });
  };
}

/** Sidecar errors that mean the delivery itself is malformed (answered 400, not retried by design). */
const UNREADABLE = new Set<number>([ERROR_CODES.InvalidParams, ERROR_CODES.InvalidFieldValue, ERROR_CODES.ResponseDeserializationFailed, ERROR_CODES.MissingRequiredField]);

/** Bodies of refusals: fixed words, never the reason. */
const REFUSAL_BODIES: Record<number, string> = {
  400: "bad request",
  401: "unauthorized",
  403: "forbidden",
  405: "method not allowed",
  408: "request timeout",
  413: "payload too large",
  500: "internal error",
};

function answer(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
  res.end(body);
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Buffer.isBuffer(v) && Object.keys(v).length === 0;
}

/**
 * The request's body, or why not: over `limit` (said by Content-Length or seen while reading:
 * answered at once, the rest never read), or not complete within `timeoutMs`.
 */
function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer | "too large" | "too slow"> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve("too large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: Buffer | "too large" | "too slow") => {
      clearTimeout(timer);
      req.off("data", onData);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish("too large");
      else chunks.push(chunk);
    };
    const timer = setTimeout(() => finish("too slow"), timeoutMs);
    req.on("data", onData);
    req.on("end", () => finish(Buffer.concat(chunks)));
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** The body for the wire: UTF-8 text as is, other bytes as base64 (the sidecar then refuses them). */
function encodeBody(body: Buffer | Uint8Array | string): { body: string; encoding: "utf8" | "base64" } {
  if (typeof body === "string") return { body, encoding: "utf8" };
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const text = buf.toString("utf8");
  return Buffer.from(text, "utf8").equals(buf) ? { body: text, encoding: "utf8" } : { body: buf.toString("base64"), encoding: "base64" };
}

function normalizeHeaders(headers: WebhookHeaders): { name: string; value: string }[] {
  if (Array.isArray(headers)) return headers.map(({ name, value }) => ({ name, value }));
  if (typeof (headers as Headers).forEach === "function" && typeof (headers as Headers).get === "function") {
    const out: { name: string; value: string }[] = [];
    (headers as Headers).forEach((value, name) => out.push({ name, value }));
    return out;
  }
  const out: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (value === undefined) continue;
    for (const v of typeof value === "string" ? [value] : value) out.push({ name, value: v });
  }
  return out;
}
