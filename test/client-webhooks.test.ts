/**
 * The webhook helper: `client.webhookHandler` behind a real node:http server, fed webhooks signed
 * IN THE TEST with each processor's documented algorithm (node:crypto, not our code), through the
 * real sidecar; and `client.parseWebhook` with the header and body shapes Node hands out.
 *
 * Stripe:  Stripe-Signature: t=<unix>,v1=hex(HMAC-SHA256(secret, "<t>.<raw body>"))
 *          (docs.stripe.com/webhooks#verify-manually)
 * Adyen:   additionalData.hmacSignature = base64(HMAC-SHA256(hex-decoded key,
 *          "pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success"))
 *          (docs.adyen.com/development-resources/webhooks/verify-hmac-signatures)
 * PhonePe: X-VERIFY = hex(SHA256(<base64 response> + saltKey)) + "###" + saltIndex, body {"response": <base64>}
 *          (PhonePe PG server-to-server callback)
 * Square:  x-square-hmacsha256-signature = base64(HMAC-SHA256(signatureKey, <notification URL> + <raw body>))
 *          (developer.squareup.com/docs/webhooks/step3validate)
 * A connector whose listConnectors entry says `webhooks: false` is skipped with one line.
 */
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import type { ConnectorInfo, WebhookEvent, WebhookResult } from "../protocol/index.js";
import { PaymentsClient } from "../client/flows.js";
import { SidecarPool } from "../client/pool.js";
import type { WebhookHandlerOptions } from "../client/webhooks.js";

const STRIPE_SECRET = "whsec_test_5b1c0e8f2a9d4c3b";
const ADYEN_HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
const PHONEPE = { saltKey: "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399", saltIndex: "1" };

interface Delivery {
  status: number;
  body: string;
  contentType: string | undefined;
}

/** POSTs raw bytes to the endpoint, as a processor would. */
function deliver(url: string, body: string | Buffer, headers: Record<string, string>, method = "POST"): Promise<Delivery> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { "content-type": "application/json", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), contentType: res.headers["content-type"] }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

// ---------- signers, from the processors' documentation ----------

function stripeSignature(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex")}`;
}

function stripeEvent(type: string, object: Record<string, unknown>): string {
  const created = Math.floor(Date.now() / 1000);
  return JSON.stringify({ id: "evt_1TestWebhook", object: "event", api_version: "2023-08-16", created, livemode: false, pending_webhooks: 1, type, data: { object } });
}

const STRIPE_PI_SUCCEEDED = stripeEvent("payment_intent.succeeded", {
  id: "pi_3TestWebhook",
  object: "payment_intent",
  amount: 2000,
  amount_capturable: 0,
  amount_received: 2000,
  capture_method: "automatic",
  currency: "usd",
  status: "succeeded",
  metadata: {},
  livemode: false,
});

function adyenNotification(key: string, item: Record<string, unknown>, tamper?: (i: Record<string, any>) => void): string {
  const amount = item.amount as { value: number; currency: string };
  const signed = [item.pspReference, item.originalReference ?? "", item.merchantAccountCode, item.merchantReference, amount.value, amount.currency, item.eventCode, item.success].join(":");
  const hmacSignature = createHmac("sha256", Buffer.from(key, "hex")).update(signed, "utf8").digest("base64");
  const full: Record<string, any> = { ...item, additionalData: { hmacSignature } };
  tamper?.(full);
  return JSON.stringify({ live: "false", notificationItems: [{ NotificationRequestItem: full }] });
}

const ADYEN_REFUND = {
  amount: { value: 1500, currency: "EUR" },
  eventCode: "REFUND",
  eventDate: "2026-11-26T12:00:00+01:00",
  merchantAccountCode: "DemoMerchantECOM",
  merchantReference: "refund-7",
  originalReference: "V4HZ4RBFJGXXGN82",
  pspReference: "KHQC5N7G84BLNK43",
  reason: "",
  success: "true",
};

function phonepeCallback(saltKey: string, saltIndex: string, payload: Record<string, unknown>): { body: string; xVerify: string } {
  const response = Buffer.from(JSON.stringify(payload), "utf8").toString("base64");
  const xVerify = `${createHash("sha256").update(response + saltKey, "utf8").digest("hex")}###${saltIndex}`;
  return { body: JSON.stringify({ response }), xVerify };
}

