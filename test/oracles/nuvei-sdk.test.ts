// Nuvei's official Node SDK (npm `nuvei` 1.0.2, "Nuvei digital REST API wrapper for Nodejs") as a
// differential oracle: for the same call, the body the SDK builds (its fields, its
// clientRequestId and timeStamp, its checksum over its own field order) and the body our sidecar
// builds, compared field by field, checksum included.
//
// How the SDK's request is captured: the SDK posts with the `request` library to hosts it
// hard-codes (https://ppp-test.nuvei.com for env "test"); the test replaces that library's `post`
// with a recorder that answers like Nuvei (HTTP 200, errCode 0), so the SDK's own code builds and
// signs the request and nothing leaves the machine. Our side is then given the SDK's
// clientRequestId (as idempotencyKey) and its timeStamp (as options.now), the two values the SDK
// draws itself (uuid v1, the clock), so every other byte must agree.
//
// The SDK calls are written as a developer using the SDK would write them, not from our request.
import assert from "node:assert/strict";
import { createRequire } from "node:module";

import { SidecarPool } from "../../client/pool.js";
import type { TransformRequestParams } from "../../protocol/index.js";
import { diffFields, unexplained, type ExpectedDifference } from "./helpers.js";

const require = createRequire(import.meta.url);

const MERCHANT_ID = "479748173730597238";
const SITE_ID = "180083";
const SECRET = "sdk_oracle_not_a_real_secret";
const AUTH = { merchantId: MERCHANT_ID, merchantSiteId: SITE_ID, merchantSecretKey: SECRET };
const CARD = { number: "4000023104662535", expMonth: "12", expYear: "2030", cvc: "217", holderName: "John Smith" };

interface Captured {
  url: string;
  body: Record<string, unknown>;
}

/** The SDK, with `request.post` recorded: each call resolves with what the SDK sent. */
function sdk(): { nuvei: any; sent: Captured[] } {
  const request = require("request");
  const sent: Captured[] = [];
  request.post = (opts: { uri: string; baseUrl: string; json: Record<string, unknown> }, cb: (e: unknown, r: unknown, b: unknown) => void) => {
    sent.push({ url: `${opts.baseUrl}${opts.uri}`, body: JSON.parse(JSON.stringify(opts.json)) as Record<string, unknown> });
    cb(null, { statusCode: 200 }, { status: "SUCCESS", errCode: 0, reason: "" });
  };
  const nuvei = require("nuvei");
  nuvei.initiate(MERCHANT_ID, SITE_ID, SECRET, "test");
  assert.equal(nuvei.getAlgorithm(), "sha256");
  return { nuvei, sent };
}

function call(fn: (data: Record<string, unknown>, cb: (err: unknown) => void) => void, data: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => fn(data, (err) => (err ? reject(new Error(`the SDK refused: ${JSON.stringify(err)}`)) : resolve())));
}

/** `20260131120000` → `2026-01-31T12:00:00Z`: the SDK's timeStamp as our options.now. */
function isoOf(ts: unknown): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(String(ts));
  assert.ok(m, `the SDK's timeStamp ${String(ts)} is YYYYMMDDHHmmss`);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
}

