import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { parseStripeForm } from "../../emulator/connectors/stripe/index.js";

const SK = "sk_test_emulator123";
const PHONEPE = { merchantId: "PGTESTPAYUAT", saltKey: "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399", saltIndex: "1" };

type Json = Record<string, any>;

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: Json }> {
  const res = await fetch(url, { redirect: "manual", ...init });
  const text = await res.text();
  let body: Json = {};
  if (text) {
    try {
      body = JSON.parse(text) as Json;
    } catch {
      body = { text };
    }
  }
  return { status: res.status, headers: res.headers, body };
}

function form(params: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
}

function cardParams(number: string, extra: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    amount: 2000,
    currency: "USD",
    confirm: "true",
    "payment_method_data[type]": "card",
    "payment_method_data[card][number]": number,
    "payment_method_data[card][exp_month]": "12",
    "payment_method_data[card][exp_year]": String(new Date().getUTCFullYear() + 3),
    "payment_method_data[card][cvc]": "123",
    "payment_method_data[billing_details][name]": "Jane Doe",
    "payment_method_types[0]": "card",
    description: "order 42",
    "metadata[order_id]": "42",
    ...extra,
  };
}

describe("emulator", function () {
  let emu: Emulator;
  const logs: string[] = [];

  before(async () => {
    emu = await startEmulator({ log: (l) => logs.push(l) });
  });
  after(async () => {
    await emu.close();
  });

  it("listens on 127.0.0.1 and exposes the three mounts", () => {
    assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(emu.baseUrls.stripe, `${emu.url}/stripe`);
    assert.equal(emu.baseUrls.adyen, `${emu.url}/adyen/v71`);
    assert.equal(emu.baseUrls.phonepe, `${emu.url}/phonepe`);
  });

  describe("stripe", () => {
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      call(`${emu.baseUrls.stripe}${path}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${SK}`, "Content-Type": "application/x-www-form-urlencoded", ...headers },
        body,
      });
    const get = (path: string) => call(`${emu.baseUrls.stripe}${path}`, { headers: { Authorization: `Bearer ${SK}` } });

    it("parses bracketed form keys into nested objects and arrays", () => {
      const p = parseStripeForm(
        "amount=5&payment_method_data%5Bcard%5D%5Bnumber%5D=4242&metadata[a]=b&payment_method_types[0]=card&payment_method_types[1]=link&expand[]=x",
      );
      assert.deepEqual(p, {
        amount: "5",
        payment_method_data: { card: { number: "4242" } },
        metadata: { a: "b" },
        payment_method_types: ["card", "link"],
        expand: ["x"],
      });
    });

    it("authorizes and captures 4242 automatically", async () => {
      const r = await post("/v1/payment_intents", form(cardParams("4242424242424242")));
      assert.equal(r.status, 200);
      const pi = r.body;
      assert.match(pi.id, /^pi_/);
      assert.equal(pi.object, "payment_intent");
      assert.equal(pi.status, "succeeded");
      assert.equal(pi.amount, 2000);
      assert.equal(pi.amount_received, 2000);
      assert.equal(pi.amount_capturable, 0);
      assert.equal(pi.currency, "usd");
      assert.equal(pi.capture_method, "automatic");
      assert.match(pi.latest_charge, /^ch_/);
      assert.match(pi.payment_method, /^pm_/);
      assert.ok(String(pi.client_secret).startsWith(`${pi.id}_secret_`));
      assert.equal(pi.next_action, null);
      assert.equal(pi.last_payment_error, null);
      assert.deepEqual(pi.metadata, { order_id: "42" });
      assert.equal(pi.description, "order 42");
      assert.deepEqual(pi.payment_method_types, ["card"]);
      assert.equal(pi.livemode, false);
      // the stored object is returned by GET
      const again = await get(`/v1/payment_intents/${pi.id}`);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, pi);
    });

    it("holds funds with capture_method=manual, then captures", async () => {
      const r = await post("/v1/payment_intents", form(cardParams("4242424242424242", { capture_method: "manual" })));
      assert.equal(r.status, 200);
      assert.equal(r.body.status, "requires_capture");
      assert.equal(r.body.amount_capturable, 2000);
      assert.equal(r.body.amount_received, 0);
      const cap = await post(`/v1/payment_intents/${r.body.id}/capture`, form({ amount_to_capture: 1500 }));
      assert.equal(cap.status, 200);
      assert.equal(cap.body.status, "succeeded");
      assert.equal(cap.body.amount_received, 1500);
      const twice = await post(`/v1/payment_intents/${r.body.id}/capture`, "");
      assert.equal(twice.status, 400);
      assert.equal(twice.body.error.code, "payment_intent_unexpected_state");
    });

    const declines: Array<[string, string, string | undefined, string]> = [
      ["4000000000000002", "card_declined", "generic_decline", "Your card was declined."],
      ["4000000000009995", "card_declined", "insufficient_funds", "Your card has insufficient funds."],
      ["4000000000000069", "expired_card", "expired_card", "Your card has expired."],
      ["4000000000000127", "incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."],
    ];
    for (const [card, code, declineCode, message] of declines) {
      it(`declines ${card.slice(-4)} with 402 ${declineCode ?? code}`, async () => {
        const r = await post("/v1/payment_intents", form(cardParams(card)));
        assert.equal(r.status, 402);
        const e = r.body.error;
        assert.equal(e.type, "card_error");
        assert.equal(e.code, code);
        assert.equal(e.decline_code, declineCode);
        assert.equal(e.message, message);
        assert.match(e.charge, /^ch_/);
        assert.equal(e.doc_url, `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}`);
        assert.equal(e.payment_method.object, "payment_method");
        assert.equal(e.payment_method.card.last4, card.slice(-4));
        const pi = e.payment_intent;
        assert.equal(pi.object, "payment_intent");
        assert.equal(pi.status, "requires_payment_method");
        assert.equal(pi.last_payment_error.code, code);
        assert.equal(pi.last_payment_error.decline_code, declineCode);
        assert.equal(pi.latest_charge, e.charge);
        // the failed intent is stored
        const stored = await get(`/v1/payment_intents/${pi.id}`);
        assert.equal(stored.body.status, "requires_payment_method");
        assert.equal(stored.body.last_payment_error.code, code);
        // the response never echoes the full card number
        assert.ok(!JSON.stringify(r.body).includes(card));
      });
    }

    it("rejects a Luhn-invalid number with incorrect_number", async () => {
      const r = await post("/v1/payment_intents", form(cardParams("4242424242424241")));
      assert.equal(r.status, 402);
      assert.equal(r.body.error.type, "card_error");
      assert.equal(r.body.error.code, "incorrect_number");
      assert.equal(r.body.error.param, "number");
    });

    it("redirects a 3DS2 card through the challenge back to return_url", async () => {
      const returnUrl = "https://shop.example/return?order=42";
      const r = await post("/v1/payment_intents", form(cardParams("4000000000003220", { return_url: returnUrl })));
      assert.equal(r.status, 200);
      const pi = r.body;
      assert.equal(pi.status, "requires_action");
      assert.equal(pi.next_action.type, "redirect_to_url");
      assert.equal(pi.next_action.redirect_to_url.return_url, returnUrl);
      const challenge = String(pi.next_action.redirect_to_url.url);
      assert.ok(challenge.startsWith(`${emu.url}/stripe/_emulator/3ds/${pi.id}?return_url=`));

      const shopper = await call(challenge);
      assert.equal(shopper.status, 302);
      const back = new URL(shopper.headers.get("location")!);
      assert.equal(back.origin + back.pathname, "https://shop.example/return");
      assert.equal(back.searchParams.get("order"), "42");
      assert.equal(back.searchParams.get("payment_intent"), pi.id);
      assert.equal(back.searchParams.get("payment_intent_client_secret"), pi.client_secret);
      assert.equal(back.searchParams.get("redirect_status"), "succeeded");

      const after = await get(`/v1/payment_intents/${pi.id}`);
      assert.equal(after.body.status, "succeeded");
      assert.equal(after.body.next_action, null);
      assert.match(after.body.latest_charge, /^ch_/);
    });

    it("replays an idempotent request and refuses a reused key with other parameters", async () => {
      const key = randomUUID();
      const body = form(cardParams("4242424242424242"));
      const first = await post("/v1/payment_intents", body, { "Idempotency-Key": key });
      assert.equal(first.status, 200);
      assert.equal(first.headers.get("idempotent-replayed"), null);
      const second = await post("/v1/payment_intents", body, { "Idempotency-Key": key });
      assert.equal(second.status, 200);
      assert.equal(second.headers.get("idempotent-replayed"), "true");
      assert.deepEqual(second.body, first.body);
      const other = await post("/v1/payment_intents", form(cardParams("4242424242424242", { amount: 999 })), {
        "Idempotency-Key": key,
      });
      assert.equal(other.status, 400);
      assert.equal(other.body.error.type, "idempotency_error");
    });

    it("answers 404 resource_missing for an unknown intent", async () => {
      const r = await get("/v1/payment_intents/pi_doesnotexist");
      assert.equal(r.status, 404);
      assert.deepEqual(r.body.error, {
        code: "resource_missing",
        doc_url: "https://stripe.com/docs/error-codes/resource-missing",
        message: "No such payment_intent: 'pi_doesnotexist'",
        param: "intent",
        type: "invalid_request_error",
      });
    });

    it("answers 401 without a key and with a non-test key, never echoing the key", async () => {
      const none = await call(`${emu.baseUrls.stripe}/v1/payment_intents`, { method: "POST", body: "amount=1" });
      assert.equal(none.status, 401);
      assert.equal(none.body.error.type, "invalid_request_error");
      assert.match(none.body.error.message, /did not provide an API key/);
      const secret = "sk_live_51NotATestKeyAtAll";
      const live = await call(`${emu.baseUrls.stripe}/v1/payment_intents/pi_x`, { headers: { Authorization: `Bearer ${secret}` } });
      assert.equal(live.status, 401);
      assert.equal(live.body.error.type, "invalid_request_error");
      assert.ok(!JSON.stringify(live.body).includes(secret));
    });

    it("answers 400 parameter_missing / parameter_unknown with param", async () => {
      const noAmount = await post("/v1/payment_intents", form({ currency: "usd" }));
      assert.equal(noAmount.status, 400);
      assert.equal(noAmount.body.error.type, "invalid_request_error");
      assert.equal(noAmount.body.error.code, "parameter_missing");
      assert.equal(noAmount.body.error.param, "amount");
      const noCurrency = await post("/v1/payment_intents", form({ amount: 100 }));
      assert.equal(noCurrency.body.error.param, "currency");
      const unknown = await post("/v1/payment_intents", form({ amount: 100, currency: "usd", colour: "red" }));
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error.code, "parameter_unknown");
      assert.equal(unknown.body.error.param, "colour");
    });

    it("never logs a full card number", () => {
      const all = logs.join("\n");
      assert.ok(!all.includes("4242424242424242"));
      assert.ok(!all.includes(SK));
      assert.match(all, /424242\*{6}4242/);
    });
  });

  describe("adyen", () => {
    const payments = (body: unknown, headers: Record<string, string> = { "X-API-Key": "AQE_test_key" }) =>
      call(`${emu.baseUrls.adyen}/payments`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    const request = (card: Json, extra: Json = {}): Json => ({
      amount: { currency: "EUR", value: 1000 },
      reference: "order-7",
      merchantAccount: "TestMerchant",
      returnUrl: "https://shop.example/adyen-return?o=7",
      paymentMethod: { type: "scheme", number: "4111111111111111", expiryMonth: "03", expiryYear: "2030", cvc: "737", holderName: "John Smith", ...card },
      ...extra,
    });

    it("authorises a non-3DS test card", async () => {
      const r = await payments(request({}));
      assert.equal(r.status, 200);
      assert.match(r.body.pspReference, /^[A-Z0-9]{16}$/);
      assert.equal(r.body.resultCode, "Authorised");
      assert.equal(r.body.merchantReference, "order-7");
      assert.deepEqual(r.body.amount, { currency: "EUR", value: 1000 });
      assert.equal(r.body.additionalData.refusalReasonRaw, "AUTHORISED");
      assert.deepEqual(r.body.paymentMethod, { brand: "visa", type: "scheme" });
    });

    it("accepts test-encrypted card fields", async () => {
      const r = await payments(
        request({
          number: undefined, expiryMonth: undefined, expiryYear: undefined, cvc: undefined,
          encryptedCardNumber: "test_5555555555554444", encryptedExpiryMonth: "test_03",
          encryptedExpiryYear: "test_2030", encryptedSecurityCode: "test_737",
        }),
      );
      assert.equal(r.body.resultCode, "Authorised");
      assert.equal(r.body.paymentMethod.brand, "mc");
    });

    const refusals: Array<[string, string, string]> = [
      ["DECLINED", "Refused", "2"],
      ["BLOCK_CARD", "Blocked Card", "5"],
      ["CARD_EXPIRED", "Expired Card", "6"],
      ["NOT_ENOUGH_BALANCE", "Not enough balance", "12"],
      ["CVC_DECLINED", "CVC Declined", "24"],
      ["FRAUD", "FRAUD", "20"],
    ];
    for (const [holderName, reason, code] of refusals) {
      it(`refuses holderName ${holderName} with ${reason} (${code})`, async () => {
        const r = await payments(request({ holderName }));
        assert.equal(r.status, 200);
        assert.equal(r.body.resultCode, "Refused");
        assert.equal(r.body.refusalReason, reason);
        assert.equal(r.body.refusalReasonCode, code);
        assert.match(r.body.pspReference, /^[A-Z0-9]{16}$/);
      });
    }

    it("redirects a 3DS card and authorises on /payments/details", async () => {
      const r = await payments(request({ number: "4917610000000000" }));
      assert.equal(r.status, 200);
      assert.equal(r.body.resultCode, "RedirectShopper");
      assert.deepEqual(r.body.action, {
        paymentMethodType: "scheme",
        url: `${emu.url}/adyen/_emulator/3ds/${r.body.pspReference}`,
        method: "GET",
        type: "redirect",
      });
      const shopper = await call(r.body.action.url);
      assert.equal(shopper.status, 302);
      const back = new URL(shopper.headers.get("location")!);
      assert.equal(back.origin + back.pathname, "https://shop.example/adyen-return");
      assert.equal(back.searchParams.get("o"), "7");
      const redirectResult = back.searchParams.get("redirectResult");
      assert.ok(redirectResult);

      const d = await call(`${emu.baseUrls.adyen}/payments/details`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-API-Key": "AQE_test_key" },
        body: JSON.stringify({ details: { redirectResult } }),
      });
      assert.equal(d.status, 200);
      assert.equal(d.body.resultCode, "Authorised");
      assert.equal(d.body.pspReference, r.body.pspReference);
      assert.equal(d.body.merchantReference, "order-7");
      assert.deepEqual(d.body.amount, { currency: "EUR", value: 1000 });
    });

    it("answers 422 for an unknown redirectResult and for missing required fields", async () => {
      const d = await call(`${emu.baseUrls.adyen}/payments/details`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-API-Key": "AQE_test_key" },
        body: JSON.stringify({ details: { redirectResult: "bogus" } }),
      });
      assert.equal(d.status, 422);
      assert.equal(d.body.status, 422);
      assert.equal(d.body.errorType, "validation");
      assert.equal(typeof d.body.errorCode, "string");
      assert.equal(typeof d.body.message, "string");

      const noRef = await payments(request({}, { reference: undefined }));
      assert.equal(noRef.status, 422);
      assert.deepEqual(
        { status: noRef.body.status, errorCode: noRef.body.errorCode, message: noRef.body.message, errorType: noRef.body.errorType },
        { status: 422, errorCode: "130", message: "Required field 'reference' is not provided.", errorType: "validation" },
      );
      for (const field of ["merchantAccount", "amount", "paymentMethod"]) {
        const r = await payments(request({}, { [field]: undefined }));
        assert.equal(r.status, 422, field);
        assert.equal(r.body.errorType, "validation", field);
      }
    });

    it("answers 401 without X-API-Key", async () => {
      const r = await payments(request({}), {});
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, { status: 401, errorCode: "000", message: "HTTP Status Response - Unauthorized", errorType: "security" });
    });

    it("acknowledges captures with 201 received", async () => {
      const auth = await payments(request({}, { additionalData: { manualCapture: "true" } }));
      const psp = auth.body.pspReference;
      const cap = await call(`${emu.baseUrls.adyen}/payments/${psp}/captures`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-API-Key": "AQE_test_key" },
        body: JSON.stringify({ merchantAccount: "TestMerchant", reference: "cap-1", amount: { value: 1000, currency: "EUR" } }),
      });
      assert.equal(cap.status, 201);
      assert.equal(cap.body.status, "received");
      assert.equal(cap.body.paymentPspReference, psp);
      assert.deepEqual(cap.body.amount, { value: 1000, currency: "EUR" });
    });
  });

  describe("phonepe", () => {
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    function payBody(mtid: string, instrument: Json): { body: string; xVerify: string } {
      const payload = {
        merchantId: PHONEPE.merchantId,
        merchantTransactionId: mtid,
        merchantUserId: "MUID123",
        amount: 10000,
        redirectUrl: "https://shop.example/phonepe-return",
        redirectMode: "REDIRECT",
        callbackUrl: "https://shop.example/phonepe-callback",
        mobileNumber: "9999999999",
        paymentInstrument: instrument,
      };
      const b64 = Buffer.from(JSON.stringify(payload)).toString("base64");
      return { body: JSON.stringify({ request: b64 }), xVerify: `${sha(b64 + "/pg/v1/pay" + PHONEPE.saltKey)}###${PHONEPE.saltIndex}` };
    }
    const pay = (body: string, xVerify: string) =>
      call(`${emu.baseUrls.phonepe}/pg/v1/pay`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-VERIFY": xVerify },
        body,
      });
    const status = (mtid: string, xVerify?: string) => {
      const path = `/pg/v1/status/${PHONEPE.merchantId}/${mtid}`;
      return call(`${emu.baseUrls.phonepe}${path}`, {
        headers: {
          "Content-Type": "application/json",
          "X-VERIFY": xVerify ?? `${sha(path + PHONEPE.saltKey)}###${PHONEPE.saltIndex}`,
          "X-MERCHANT-ID": PHONEPE.merchantId,
        },
      });
    };

    it("initiates a UPI collect payment, reports pending, then success", async () => {
      const mtid = `MT${Date.now()}`;
      const { body, xVerify } = payBody(mtid, { type: "UPI_COLLECT", vpa: "test@ybl" });
      const r = await pay(body, xVerify);
      assert.equal(r.status, 200);
      assert.equal(r.body.success, true);
      assert.equal(r.body.code, "PAYMENT_INITIATED");
      assert.equal(typeof r.body.message, "string");
      assert.deepEqual(r.body.data, { merchantId: PHONEPE.merchantId, merchantTransactionId: mtid, instrumentResponse: { type: "UPI_COLLECT" } });

      const first = await status(mtid);
      assert.equal(first.status, 200);
      assert.equal(first.body.code, "PAYMENT_PENDING");
      assert.equal(first.body.data.state, "PENDING");

      const second = await status(mtid);
      assert.equal(second.status, 200);
      assert.equal(second.body.success, true);
      assert.equal(second.body.code, "PAYMENT_SUCCESS");
      const d = second.body.data;
      assert.equal(d.merchantId, PHONEPE.merchantId);
      assert.equal(d.merchantTransactionId, mtid);
      assert.match(d.transactionId, /^T\d+$/);
      assert.equal(d.amount, 10000);
      assert.equal(d.state, "COMPLETED");
      assert.equal(d.responseCode, "SUCCESS");
      assert.equal(d.paymentInstrument.type, "UPI");
      assert.match(d.paymentInstrument.utr, /^\d{12}$/);
      assert.equal(first.body.data.transactionId, d.transactionId);
    });

    it("fails a collect to failure@ybl on the final status", async () => {
      const mtid = `MTF${Date.now()}`;
      const { body, xVerify } = payBody(mtid, { type: "UPI_COLLECT", vpa: "failure@ybl" });
      assert.equal((await pay(body, xVerify)).body.code, "PAYMENT_INITIATED");
      assert.equal((await status(mtid)).body.code, "PAYMENT_PENDING");
      const final = await status(mtid);
      assert.equal(final.body.success, false);
      assert.equal(final.body.code, "PAYMENT_ERROR");
      assert.equal(final.body.data.state, "FAILED");
    });

    it("returns a pay page redirect for PAY_PAGE", async () => {
      const mtid = `MTP${Date.now()}`;
      const { body, xVerify } = payBody(mtid, { type: "PAY_PAGE" });
      const r = await pay(body, xVerify);
      assert.equal(r.body.data.instrumentResponse.type, "PAY_PAGE");
      assert.equal(r.body.data.instrumentResponse.redirectInfo.method, "GET");
      const page = await call(r.body.data.instrumentResponse.redirectInfo.url);
      assert.equal(page.status, 302);
      assert.equal(page.headers.get("location"), "https://shop.example/phonepe-return");
      // the shopper finished: the first status call already has the final state
      assert.equal((await status(mtid)).body.code, "PAYMENT_SUCCESS");
    });

    it("rejects a bad X-VERIFY on pay and on status", async () => {
      const mtid = `MTB${Date.now()}`;
      const { body } = payBody(mtid, { type: "UPI_COLLECT", vpa: "test@ybl" });
      const bad = await pay(body, `${"0".repeat(64)}###1`);
      assert.equal(bad.status, 401);
      assert.deepEqual(bad.body, { success: false, code: "AUTHORIZATION_FAILED", message: "X-VERIFY header is incorrect", data: {} });
      // nothing was created
      const st = await status(mtid);
      assert.equal(st.status, 404);
      assert.equal(st.body.success, false);
      assert.equal(st.body.code, "TRANSACTION_NOT_FOUND");
      const badStatus = await status(mtid, `${sha("wrong")}###1`);
      assert.equal(badStatus.status, 401);
      assert.equal(badStatus.body.code, "AUTHORIZATION_FAILED");
    });

    it("answers BAD_REQUEST for a body without `request`", async () => {
      const r = await pay(JSON.stringify({ nope: 1 }), "x###1");
      assert.equal(r.status, 400);
      assert.equal(r.body.success, false);
      assert.equal(r.body.code, "BAD_REQUEST");
    });
  });
});

describe("emulator lifecycle", () => {
  it("close() releases the port even with pooled keep-alive connections", async () => {
    const emu = await startEmulator();
    const r = await fetch(`${emu.baseUrls.stripe}/v1/payment_intents/pi_x`, { headers: { Authorization: `Bearer ${SK}` } });
    await r.text();
    await emu.close();
    await emu.close(); // idempotent
    await assert.rejects(fetch(`${emu.url}/stripe/v1/payment_intents/pi_x`));
  });
});