const PHONEPE_SUCCESS = {
  success: true,
  code: "PAYMENT_SUCCESS",
  message: "Your payment is successful.",
  data: {
    merchantId: "PGTESTPAYUAT",
    merchantTransactionId: "MT7850590068188104",
    transactionId: "T2111221437456190170379",
    amount: 49900,
    state: "COMPLETED",
    responseCode: "SUCCESS",
    paymentInstrument: { type: "UPI", utr: "206378866112" },
  },
};

function squareSignature(signatureKey: string, url: string, body: string): string {
  return createHmac("sha256", signatureKey).update(url + body, "utf8").digest("base64");
}

const SQUARE_KEY = "square_test_signature_key";
const SQUARE_PAYMENT_COMPLETED = JSON.stringify({
  merchant_id: "6SSW7HV8K2ST5",
  type: "payment.updated",
  event_id: "6a8f5f28-54a1-4eb0-a98a-3111513fd4fc",
  created_at: "2026-11-26T12:00:00.000Z",
  data: {
    type: "payment",
    id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY",
    object: {
      payment: {
        id: "hYy9pRFVxpDsO1FB05SunFWUe9JZY",
        amount_money: { amount: 2500, currency: "USD" },
        total_money: { amount: 2500, currency: "USD" },
        status: "COMPLETED",
        source_type: "CARD",
        location_id: "L88917AVBK2S5",
        order_id: "pRsjRTgFWATl7so6DxdKBJa7ssbZY",
        created_at: "2026-11-26T11:59:58.000Z",
        updated_at: "2026-11-26T12:00:00.000Z",
        version: 2,
      },
    },
  },
});

// ---------- the endpoint ----------

interface Endpoint {
  url: string;
  events: WebhookEvent[];
  rejections: { status: number; reason: string }[];
  close(): Promise<void>;
}