describe("Nuvei's Node SDK (npm nuvei) builds the same requests", function () {
  let pool: SidecarPool;
  let nuvei: any;
  let sent: Captured[];

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    ({ nuvei, sent } = sdk());
  });
  after(() => pool?.close());

  async function compare(flow: string, sdkCall: () => Promise<void>, ourRequest: (sdkBody: Record<string, unknown>) => Record<string, unknown>, expected: ExpectedDifference[] = []) {
    sent.length = 0;
    await sdkCall();
    assert.equal(sent.length, 1, "the SDK sent one request");
    const theirs = sent[0]!;
    const params = {
      connector: "nuvei",
      flow,
      auth: AUTH,
      request: { ...ourRequest(theirs.body), idempotencyKey: theirs.body.clientRequestId },
      options: { now: isoOf(theirs.body.timeStamp) },
    } as unknown as TransformRequestParams;
    const ours = await pool.transformRequest(params);
    assert.equal(ours.method, "POST");
    // The SDK's base is `<host>/ppp/` + `/api/v1/` (lib/snr.js), so its path has a doubled slash
    // (`/ppp//api/v1/payment.do`) that the server reads as one: compared with it collapsed.
    assert.match(theirs.url, /^https:\/\/ppp-test\.nuvei\.com\/ppp\/\/api\/v1\/\w+\.do$/);
    assert.equal(ours.url, theirs.url.replace("/ppp//api/", "/ppp/api/"), "the same endpoint");
    const body = JSON.parse(ours.body!.data) as Record<string, unknown>;
    const problems = unexplained(diffFields(body, theirs.body), expected);
    // No card data in a failure message: the card's fields are compared but shown masked.
    assert.deepEqual(problems.map((p) => p.replace(/\d{12,19}/g, "[pan]")), [], flow);
    assert.equal(body.checksum, theirs.body.checksum, "the same checksum");
  }

  it("getSessionToken", async () => {
    await compare("createAccessToken", () => call((d, cb) => nuvei.getSessionToken(d, cb), {}), () => ({}));
  });

  it("payment: a card authorization (transactionType Auth)", async () => {
    const session = "2da9e9a9-b6bb-4c9d-a9da-e27fd5a5bd9b";
    const data = {
      sessionToken: session,
      clientUniqueId: "order_1001",
      userTokenId: "230811147",
      amount: "10.50",
      currency: "USD",
      transactionType: "Auth",
      paymentOption: { card: { cardNumber: CARD.number, cardHolderName: CARD.holderName, expirationMonth: CARD.expMonth, expirationYear: CARD.expYear, CVV: CARD.cvc } },
      billingAddress: { firstName: "John", lastName: "Smith", address: "22 Main Street", city: "Boston", zip: "02146", country: "US", email: "john.smith@example.com" },
      deviceDetails: { ipAddress: "192.168.2.38" },
    };
    await compare("authorize", () => call(nuvei.paymentService.createPayment, data), () => ({
      merchantTransactionId: "order_1001",
      amount: { minorAmount: 1050, currency: "USD" },
      paymentMethod: { type: "card", card: CARD },
      captureMethod: "manual",
      customer: { id: "230811147", email: "john.smith@example.com" },
      billingAddress: { firstName: "John", lastName: "Smith", line1: "22 Main Street", city: "Boston", postalCode: "02146", country: "US" },
      browserInfo: { ipAddress: "192.168.2.38" },
      state: { accessToken: session },
    }));
  });

  it("settleTransaction: part of an Auth", async () => {
    const data = { clientUniqueId: "order_1001-capture", amount: "6.00", currency: "USD", relatedTransactionId: "711000000009793496" };
    await compare("capture", () => call(nuvei.paymentService.settleTransaction, data), () => ({
      connectorTransactionId: "711000000009793496",
      amountToCapture: { minorAmount: 600, currency: "USD" },
      merchantCaptureId: "order_1001-capture",
    }));
  });

  it("voidTransaction with a comment", async () => {
    const data = { clientUniqueId: "order_1001", amount: "10.50", currency: "USD", relatedTransactionId: "711000000009793496", comment: "requested_by_customer" };
    await compare("void", () => call(nuvei.paymentService.voidTransaction, data), () => ({
      connectorTransactionId: "711000000009793496",
      merchantTransactionId: "order_1001",
      amount: { minorAmount: 1050, currency: "USD" },
      reason: "requested_by_customer",
    }));
  });

  it("refundTransaction: part of a Settle, with a notification URL (signed)", async () => {
    const data = {
      clientUniqueId: "order_1001-refund-1",
      amount: "1.50",
      currency: "USD",
      relatedTransactionId: "711000000009793497",
      comment: "requested_by_customer",
      urlDetails: { notificationUrl: "https://shop.example/nuvei/dmn" },
    };
    await compare("refund", () => call(nuvei.paymentService.refundTransaction, data), () => ({
      connectorTransactionId: "711000000009793497",
      merchantRefundId: "order_1001-refund-1",
      refundAmount: { minorAmount: 150, currency: "USD" },
      reason: "requested_by_customer",
      webhookUrl: "https://shop.example/nuvei/dmn",
    }));
  });
});
