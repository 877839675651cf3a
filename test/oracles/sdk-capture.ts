// Captures the exact HTTP requests that the processors' official Node SDKs send, so that tests
// can compare the sidecar's HttpRequest with what Stripe's and Adyen's own code puts on the wire.
//
// Both SDKs talk to a loopback server (node:http on 127.0.0.1, port 0) that records each request
// and answers with a canned JSON body, so the SDK call resolves. Nothing leaves the machine.
// - Stripe: the SDK's own `host`/`port`/`protocol` options point it at the server.
// - Adyen: the library hard-codes https://checkout-test.adyen.com/v72 and only talks https, but it
//   takes a custom httpClient. AdyenLoopbackClient runs the library's own HttpURLConnectionClient
//   (so headers and auth are the library's, not ours) and, at the last step, sends the request it
//   built to the loopback server over plain http instead.
import http from "node:http";
import type { ClientRequest, IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

import adyen from "@adyen/api-library";
import Stripe from "stripe";

import { decodeForm as decodeFormImpl, type HttpRequest } from "./openapi.js";

/** One implementation, in openapi.ts: `a[b][0]=x` becomes `{a: {b: ["x"]}}`. */
export function decodeForm(body: string): Record<string, unknown> {
  return decodeFormImpl(body);
}

export interface CapturedRequest {
  method: string;
  /** The URL the SDK meant to reach, e.g. "https://api.stripe.com/v1/payment_intents". */
  url: string;
  /** Path with query string, as sent, e.g. "/v1/payment_intents/pi_123?expand[0]=customer". */
  path: string;
  /** Header names lowercased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The raw body ("" when none). */
  body: string;
}

/** Obviously fake credentials: the SDKs need some, nothing checks them. */
export const STRIPE_TEST_KEY = "sk_test_oracle_not_a_real_key";
export const ADYEN_TEST_KEY = "adyen_oracle_not_a_real_key";

// ---------------------------------------------------------------------------------------------
// The loopback recorder

export interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Recorder {
  port: number;
  requests: Recorded[];
  close(): Promise<void>;
}

function flattenHeaders(h: IncomingHttpHeaders | http.OutgoingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  return out;
}

export async function startRecorder(respond: unknown, status = 200): Promise<Recorder> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: flattenHeaders(req.headers),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const payload = JSON.stringify(respond ?? {});
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(payload),
        "request-id": "req_oracle_capture",
      });
      res.end(payload);
    });
  });
  // a TLS hello or other junk must not crash the recorder
  server.on("clientError", (_err, socket) => socket.destroy());
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

function only(requests: Recorded[], sdk: string): Recorded {
  if (requests.length !== 1) {
    throw new Error(`${sdk}: expected the call to send exactly one request, it sent ${requests.length}`);
  }
  return requests[0];
}

// ---------------------------------------------------------------------------------------------
// Stripe

const STRIPE_ORIGIN = "https://api.stripe.com";

/**
 * Runs `call` with a Stripe client (stripe-node v23) pointed at the recorder and returns the one
 * request it sent. `respond` is the JSON the recorder answers with (default a bare PaymentIntent).
 */
export async function captureStripe(
  call: (stripe: Stripe) => Promise<unknown>,
  respond: object = { id: "pi_oracle", object: "payment_intent" },
): Promise<CapturedRequest> {
  const rec = await startRecorder(respond);
  try {
    const stripe = new Stripe(STRIPE_TEST_KEY, {
      host: "127.0.0.1",
      port: rec.port,
      protocol: "http",
      maxNetworkRetries: 0,
      telemetry: false,
    });
    await call(stripe);
    const r = only(rec.requests, "stripe");
    return { ...r, url: STRIPE_ORIGIN + r.path };
  } finally {
    await rec.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Adyen

const { Client, CheckoutAPI, HttpURLConnectionClient, EnvironmentEnum } = adyen;
type AdyenConfig = InstanceType<typeof adyen.Config>;
/** The library's ClientInterface (not exported by name): what `new Client(config, httpClient)` takes. */
type AdyenClientInterface = NonNullable<ConstructorParameters<typeof Client>[1]>;
type AdyenRequestOptions = Parameters<AdyenClientInterface["request"]>[4];
export type AdyenPaymentsApi = InstanceType<typeof CheckoutAPI>["PaymentsApi"];
export type AdyenCheckout = InstanceType<typeof CheckoutAPI>;

/** The library's private last step, which we replace (checked at run time, see below). */
type DoRequest = (req: ClientRequest, body: string | Buffer, allowRedirect: boolean) => Promise<string>;

/**
 * An Adyen httpClient that lets the library's own HttpURLConnectionClient build the request
 * (auth headers, content type, idempotency key, user agent, query string) and then, instead of
 * sending it to Adyen, replays it to the loopback recorder over plain http.
 */
class AdyenLoopbackClient implements AdyenClientInterface {
  private readonly inner = new HttpURLConnectionClient();
  readonly endpoints: string[] = [];

  constructor(private readonly port: number) {
    const inner = this.inner as unknown as { doRequest?: DoRequest };
    if (typeof inner.doRequest !== "function") {
      throw new Error("@adyen/api-library internals changed: HttpURLConnectionClient.doRequest is gone; update sdk-capture.ts");
    }
    inner.doRequest = (built, body) => this.replay(built, body);
  }

  request(endpoint: string, json: string | Buffer, config: AdyenConfig, isApiRequired: boolean, requestOptions?: AdyenRequestOptions): Promise<string> {
    this.endpoints.push(endpoint);
    // The library opens its https request to the endpoint's host as soon as it builds it; point
    // that at the loopback recorder (which drops TLS hellos), so no name is ever resolved.
    const local = new URL(endpoint);
    local.hostname = "127.0.0.1";
    local.port = String(this.port);
    return this.inner.request(local.toString(), json, config, isApiRequired, requestOptions);
  }

  private replay(built: ClientRequest, body: string | Buffer): Promise<string> {
    const headers = built.getHeaders();
    const method = built.method;
    const path = built.path;
    built.on("error", () => {}); // it was never meant to be sent
    built.destroy();
    return new Promise<string>((ok, fail) => {
      const req = http.request({ host: "127.0.0.1", port: this.port, method, path, headers }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => ((res.statusCode ?? 500) >= 400 ? fail(new Error(`HTTP ${res.statusCode}`)) : ok(text)));
      });
      req.on("error", fail);
      req.end(body);
    });
  }
}