async function endpoint(client: PaymentsClient, opts: Omit<WebhookHandlerOptions, "onEvent" | "onRejected"> & Partial<Pick<WebhookHandlerOptions, "onEvent">>, preparse?: (req: any) => void | Promise<void>): Promise<Endpoint> {
  const events: WebhookEvent[] = [];
  const rejections: { status: number; reason: string }[] = [];
  const handler = client.webhookHandler({
    onEvent: (e) => void events.push(e),
    ...opts,
    onRejected: (r) => rejections.push({ status: r.status, reason: r.reason }),
  });
  const server: Server = createServer(async (req, res) => {
    await preparse?.(req);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    events,
    rejections,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Nothing a refusal says may hold the secret or the signature. */
function assertNothingLeaked(d: Delivery, ep: Endpoint, ...secrets: string[]): void {
  for (const s of secrets) {
    assert.ok(!d.body.includes(s), "the answer quotes a secret or signature");
    for (const r of ep.rejections) assert.ok(!r.reason.includes(s), `onRejected quotes a secret or signature: ${r.reason}`);
  }
}

describe("webhook helper (client.webhookHandler / client.parseWebhook)", function () {
  let pool: SidecarPool;
  let client: PaymentsClient;
  let connectors: ConnectorInfo[];
  const readsWebhooks = (name: string) => connectors.find((c) => c.name === name)?.webhooks === true;
  /** These tests are about connectors that read webhooks: one that stops reading them fails here. */
  const requireWebhooks = (name: string) => {
    assert.ok(readsWebhooks(name), `the ${name} connector does not read webhooks in this build (listConnectors)`);
  };

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    client = new PaymentsClient(pool);
    connectors = await pool.listConnectors();
  });
  after(async () => {
    await pool?.close();
  });

  describe("Stripe", () => {
    let ep: Endpoint;
    beforeEach(async () => {
      requireWebhooks("stripe");
      ep = await endpoint(client, { connector: "stripe", secret: STRIPE_SECRET });
    });
    afterEach(async () => ep?.close());

    it("a correctly signed event is verified, handed to onEvent as a unified event, and acknowledged", async () => {
      const d = await deliver(ep.url, STRIPE_PI_SUCCEEDED, { "Stripe-Signature": stripeSignature(STRIPE_SECRET, STRIPE_PI_SUCCEEDED) });
      assert.equal(d.status, 200, d.body);
      assert.deepEqual(ep.rejections, []);
      assert.equal(ep.events.length, 1);
      const e = ep.events[0]!;
      assert.equal(e.kind, "payment");
      assert.equal(e.eventType, "payment_intent.succeeded");
      assert.equal(e.connectorEventId, "evt_1TestWebhook");
      assert.equal(e.connectorTransactionId, "pi_3TestWebhook");
      assert.equal(e.paymentStatus, "charged");
      assert.deepEqual(e.amount, { minorAmount: 2000, currency: "USD" });
    });

    it("a wrong secret, an altered body and an expired timestamp are answered 4xx, never handed on, never quoted", async () => {
      const sig = stripeSignature("whsec_someone_else", STRIPE_PI_SUCCEEDED);
      const wrong = await deliver(ep.url, STRIPE_PI_SUCCEEDED, { "Stripe-Signature": sig });
      const good = stripeSignature(STRIPE_SECRET, STRIPE_PI_SUCCEEDED);
      const altered = await deliver(ep.url, STRIPE_PI_SUCCEEDED.replace('"amount":2000', '"amount":2'), { "Stripe-Signature": good });
      const old = Math.floor(Date.now() / 1000) - 3600;
      const expired = await deliver(ep.url, STRIPE_PI_SUCCEEDED, { "Stripe-Signature": stripeSignature(STRIPE_SECRET, STRIPE_PI_SUCCEEDED, old) });
      const unsigned = await deliver(ep.url, STRIPE_PI_SUCCEEDED, {});
      for (const [name, d] of Object.entries({ wrong, altered, expired, unsigned })) {
        assert.ok(d.status === 400 || d.status === 401, `${name}: ${d.status}`);
        assertNothingLeaked(d, ep, STRIPE_SECRET, good.split("v1=")[1]!, sig.split("v1=")[1]!);
      }
      assert.equal(ep.events.length, 0);
      assert.equal(ep.rejections.length, 4);
      for (const r of ep.rejections) assert.match(r.reason, /^not verified: /);
    });

    it("during a secret rotation either secret verifies", async () => {
      const rotating = await endpoint(client, { connector: "stripe", secret: ["whsec_old_retired", STRIPE_SECRET] });
      try {
        const d = await deliver(rotating.url, STRIPE_PI_SUCCEEDED, { "Stripe-Signature": stripeSignature(STRIPE_SECRET, STRIPE_PI_SUCCEEDED) });
        assert.equal(d.status, 200);
        assert.equal(rotating.events.length, 1);
      } finally {
        await rotating.close();
      }
    });

    it("onEvent failing answers 500 so the processor delivers again", async () => {
      const failing = await endpoint(client, {
        connector: "stripe",
        secret: STRIPE_SECRET,
        onEvent: () => {
          throw new Error("database down");
        },
      });
      try {
        const d = await deliver(failing.url, STRIPE_PI_SUCCEEDED, { "Stripe-Signature": stripeSignature(STRIPE_SECRET, STRIPE_PI_SUCCEEDED) });
        assert.equal(d.status, 500);
        assert.equal(d.body, "internal error");
        assert.match(failing.rejections[0]!.reason, /onEvent failed for payment_intent\.succeeded/);
      } finally {
        await failing.close();
      }
    });

    it("refuses other methods (405), bodies over the limit (413) and a body a JSON parser already consumed (500)", async () => {
      const get = await deliver(ep.url, "", {}, "GET");
      assert.equal(get.status, 405);
      const small = await endpoint(client, { connector: "stripe", secret: STRIPE_SECRET, maxBodyBytes: 64 });
      try {
        const big = await deliver(small.url, STRIPE_PI_SUCCEEDED, { "Stripe-Signature": stripeSignature(STRIPE_SECRET, STRIPE_PI_SUCCEEDED) });
        assert.equal(big.status, 413);
      } finally {
        await small.close();
      }
      // What express.json() leaves behind: the raw bytes are gone, so no signature can be checked.
      const parsed = await endpoint(client, { connector: "stripe", secret: STRIPE_SECRET }, (req) => {
        req.body = { id: "evt_1" };
      });
      try {
        const d = await deliver(parsed.url, STRIPE_PI_SUCCEEDED, { "Stripe-Signature": stripeSignature(STRIPE_SECRET, STRIPE_PI_SUCCEEDED) });
        assert.equal(d.status, 500);
        assert.match(parsed.rejections[0]!.reason, /express\.raw/);
        assert.equal(parsed.events.length, 0);
      } finally {
        await parsed.close();
      }
    });

    it("takes the body an express.raw() parser left as a Buffer", async () => {
      // What express.raw() does: the stream is read to its end into req.body before the handler runs.
      const raw = await endpoint(client, { connector: "stripe", secret: STRIPE_SECRET }, async (req) => {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        req.body = Buffer.concat(chunks);
      });
      try {
        const d = await deliver(raw.url, STRIPE_PI_SUCCEEDED, { "Stripe-Signature": stripeSignature(STRIPE_SECRET, STRIPE_PI_SUCCEEDED) });
        assert.equal(d.status, 200, d.body);
        assert.equal(raw.events.length, 1);
      } finally {
        await raw.close();
      }
    });

    it("parseWebhook takes a Buffer or a string body and headers as node's object, a fetch Headers or a list", async () => {
      const sig = stripeSignature(STRIPE_SECRET, STRIPE_PI_SUCCEEDED);
      const shapes: Parameters<PaymentsClient["parseWebhook"]>[0][] = [
        { connector: "stripe", secret: STRIPE_SECRET, body: Buffer.from(STRIPE_PI_SUCCEEDED), headers: { "stripe-signature": sig } },
        { connector: "stripe", secret: STRIPE_SECRET, body: STRIPE_PI_SUCCEEDED, headers: new Headers({ "Stripe-Signature": sig }) },
        { connector: "stripe", secret: STRIPE_SECRET, body: new Uint8Array(Buffer.from(STRIPE_PI_SUCCEEDED)), headers: [{ name: "Stripe-Signature", value: sig }] },
      ];
      for (const call of shapes) {
        const r: WebhookResult = await client.parseWebhook(call);
        assert.equal(r.verified, true, r.reason);
        assert.equal(r.events[0]?.connectorTransactionId, "pi_3TestWebhook");
      }
      const wrong = await client.parseWebhook({ connector: "stripe", secret: "whsec_wrong", body: STRIPE_PI_SUCCEEDED, headers: { "stripe-signature": sig } });
      assert.equal(wrong.verified, false);
      assert.deepEqual(wrong.events, []);
      assert.ok(wrong.reason && !wrong.reason.includes("whsec_wrong") && !wrong.reason.includes(sig.split("v1=")[1]!), wrong.reason);
    });
  });

  describe("Adyen", () => {
    let ep: Endpoint;
    beforeEach(async () => {
      requireWebhooks("adyen");
      ep = await endpoint(client, { connector: "adyen", secret: ADYEN_HMAC_KEY });
    });
    afterEach(async () => ep?.close());

    it("a notification with a correct hmacSignature is verified and acknowledged with [accepted]", async () => {
      const d = await deliver(ep.url, adyenNotification(ADYEN_HMAC_KEY, ADYEN_REFUND), {});
      assert.equal(d.status, 200, d.body);
      assert.equal(d.body, "[accepted]");
      assert.equal(ep.events.length, 1);
      const e = ep.events[0]!;
      assert.equal(e.kind, "refund");
      assert.equal(e.eventType, "REFUND");
      assert.equal(e.refundStatus, "success");
      assert.equal(e.connectorRefundId, "KHQC5N7G84BLNK43");
      assert.equal(e.connectorTransactionId, "V4HZ4RBFJGXXGN82");
      assert.deepEqual(e.amount, { minorAmount: 1500, currency: "EUR" });
    });

    it("a wrong key or an altered amount is refused and never handed on", async () => {
      const wrongKey = "0".repeat(64);
      const wrong = await deliver(ep.url, adyenNotification(wrongKey, ADYEN_REFUND), {});
      const altered = await deliver(ep.url, adyenNotification(ADYEN_HMAC_KEY, ADYEN_REFUND, (i) => (i.amount = { value: 150000, currency: "EUR" })), {});
      for (const d of [wrong, altered]) {
        assert.ok(d.status === 400 || d.status === 401, String(d.status));
        assertNothingLeaked(d, ep, ADYEN_HMAC_KEY);
      }
      assert.equal(ep.events.length, 0);
    });
  });

  describe("Square", () => {
    let ep: Endpoint;
    beforeEach(async () => {
      requireWebhooks("square");
      ep = await endpoint(client, { connector: "square", secret: SQUARE_KEY, url: "https://shop.example/webhooks/square" });
    });
    afterEach(async () => ep?.close());

    it("a notification signed over the registered URL and the body is verified (the handler's `url` option)", async () => {
      const sig = squareSignature(SQUARE_KEY, "https://shop.example/webhooks/square", SQUARE_PAYMENT_COMPLETED);
      const d = await deliver(ep.url, SQUARE_PAYMENT_COMPLETED, { "x-square-hmacsha256-signature": sig });
      assert.ok(d.status >= 200 && d.status < 300, `${d.status} ${d.body}`);
      assert.equal(ep.events.length, 1);
      const e = ep.events[0]!;
      assert.equal(e.kind, "payment");
      assert.equal(e.paymentStatus, "charged");
      assert.equal(e.connectorTransactionId, "hYy9pRFVxpDsO1FB05SunFWUe9JZY");
      assert.deepEqual(e.amount, { minorAmount: 2500, currency: "USD" });
    });

    it("a signature over another URL (what a proxy's Host would give) is refused", async () => {
      const sig = squareSignature(SQUARE_KEY, ep.url, SQUARE_PAYMENT_COMPLETED);
      const d = await deliver(ep.url, SQUARE_PAYMENT_COMPLETED, { "x-square-hmacsha256-signature": sig });
      assert.ok(d.status === 400 || d.status === 401, String(d.status));
      assertNothingLeaked(d, ep, SQUARE_KEY, sig);
      assert.equal(ep.events.length, 0);
    });
  });

  describe("PhonePe", () => {
    let ep: Endpoint;
    beforeEach(async () => {
      requireWebhooks("phonepe");
      ep = await endpoint(client, { connector: "phonepe", secret: PHONEPE.saltKey });
    });
    afterEach(async () => ep?.close());

    it("a callback with a correct X-VERIFY is verified into a charged payment event", async () => {
      const { body, xVerify } = phonepeCallback(PHONEPE.saltKey, PHONEPE.saltIndex, PHONEPE_SUCCESS);
      const d = await deliver(ep.url, body, { "X-VERIFY": xVerify });
      assert.ok(d.status >= 200 && d.status < 300, `${d.status} ${d.body}`);
      assert.equal(ep.events.length, 1);
      const e = ep.events[0]!;
      assert.equal(e.kind, "payment");
      assert.equal(e.paymentStatus, "charged");
      assert.equal(e.merchantTransactionId ?? e.connectorTransactionId, "MT7850590068188104");
      assert.deepEqual(e.amount, { minorAmount: 49900, currency: "INR" });
    });

    it("a callback signed with another salt key is refused, the key never quoted", async () => {
      const { body, xVerify } = phonepeCallback("another-salt-key", PHONEPE.saltIndex, PHONEPE_SUCCESS);
      const d = await deliver(ep.url, body, { "X-VERIFY": xVerify });
      assert.ok(d.status === 400 || d.status === 401, String(d.status));
      assertNothingLeaked(d, ep, PHONEPE.saltKey, xVerify.split("###")[0]!);
      assert.equal(ep.events.length, 0);
    });
  });
});

describe("webhookHandler against slow and oversized senders (issue 14 item 8)", function () {
  this.timeout(10_000);

  /** Sends `head` and `partialBody` on a raw socket, never the rest; resolves with the status line's code and how long it took. */
  function partialDelivery(url: string, declaredLength: number, partialBody: string): Promise<{ status: number; ms: number }> {
    const { port } = new URL(url);
    const t0 = Date.now();
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(`POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${declaredLength}\r\n\r\n${partialBody}`);
      });
      let got = "";
      socket.on("data", (d: Buffer) => {
        got += d.toString("latin1");
        const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
        if (m) {
          resolve({ status: Number(m[1]), ms: Date.now() - t0 });
          socket.destroy();
        }
      });
      socket.on("error", reject);
      setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer within 5 s: ${JSON.stringify(got)}`));
      }, 5000);
    });
  }

  it("answers 413 as soon as the declared or received length passes the limit, without reading the rest", async () => {
    const client = new PaymentsClient({} as never);
    const ep = await endpoint(client, { connector: "stripe", secret: "whsec_x", maxBodyBytes: 1024 });
    try {
      const declared = await partialDelivery(ep.url, 10 * 1024 * 1024, "x".repeat(100));
      assert.equal(declared.status, 413);
      assert.ok(declared.ms < 2000, `${declared.ms} ms`);
    } finally {
      await ep.close();
    }
  });

  it("answers 408 to a sender that stops sending its body", async () => {
    const client = new PaymentsClient({} as never);
    const ep = await endpoint(client, { connector: "stripe", secret: "whsec_x", bodyTimeoutMs: 300 });
    try {
      const slow = await partialDelivery(ep.url, 100, "{\"id\":");
      assert.equal(slow.status, 408);
      assert.ok(slow.ms < 2000, `${slow.ms} ms`);
    } finally {
      await ep.close();
    }
  });
});
