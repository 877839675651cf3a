// Global Payments' official Node SDK (npm `globalpayments-api` 3.10.10, GPL-2.0, used here as a
// test tool only) as a differential oracle: for the same call, the requests the SDK puts on the
// wire (POST /accesstoken with its nonce and SHA-512 secret, POST /transactions, the capture,
// refund and reversal calls, a dispute's read, acceptance and challenge, a local payment method's
// charge) and the requests our sidecar builds, compared body for body with the
// headers GP reads (X-GP-Version, x-gp-idempotency, the bearer token).
//
// How the SDK's requests are captured: the SDK sends with Node's `https.request`; the test replaces
// it with a recorder that answers like GP (the access token, then a transaction), so the SDK's own
// code builds every request and nothing leaves the machine. Our side is given the SDK's nonce (an
// ISO timestamp the SDK draws from the clock) as options.nonce, the only value the SDK draws itself.
//
// The SDK calls are written as a developer using the SDK would write them, not from our request.
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { createRequire } from "node:module";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, TransformRequestParams } from "../../protocol/index.js";

const require = createRequire(import.meta.url);

const APP_ID = "sdk_oracle_app_id_not_real";
const APP_KEY = "sdk_oracle_app_key";
const TOKEN = "sdk_oracle_token";
const TRN = "TRN_BHZ1whvNJnMvB6dPwf3znwWTsPjCn0";

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** What the fake GP answers: the access token, an APM payment INITIATED, or a transaction of `status`. */
function answer(path: string, sent: string): unknown {
  if (path.endsWith("/accesstoken")) {
    return { token: TOKEN, type: "Bearer", seconds_to_expire: 86399, scope: { accounts: [{ id: "TRA_1", name: "transaction_processing" }] } };
  }
  const apm = sent ? (JSON.parse(sent) as { payment_method?: { apm?: { provider?: string } } }).payment_method?.apm : undefined;
  if (apm) {
    return {
      id: TRN,
      type: "SALE",
      status: "INITIATED",
      amount: "1999",
      currency: "EUR",
      reference: "APM-20200417",
      payment_method: { result: "00", message: "SUCCESS", entry_mode: "ECOM", redirect_url: "https://provider.example/pay", apm: { provider: apm.provider } },
      action: { id: "ACT_1", type: "PREAUTHORIZE", result_code: "SUCCESS" },
    };
  }
  const refund = path.endsWith("/refund");
  return {
    id: refund ? "TRN_refund_1" : TRN,
    type: refund ? "REFUND" : "SALE",
    status: path.endsWith("/reversal") ? "REVERSED" : "CAPTURED",
    amount: "1400",
    currency: "USD",
    reference: "order_1001",
    payment_method: { result: "00", message: "AUTHORISED", entry_mode: "ECOM", card: { brand: "VISA", brand_reference: "PSkAnccWLNMTcRmm" } },
    action: { id: "ACT_1", type: "SALE", result_code: "SUCCESS" },
  };
}

/** Replaces `https.request` with a recorder for the SDK; returns what it sent and the restore. */
function recordHttps(): { sent: Sent[]; restore: () => void } {
  const https = require("https");
  const original = https.request;
  const sent: Sent[] = [];
  https.request = (options: { method: string; path: string; headers: Record<string, unknown> }, callback: (res: EventEmitter) => void) => {
    const req = new EventEmitter() as EventEmitter & { write: (d: string) => void; end: (d?: string) => void; setTimeout: () => void; destroy: () => void };
    let data = "";
    req.write = (d: string) => void (data += d);
    req.setTimeout = () => undefined;
    req.destroy = () => undefined;
    req.end = (d?: string) => {
      if (d) data += d;
      const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
      sent.push({ method: options.method, path: options.path, headers, body: data ? (JSON.parse(data) as Record<string, unknown>) : {} });
      setImmediate(() => {
        const res = Object.assign(new EventEmitter(), { statusCode: 200, headers: { "content-type": "application/json" } });
        callback(res);
        res.emit("data", JSON.stringify(answer(options.path, data)));
        res.emit("end");
      });
    };
    return req;
  };
  return { sent, restore: () => void (https.request = original) };
}