export interface AdyenCaptureOptions {
  /** Default TEST (checkout-test.adyen.com). LIVE needs liveEndpointUrlPrefix. */
  environment?: "TEST" | "LIVE";
  liveEndpointUrlPrefix?: string;
  /** Authenticate with username/password (Basic) instead of the API key. */
  basicAuth?: { username: string; password: string };
}

/**
 * Runs `call` with an @adyen/api-library Client wired to the recorder (for its other APIs: the
 * Disputes API) and returns the one request it sent, with the Adyen URL the library targeted.
 */
export async function captureAdyenClient(
  call: (client: InstanceType<typeof Client>) => Promise<unknown>,
  respond: object = {},
): Promise<CapturedRequest> {
  const rec = await startRecorder(respond);
  try {
    const loopback = new AdyenLoopbackClient(rec.port);
    const client = new Client({ environment: EnvironmentEnum.TEST, apiKey: ADYEN_TEST_KEY }, loopback);
    await call(client);
    const r = only(rec.requests, "adyen");
    const query = r.path.includes("?") ? r.path.slice(r.path.indexOf("?")) : "";
    return { ...r, url: loopback.endpoints[0] + query };
  } finally {
    await rec.close();
  }
}

/**
 * Runs `call` with the Checkout PaymentsApi of @adyen/api-library (v32: Checkout API v72) wired to
 * the recorder and returns the one request it sent. `url` is the Adyen URL the library targeted.
 */
export async function captureAdyen(
  call: (payments: AdyenPaymentsApi, checkout: AdyenCheckout) => Promise<unknown>,
  respond: object = { pspReference: "PSP_ORACLE", resultCode: "Authorised" },
  opts: AdyenCaptureOptions = {},
): Promise<CapturedRequest> {
  const rec = await startRecorder(respond);
  try {
    const loopback = new AdyenLoopbackClient(rec.port);
    const client = new Client(
      {
        environment: opts.environment === "LIVE" ? EnvironmentEnum.LIVE : EnvironmentEnum.TEST,
        liveEndpointUrlPrefix: opts.liveEndpointUrlPrefix,
        ...(opts.basicAuth ? opts.basicAuth : { apiKey: ADYEN_TEST_KEY }),
      },
      loopback,
    );
    const checkout = new CheckoutAPI(client);
    await call(checkout.PaymentsApi, checkout);
    const r = only(rec.requests, "adyen");
    const query = r.path.includes("?") ? r.path.slice(r.path.indexOf("?")) : "";
    return { ...r, url: loopback.endpoints[0] + query };
  } finally {
    await rec.close();
  }
}

// ---------------------------------------------------------------------------------------------

const SENSITIVE_HEADERS = new Set(["authorization", "x-api-key"]);

/**
 * The captured request as the sidecar's HttpRequest, e.g. to run it through validateRequest.
 * Credentials are marked sensitive; the body is marked sensitive (it may hold card data).
 */
export function toHttpRequest(c: CapturedRequest): HttpRequest {
  const skip = new Set(["host", "content-length", "connection", "transfer-encoding"]);
  return {
    url: c.url,
    method: c.method.toUpperCase() as HttpRequest["method"],
    headers: Object.entries(c.headers)
      .filter(([k]) => !skip.has(k))
      .map(([name, value]) => ({ name, value, sensitive: SENSITIVE_HEADERS.has(name) })),
    body:
      c.body === ""
        ? null
        : {
            contentType: c.headers["content-type"] ?? "application/octet-stream",
            encoding: "utf8",
            data: c.body,
            sensitive: true,
          },
  };
}