describe("Global Payments' Node SDK (npm globalpayments-api) builds the same requests", function () {
  let pool: SidecarPool;
  let recorder: ReturnType<typeof recordHttps>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let gp: any;

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    recorder = recordHttps();
    gp = require("globalpayments-api");
    const config = new gp.GpApiConfig();
    config.appId = APP_ID;
    config.appKey = APP_KEY;
    config.environment = gp.Environment.Test;
    config.channel = gp.Channel.CardNotPresent;
    config.country = "US";
    config.accessTokenInfo = new gp.AccessTokenInfo();
    config.accessTokenInfo.transactionProcessingAccountName = "transaction_processing";
    gp.ServicesContainer.configureService(config);
  });

  after(async () => {
    recorder?.restore();
    await pool?.close();
  });

  const ours = async (flow: string, request: Record<string, unknown>, options: Record<string, unknown> = {}): Promise<HttpRequest> =>
    pool.transformRequest({ connector: "globalpayments", flow, auth: { appId: APP_ID, appKey: APP_KEY }, request, options } as unknown as TransformRequestParams);

  const bodyOf = (h: HttpRequest) => (h.body ? (JSON.parse(h.body.data) as Record<string, unknown>) : {});
  const headerOf = (h: HttpRequest, name: string) => h.headers.find((x) => x.name.toLowerCase() === name)?.value;

  it("the access token request, then an authorization with capture later", async () => {
    const card = new gp.CreditCardData();
    card.number = "4263970000005262";
    card.expMonth = "12";
    card.expYear = "2030";
    card.cvn = "123";
    card.cardHolderName = "James Mason";
    const done = recorder.sent.length;
    await card.authorize(14).withCurrency("USD").withClientTransactionId("order_1001").withIdempotencyKey("order_1001-a").execute();
    const [token, sale] = recorder.sent.slice(done);
    assert.ok(token && sale, "the SDK signed in, then authorized");

    assert.equal(token.path, "/ucp/accesstoken");
    const nonce = String(token.body["nonce"]);
    const ourToken = await ours("createAccessToken", {}, { nonce });
    assert.ok(ourToken.url.endsWith("/ucp/accesstoken"));
    assert.deepEqual(bodyOf(ourToken), token.body, "app_id, nonce, secret and grant_type agree");

    assert.equal(sale.method, "POST");
    assert.equal(sale.path, "/ucp/transactions");
    const ourSale = await ours("authorize", {
      merchantTransactionId: "order_1001",
      amount: { minorAmount: 1400, currency: "USD" },
      paymentMethod: { type: "card", card: { number: "4263970000005262", expMonth: "12", expYear: "2030", cvc: "123", holderName: "James Mason" } },
      captureMethod: "manual",
      idempotencyKey: "order_1001-a",
      state: { accessToken: TOKEN },
    });
    assert.ok(ourSale.url.endsWith("/ucp/transactions"));
    assert.deepEqual(bodyOf(ourSale), sale.body);
    assert.equal(headerOf(ourSale, "x-gp-version"), sale.headers["x-gp-version"]);
    assert.equal(headerOf(ourSale, "x-gp-idempotency"), sale.headers["x-gp-idempotency"]);
    assert.equal(headerOf(ourSale, "authorization"), sale.headers["authorization"]);
  });

  it("a sale with automatic capture", async () => {
    const card = new gp.CreditCardData();
    card.number = "4263970000005262";
    card.expMonth = "05";
    card.expYear = "2031";
    card.cvn = "321";
    card.cardHolderName = "Jane Doe";
    const done = recorder.sent.length;
    await card.charge(19.99).withCurrency("EUR").withClientTransactionId("order_1002").execute();
    const [sale] = recorder.sent.slice(done);
    const ourSale = await ours("authorize", {
      merchantTransactionId: "order_1002",
      amount: { minorAmount: 1999, currency: "EUR" },
      paymentMethod: { type: "card", card: { number: "4263970000005262", expMonth: "05", expYear: "2031", cvc: "321", holderName: "Jane Doe" } },
      captureMethod: "automatic",
      state: { accessToken: TOKEN },
    });
    assert.deepEqual(bodyOf(ourSale), sale!.body);
  });

  it("capture of part, refund of part, reversal", async () => {
    const txn = gp.Transaction.fromId(TRN);
    const state = { accessToken: TOKEN };
    let done = recorder.sent.length;
    await txn.capture(10).execute();
    const [cap] = recorder.sent.slice(done);
    const ourCap = await ours("capture", { connectorTransactionId: TRN, amountToCapture: { minorAmount: 1000, currency: "USD" }, state });
    assert.equal(cap!.path, `/ucp/transactions/${TRN}/capture`);
    assert.ok(ourCap.url.endsWith(cap!.path));
    assert.deepEqual(bodyOf(ourCap), cap!.body);

    done = recorder.sent.length;
    await txn.refund(5).withCurrency("USD").execute();
    const [rf] = recorder.sent.slice(done);
    const ourRf = await ours("refund", { connectorTransactionId: TRN, merchantRefundId: "r1", refundAmount: { minorAmount: 500, currency: "USD" }, state });
    assert.equal(rf!.path, `/ucp/transactions/${TRN}/refund`);
    assert.ok(ourRf.url.endsWith(rf!.path));
    assert.deepEqual(bodyOf(ourRf), rf!.body);

    done = recorder.sent.length;
    await txn.reverse(14).withCurrency("USD").execute();
    const [rev] = recorder.sent.slice(done);
    assert.equal(rev!.path, `/ucp/transactions/${TRN}/reversal`);
    // The SDK names the whole amount; ours names it when the caller gives one (none reverses all).
    const ourRev = await ours("void", { connectorTransactionId: TRN, amount: { minorAmount: 1400, currency: "USD" }, state });
    assert.ok(ourRev.url.endsWith(rev!.path));
    assert.deepEqual(bodyOf(ourRev), rev!.body);
  });

  it("disputes: the dispute read, its acceptance, a challenge with two documents", async () => {
    const state = { accessToken: TOKEN };
    const id = "DIS_SAND_abcd1241";
    let done = recorder.sent.length;
    await gp.ReportingService.disputeDetail(id).execute();
    const [detail] = recorder.sent.slice(done);
    assert.equal(detail!.method, "GET");
    const ourDetail = await ours("dsync", { connectorDisputeId: id, state });
    assert.equal(ourDetail.method, "GET");
    // The SDK ends its GET with an empty query string ("?"): the same resource.
    assert.ok(ourDetail.url.endsWith(detail!.path.replace(/\?$/, "")), `${ourDetail.url} vs ${detail!.path}`);

    const dispute = new gp.DisputeSummary();
    dispute.caseId = id;
    done = recorder.sent.length;
    await dispute.accept().execute();
    const [accept] = recorder.sent.slice(done);
    assert.equal(accept!.method, "POST");
    assert.equal(accept!.path, `/ucp/disputes/${id}/acceptance`);
    const ourAccept = await ours("acceptDispute", { connectorDisputeId: id, state });
    assert.equal(ourAccept.method, "POST");
    assert.ok(ourAccept.url.endsWith(accept!.path));
    assert.deepEqual(bodyOf(ourAccept), accept!.body, "no body");

    // A receipt typed SALES_RECEIPT and a document without a type, as the SDK's tests send them.
    const gif = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
    const receipt = new gp.DisputeDocument();
    receipt.type = "SALES_RECEIPT";
    receipt.b64_content = gif;
    const other = new gp.DisputeDocument();
    other.b64_content = gif;
    done = recorder.sent.length;
    await dispute.challenge([receipt, other]).execute();
    const [challenge] = recorder.sent.slice(done);
    assert.equal(challenge!.path, `/ucp/disputes/${id}/challenge`);
    const ourChallenge = await ours("submitDisputeEvidence", {
      connectorDisputeId: id,
      state,
      evidence: [
        { type: "receipt", file: { filename: "receipt.gif", contentType: "image/gif", data: gif } },
        { type: "customerCommunication", file: { filename: "mail.gif", contentType: "image/gif", data: gif } },
      ],
    });
    assert.ok(ourChallenge.url.endsWith(challenge!.path));
    assert.deepEqual(bodyOf(ourChallenge), challenge!.body);
    assert.equal(headerOf(ourChallenge, "authorization"), challenge!.headers["authorization"]);
  });

  it("PayPal's confirmation: the SDK's Transaction.confirm() of an APM transaction naming the payer", async () => {
    const payer = "6N9LPS4RCQNNE";
    const txn = gp.Transaction.fromId(TRN, null, gp.PaymentMethodType.APM);
    const approved = new gp.AlternativePaymentResponse();
    approved.providerName = gp.AlternativePaymentType.Paypal;
    approved.providerReference = payer;
    txn.alternativePaymentResponse = approved;
    const done = recorder.sent.length;
    await txn.confirm().execute();
    const [confirmation] = recorder.sent.slice(done);
    assert.equal(confirmation!.method, "POST");
    assert.equal(confirmation!.path, `/ucp/transactions/${TRN}/confirmation`);
    const ourConfirmation = await ours("completeAuthorize", { connectorTransactionId: TRN, state: { accessToken: TOKEN, providerPayerReference: payer } });
    assert.equal(ourConfirmation.method, "POST");
    assert.ok(ourConfirmation.url.endsWith(confirmation!.path));
    assert.deepEqual(bodyOf(ourConfirmation), confirmation!.body);
    assert.equal(headerOf(ourConfirmation, "authorization"), confirmation!.headers["authorization"]);
  });

  it("a local payment method: the SDK's AlternativePaymentMethod charge (apm provider, name, notifications)", async () => {
    const state = { accessToken: TOKEN };
    const cases: Array<{ sdk: string; ours: Record<string, unknown>; currency: string }> = [
      { sdk: gp.AlternativePaymentType.Ideal, ours: { type: "bankRedirect", bankRedirect: { method: "ideal" } }, currency: "EUR" },
      { sdk: gp.AlternativePaymentType.Eps, ours: { type: "bankRedirect", bankRedirect: { method: "eps" } }, currency: "EUR" },
      { sdk: gp.AlternativePaymentType.Przelewy24, ours: { type: "bankRedirect", bankRedirect: { method: "przelewy24" } }, currency: "PLN" },
      { sdk: gp.AlternativePaymentType.MyclearFpx, ours: { type: "bankRedirect", bankRedirect: { method: "onlineBankingFpx" } }, currency: "MYR" },
      { sdk: gp.AlternativePaymentType.Alipay, ours: { type: "walletRedirect", walletRedirect: { method: "alipay" } }, currency: "HKD" },
      { sdk: gp.AlternativePaymentType.WechatPay, ours: { type: "walletRedirect", walletRedirect: { method: "wechatPay" } }, currency: "CNY" },
      { sdk: gp.AlternativePaymentType.Oxxo, ours: { type: "voucher", voucher: { method: "oxxo" } }, currency: "MXN" },
      { sdk: gp.AlternativePaymentType.Paypal, ours: { type: "paypal" }, currency: "USD" },
    ];
    for (const c of cases) {
      const apm = new gp.AlternativePaymentMethod(c.sdk);
      apm.returnUrl = "https://example.com/returnUrl";
      apm.statusUpdateUrl = "https://example.com/statusUpdateUrl";
      // Ours sends the shopper back to returnUrl whether they paid or gave up.
      apm.cancelUrl = "https://example.com/returnUrl";
      apm.country = "US";
      apm.accountHolderName = "Jane Doe";
      const done = recorder.sent.length;
      await apm.charge(19.99).withCurrency(c.currency).withClientTransactionId("APM-20200417").withDescription("New APM").execute();
      const [sale] = recorder.sent.slice(done);
      assert.equal(sale!.path, "/ucp/transactions", c.sdk);
      const ourSale = await ours("authorize", {
        merchantTransactionId: "APM-20200417",
        amount: { minorAmount: 1999, currency: c.currency },
        paymentMethod: c.ours,
        customer: { name: "Jane Doe" },
        description: "New APM",
        returnUrl: "https://example.com/returnUrl",
        webhookUrl: "https://example.com/statusUpdateUrl",
        state,
      });
      assert.ok(ourSale.url.endsWith("/ucp/transactions"));
      assert.deepEqual(bodyOf(ourSale), sale!.body, c.sdk);
      assert.equal(headerOf(ourSale, "authorization"), sale!.headers["authorization"]);
    }
  });

  it("an ACH debit: the SDK's ECheck charge (bank_transfer with sec_code WEB, payer with the billing address)", async () => {
    const state = { accessToken: TOKEN };
    const cases = [
      { sdkType: gp.AccountType.Checking, ours: "checking" },
      { sdkType: gp.AccountType.Savings, ours: "savings" },
    ];
    for (const c of cases) {
      const check = new gp.ECheck();
      check.accountNumber = "1234567890";
      check.routingNumber = "122000030";
      check.accountType = c.sdkType;
      check.secCode = gp.SecCode.WEB;
      check.checkHolderName = "Jane Doe";
      const address = new gp.Address();
      address.streetAddress1 = "Apartment 852";
      address.streetAddress2 = "Complex 741";
      address.city = "Chicago";
      address.postalCode = "50001";
      address.state = "IL";
      address.countryCode = "US";
      const customer = new gp.Customer();
      customer.firstName = "James";
      customer.lastName = "Mason";
      const done = recorder.sent.length;
      await check.charge(11).withCurrency("USD").withAddress(address).withCustomerData(customer).withClientTransactionId("ach_1001").execute();
      const [sale] = recorder.sent.slice(done);
      assert.equal(sale!.path, "/ucp/transactions");
      const ourSale = await ours("authorize", {
        merchantTransactionId: "ach_1001",
        amount: { minorAmount: 1100, currency: "USD" },
        paymentMethod: {
          type: "bankDebit",
          bankDebit: { method: "ach", accountHolderName: "Jane Doe", accountNumber: "1234567890", routingNumber: "122000030", accountType: c.ours },
        },
        customer: { name: "James Mason" },
        billingAddress: { line1: "Apartment 852", line2: "Complex 741", city: "Chicago", postalCode: "50001", state: "IL", country: "US" },
        captureMethod: "automatic",
        state,
      });
      assert.ok(ourSale.url.endsWith("/ucp/transactions"));
      // The SDK writes every field it has, null or "" when it has no value (the bank's address,
      // the payer's phones and date of birth); ours leaves those out. Everything with a value agrees.
      assert.deepEqual(bodyOf(ourSale), withValues(sale!.body), c.ours);
      assert.equal(headerOf(ourSale, "authorization"), sale!.headers["authorization"]);
    }
  });
});

/** A JSON value without its null, undefined and "" members (and objects left empty by that). */
function withValues(v: unknown): Record<string, unknown> {
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(strip);
    if (x && typeof x === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(x)) {
        const s = strip(val);
        if (s === null || s === undefined || s === "") continue;
        if (typeof s === "object" && !Array.isArray(s) && Object.keys(s as object).length === 0) continue;
        out[k] = s;
      }
      return out;
    }
    return x;
  };
  return strip(v) as Record<string, unknown>;
}
