// Airwallex's official Node SDK (@airwallex/node-sdk 2.1.0-beta.5, MIT) as the oracle for the
// requests the sidecar builds:
// 1. Field names: every key of every body we send is a field of the SDK's model for that request
//    (PaymentAcceptancePaymentIntentCreateRequestRaw, ...ConfirmRequestRaw with
//    PaymentAcceptancePaymentMethodRequest and PaymentAcceptanceCardConfirmRequest, ...CaptureRequestRaw,
//    ...CancelRequestRaw, PaymentAcceptanceRefundCreateRequestRaw), walked through its typeMap; each
//    required field of the model is present.
// 2. The wire: the SDK, pointed at a loopback recorder, logs in and calls the same endpoint with
//    the same body; its method, path, Bearer scheme, x-api-version and login headers must be ours.
import assert from "node:assert/strict";

import { Airwallex, typeMap } from "@airwallex/node-sdk";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, TransformRequestParams } from "../../protocol/index.js";
import { startRecorder, type Recorded } from "./sdk-capture.js";

type Attr = { name: string; baseName: string; type: string };
const MODELS = typeMap as unknown as Record<string, Attr[]>;
const PRIMITIVES = new Set(["string", "boolean", "number", "any", "object", "Date"]);

const AUTH = { clientId: "oracle_client_id", apiKey: "oracle_api_key" };
const TOKEN = "oracle_bearer_token";
const STATE = { accessToken: TOKEN };
const CARD = { type: "card", card: { number: "4035501000000008", expMonth: "12", expYear: "2030", cvc: "123", holderName: "Jane Doe" } };
const AUTHORIZE = {
  merchantTransactionId: "order_oracle_1",
  amount: { minorAmount: 10050, currency: "USD" },
  paymentMethod: CARD,
  captureMethod: "manual",
  description: "Oracle order",
  returnUrl: "https://shop.example/return",
  metadata: { cart: "42" },
  customer: { id: "cust_1", email: "jane@example.com", name: "Jane Doe", phone: "+14155550100" },
  threeDs: { mode: "challenge" },
  idempotencyKey: "oracle-key-1",
};

/** Every key of `value` is a field of `model` (recursively); the model's required fields are there. */
function conforms(value: unknown, type: string, path: string, required: Record<string, string[]>): void {
  if (path === "body") assert.ok(MODELS[type], `the SDK has a model ${type}`);
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    assert.ok(Array.isArray(value), `${path}: the SDK's ${type} is an array`);
    (value as unknown[]).forEach((v, i) => conforms(v, array[1]!, `${path}[${i}]`, required));
    return;
  }
  if (/^\{ \[key: string\]: string; \}$/.test(type) || type.startsWith("{ [key: string]")) {
    assert.ok(value && typeof value === "object", `${path}: a map`);
    return;
  }
  if (PRIMITIVES.has(type)) {
    if (type === "number") assert.equal(typeof value, "number", `${path}: the SDK's number`);
    if (type === "string") assert.equal(typeof value, "string", `${path}: the SDK's string`);
    if (type === "boolean") assert.equal(typeof value, "boolean", `${path}: the SDK's boolean`);
    return;
  }
  const attrs = MODELS[type];
  if (!attrs) return; // an enum type: a string
  assert.ok(value && typeof value === "object" && !Array.isArray(value), `${path}: the SDK's ${type} is an object`);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const attr = attrs.find((a) => a.baseName === key);
    assert.ok(attr, `${path}.${key} is not a field of the SDK's ${type} (it has ${attrs.map((a) => a.baseName).join(", ")})`);
    conforms(v, attr.type, `${path}.${key}`, required);
  }
  for (const r of required[type] ?? []) assert.ok(r in (value as object), `${path}: the SDK's ${type} requires ${r}`);
}

/** Required fields as the SDK's .d.ts declares them (no `?`). */
const REQUIRED: Record<string, string[]> = {
  PaymentAcceptancePaymentIntentCreateRequestRaw: ["amount", "currency", "merchant_order_id", "request_id"],
  PaymentAcceptancePaymentIntentConfirmRequestRaw: ["request_id"],
  PaymentAcceptancePaymentIntentCaptureRequestRaw: ["request_id"],
  PaymentAcceptancePaymentIntentCancelRequestRaw: ["request_id"],
  PaymentAcceptanceRefundCreateRequestRaw: ["request_id"],
  PaymentAcceptanceCustomerCreateRequestRaw: ["merchant_customer_id", "request_id"],
  PaymentAcceptancePaymentConsentCreateRequestRaw: ["customer_id", "next_triggered_by", "request_id"],
  PaymentAcceptancePaymentConsentVerifyRequestRaw: ["request_id"],
  PaymentAcceptancePaymentMethodForConsentVerify: ["type"],
  PaymentAcceptanceCardVerificationOptions: ["currency"],
  PaymentAcceptancePaymentConsentDisableRequestRaw: ["request_id"],
  // The local methods' per-type models (their .d.ts, fields without `?`).
  PaymentAcceptanceBancontactRequest: ["shopper_name"],
  PaymentAcceptanceEpsRequest: ["shopper_name"],
  PaymentAcceptanceBlikRequest: ["shopper_name"],
  PaymentAcceptanceP24Request: ["shopper_email", "shopper_name"],
  PaymentAcceptanceSofortRequest: ["country_code", "shopper_name"],
  PaymentAcceptanceTrustlyRequest: ["country_code", "shopper_name"],
  PaymentAcceptanceFpxRequest: ["bank_name"],
  PaymentAcceptanceMybankRequest: ["shopper_name"],
  PaymentAcceptanceMultibancoRequest: ["shopper_name"],
  PaymentAcceptanceBecsDirectDebitRequest: ["account_number", "bsb_number", "owner_email", "owner_name"],
  PaymentAcceptanceBacsDirectDebitAddress: ["line1", "postcode", "town"],
  PaymentAcceptanceKlarnaRequest: ["country_code"],
  PaymentAcceptanceAfterpayRequest: ["shopper_email"],
  PaymentAcceptanceKonbiniRequest: ["shopper_email", "shopper_name", "shopper_phone"],
  PaymentAcceptanceAlipayConnectRequest: ["flow"],
  PaymentAcceptanceAlipaycnRequest: ["flow"],
  PaymentAcceptanceWeChatPayRequest: ["flow"],
  PaymentAcceptanceTokenizedCardRequest: ["expiry_month", "expiry_year", "number"],
  PaymentAcceptanceThreeDomainSecure: ["online_payment_cryptogram"],
  PaymentAcceptanceAddress: ["country_code"],
};

/** Each payment method this connector takes beside a card, as a merchant sends it (confirm's payment_method {type: <key>}). */
const NL_ADDRESS = { firstName: "Jane", lastName: "Doe", line1: "Damrak 1", city: "Amsterdam", postalCode: "1012 LG", country: "NL" };
const APPLE_PAYMENT_DATA = Buffer.from(JSON.stringify({ version: "EC_v1", data: "ZW5j", signature: "c2ln", header: { transactionId: "t1" } })).toString("base64");
const LOCAL_METHODS: [string, object, object?][] = [
  ["ideal", { type: "bankRedirect", bankRedirect: { method: "ideal", issuer: "ing" } }],
  ["bancontact", { type: "bankRedirect", bankRedirect: { method: "bancontact" } }],
  ["eps", { type: "bankRedirect", bankRedirect: { method: "eps" } }],
  ["blik", { type: "bankRedirect", bankRedirect: { method: "blik" } }],
  ["p24", { type: "bankRedirect", bankRedirect: { method: "przelewy24" } }],
  ["sofort", { type: "bankRedirect", bankRedirect: { method: "sofort", country: "DE" } }],
  ["trustly", { type: "bankRedirect", bankRedirect: { method: "trustly", country: "SE" } }],
  ["fpx", { type: "bankRedirect", bankRedirect: { method: "onlineBankingFpx", issuer: "maybank2u" } }],
  ["mybank", { type: "bankRedirect", bankRedirect: { method: "mybank" } }],
  ["multibanco", { type: "bankRedirect", bankRedirect: { method: "multibanco" } }],
  ["sepa_direct_debit", { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Jane Doe", iban: "DE89370400440532013000" } }],
  ["ach_direct_debit", { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "Jane Doe", accountNumber: "000123456789", routingNumber: "110000000" } }],
  ["bacs_direct_debit", { type: "bankDebit", bankDebit: { method: "bacs", accountHolderName: "Jane Doe", accountNumber: "00012345", sortCode: "108800" } }, { billingAddress: { line1: "1 High St", city: "London", postalCode: "EC1A 1BB", country: "GB" } }],
  ["becs_direct_debit", { type: "bankDebit", bankDebit: { method: "becs", accountHolderName: "Jane Doe", accountNumber: "000123456", bsbNumber: "000000" } }],
  ["klarna", { type: "bnpl", bnpl: { method: "klarna" } }, { billingAddress: NL_ADDRESS, browserInfo: { language: "nl-NL" } }],
  ["afterpay", { type: "bnpl", bnpl: { method: "afterpayClearpay" } }, { billingAddress: NL_ADDRESS }],
  ["konbini", { type: "voucher", voucher: { method: "konbini" } }],
  ["alipaycn", { type: "walletRedirect", walletRedirect: { method: "alipay" } }],
  ["alipayhk", { type: "walletRedirect", walletRedirect: { method: "alipayHk" } }],
  ["wechatpay", { type: "walletRedirect", walletRedirect: { method: "wechatPay" } }],
  ["gcash", { type: "walletRedirect", walletRedirect: { method: "gcash" } }],
  ["grabpay", { type: "walletRedirect", walletRedirect: { method: "grabpay" } }],
  ["kakaopay", { type: "walletRedirect", walletRedirect: { method: "kakaoPay" } }],
  ["dana", { type: "walletRedirect", walletRedirect: { method: "dana" } }],
  ["go_pay", { type: "walletRedirect", walletRedirect: { method: "gopay" } }],
  ["tng", { type: "walletRedirect", walletRedirect: { method: "touchNGo" } }],
  ["paypal", { type: "paypal", paypal: {} }, { billingAddress: NL_ADDRESS }],
  ["applepay", { type: "applePay", applePay: { paymentData: APPLE_PAYMENT_DATA } }, { billingAddress: NL_ADDRESS }],
  ["googlepay", { type: "googlePay", googlePay: { decrypted: { number: "4035501000000008", expMonth: "12", expYear: "2030", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=", eci: "05" } } }],
];
const localConfirm = (paymentMethod: object, extra: object = {}) => ({
  ...AUTHORIZE,
  threeDs: undefined,
  captureMethod: "automatic",
  amount: { minorAmount: 10050, currency: "EUR" },
  paymentMethod,
  ...extra,
  state: { ...STATE, paymentIntentId: "int_oracle" },
});

const CUSTOMER = { customer: { id: "shopper_1", email: "jane@example.com", name: "Jane Doe", phone: "+14155550100" }, idempotencyKey: "oracle-c", state: STATE };
const SETUP = {
  merchantTransactionId: "sub_oracle_1",
  amount: { minorAmount: 100, currency: "USD" },
  paymentMethod: CARD,
  customer: { connectorCustomerId: "cus_oracle" },
  recurringType: "scheduled",
  returnUrl: "https://shop.example/return",
  description: "Oracle subscription",
  idempotencyKey: "oracle-s",
  state: STATE,
};
const VERIFY_STATE = { ...STATE, paymentConsentId: "cst_oracle", continueWith: "setupMandate" };
const REPEAT = {
  merchantTransactionId: "renewal_oracle",
  amount: { minorAmount: 1999, currency: "USD" },
  mandateReference: "cst_oracle",
  customer: { connectorCustomerId: "cus_oracle" },
  idempotencyKey: "oracle-r",
  state: STATE,
};
const REPEAT_CONFIRM = { ...REPEAT, state: { ...STATE, paymentIntentId: "int_oracle", continueWith: "repeatPayment" } };

function pathOf(url: string): string {
  return new URL(url).pathname;
}

describe("Airwallex oracle: @airwallex/node-sdk 2.1.0-beta.5 (models and wire)", function () {
  let pool: SidecarPool;
  const build = (flow: string, request: object): Promise<HttpRequest> =>
    pool.transformRequest({ connector: "airwallex", flow, auth: AUTH, request } as unknown as TransformRequestParams);
  const bodyOf = (http: HttpRequest) => JSON.parse(http.body!.data) as Record<string, unknown>;

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => pool?.close());

  describe("our bodies fit the SDK's request models", () => {
    const cases: [string, string, object][] = [
      ["authorize (create)", "PaymentAcceptancePaymentIntentCreateRequestRaw", { ...AUTHORIZE, state: STATE }],
      ["authorize (confirm, card)", "PaymentAcceptancePaymentIntentConfirmRequestRaw", { ...AUTHORIZE, state: { ...STATE, paymentIntentId: "int_oracle" } }],
      [
        "authorize (confirm, external 3-D Secure)",
        "PaymentAcceptancePaymentIntentConfirmRequestRaw",
        { ...AUTHORIZE, threeDs: { external: { version: "2.2.0", cavv: "AAABBBCCC=", eci: "05", dsTransactionId: "ds-1" } }, state: { ...STATE, paymentIntentId: "int_oracle" } },
      ],
      ["authorize (confirm, mtd_ token)", "PaymentAcceptancePaymentIntentConfirmRequestRaw", { ...AUTHORIZE, paymentMethod: { type: "token", token: { value: "mtd_oracle" } }, state: { ...STATE, paymentIntentId: "int_oracle" } }],
    ];
    for (const [name, model, request] of cases) {
      it(name, async () => conforms(bodyOf(await build("authorize", request)), model, "body", REQUIRED));
    }
    for (const [type, paymentMethod, extra] of LOCAL_METHODS) {
      it(`authorize (confirm, ${type})`, async () => {
        const body = bodyOf(await build("authorize", localConfirm(paymentMethod, extra)));
        conforms(body, "PaymentAcceptancePaymentIntentConfirmRequestRaw", "body", REQUIRED);
        const pm = body["payment_method"] as Record<string, unknown>;
        assert.equal(pm["type"], type, "payment_method.type");
        assert.ok(pm[type] && typeof pm[type] === "object", `payment_method.${type} carries the method's fields`);
      });
    }
    it("every payment_method type we send is a field of the SDK's PaymentAcceptancePaymentMethodRequest", () => {
      const fields = MODELS["PaymentAcceptancePaymentMethodRequest"]!.map((a) => a.baseName);
      for (const [type] of LOCAL_METHODS) assert.ok(fields.includes(type), type);
    });
    it("capture", async () =>
      conforms(bodyOf(await build("capture", { connectorTransactionId: "int_oracle", amountToCapture: { minorAmount: 6000, currency: "USD" }, state: STATE })), "PaymentAcceptancePaymentIntentCaptureRequestRaw", "body", REQUIRED));
    it("void", async () =>
      conforms(bodyOf(await build("void", { connectorTransactionId: "int_oracle", reason: "requested_by_customer", state: STATE })), "PaymentAcceptancePaymentIntentCancelRequestRaw", "body", REQUIRED));
    it("refund", async () =>
      conforms(
        bodyOf(await build("refund", { connectorTransactionId: "int_oracle", merchantRefundId: "rf_1", refundAmount: { minorAmount: 100, currency: "USD" }, reason: "returned", state: STATE })),
        "PaymentAcceptanceRefundCreateRequestRaw",
        "body",
        REQUIRED,
      ));
    it("createSession", async () =>
      conforms(bodyOf(await build("createSession", { merchantTransactionId: "order_s", amount: { minorAmount: 100, currency: "USD" }, state: STATE })), "PaymentAcceptancePaymentIntentCreateRequestRaw", "body", REQUIRED));

    it("createCustomer", async () => conforms(bodyOf(await build("createCustomer", CUSTOMER)), "PaymentAcceptanceCustomerCreateRequestRaw", "body", REQUIRED));
    it("setupMandate (create the consent)", async () =>
      conforms(bodyOf(await build("setupMandate", SETUP)), "PaymentAcceptancePaymentConsentCreateRequestRaw", "body", REQUIRED));
    it("setupMandate (verify with the card)", async () =>
      conforms(bodyOf(await build("setupMandate", { ...SETUP, state: VERIFY_STATE })), "PaymentAcceptancePaymentConsentVerifyRequestRaw", "body", REQUIRED));
    it("setupMandate (verify with an mtd_ token)", async () =>
      conforms(
        bodyOf(await build("setupMandate", { ...SETUP, paymentMethod: { type: "token", token: { value: "mtd_oracle" } }, state: VERIFY_STATE })),
        "PaymentAcceptancePaymentConsentVerifyRequestRaw",
        "body",
        REQUIRED,
      ));
    it("setupMandate: merchant_trigger_reason is one of the SDK's enum", async () => {
      const values = (await import("@airwallex/node-sdk")) as unknown as Record<string, { validMerchantTriggerReasonEnum?: readonly string[] }>;
      const allowed = values["PaymentAcceptancePaymentConsentCreateRequestRaw"]?.validMerchantTriggerReasonEnum;
      assert.ok(allowed, "the SDK exports the enum");
      for (const recurringType of ["scheduled", "unscheduled", "installment"]) {
        const body = bodyOf(await build("setupMandate", { ...SETUP, recurringType }));
        assert.ok(allowed.includes(body["merchant_trigger_reason"] as string), `${recurringType} → ${String(body["merchant_trigger_reason"])}`);
        assert.equal(body["next_triggered_by"], "merchant");
      }
    });
    it("repeatPayment (create)", async () =>
      conforms(bodyOf(await build("repeatPayment", REPEAT)), "PaymentAcceptancePaymentIntentCreateRequestRaw", "body", REQUIRED));
    it("repeatPayment (confirm with the consent)", async () =>
      conforms(bodyOf(await build("repeatPayment", REPEAT_CONFIRM)), "PaymentAcceptancePaymentIntentConfirmRequestRaw", "body", REQUIRED));
    it("revokeMandate", async () =>
      conforms(bodyOf(await build("revokeMandate", { mandateReference: "cst_oracle", state: STATE })), "PaymentAcceptancePaymentConsentDisableRequestRaw", "body", REQUIRED));

    it("negative: a field the SDK does not know is caught", () => {
      assert.throws(() => conforms({ request_id: "r", amount: 1, cardNumber: "4" }, "PaymentAcceptancePaymentIntentCaptureRequestRaw", "body", REQUIRED), /cardNumber is not a field/);
      assert.throws(() => conforms({ amount: 1 }, "PaymentAcceptancePaymentIntentCaptureRequestRaw", "body", REQUIRED), /requires request_id/);
      assert.throws(() => conforms({ request_id: "r", amount: "1.00" }, "PaymentAcceptancePaymentIntentCaptureRequestRaw", "body", REQUIRED), /number/);
    });
  });

  describe("the SDK sends what we send", () => {
    /** The requests the SDK makes for `call`, against a recorder that answers every call with a token and an intent. */
    async function sdk(call: (awx: Airwallex) => Promise<unknown>): Promise<Recorded[]> {
      const rec = await startRecorder({ token: TOKEN, expires_at: "2030-01-01T00:00:00+0000", id: "int_oracle", status: "REQUIRES_CAPTURE" }, 201);
      const base = `http://127.0.0.1:${rec.port}`;
      const descriptor = Object.getOwnPropertyDescriptor(Airwallex.prototype, "basePath")!;
      Object.defineProperty(Airwallex.prototype, "basePath", { configurable: true, get: () => base });
      const awx = new Airwallex({ clientId: AUTH.clientId, apiKey: AUTH.apiKey, env: "demo", enableTelemetry: false, retry: 0 });
      try {
        await call(awx);
        return rec.requests;
      } finally {
        // The SDK keeps a 20-minute token timer; stop it so the test process can end.
        (awx as unknown as { _cleanup(): void })._cleanup();
        Object.defineProperty(Airwallex.prototype, "basePath", descriptor);
        await rec.close();
      }
    }

    async function compare(flow: string, request: object, call: (awx: Airwallex, body: any) => Promise<unknown>): Promise<void> {
      const ours = await build(flow, request);
      const body = ours.body ? JSON.parse(ours.body.data) : undefined;
      const sent = await sdk((awx) => call(awx, body));
      const login = sent.find((r) => r.path === "/api/v1/authentication/login");
      const token = await build("createAccessToken", {});
      assert.ok(login, "the SDK logs in first");
      for (const h of ["x-client-id", "x-api-key", "x-api-version"]) {
        assert.equal(login.headers[h], token.headers.find((x) => x.name.toLowerCase() === h)?.value, `login ${h}`);
      }
      assert.equal(token.method, login.method);
      assert.equal(pathOf(token.url), login.path);
      const theirs = sent.find((r) => r !== login)!;
      assert.ok(theirs, "the SDK made the call");
      assert.equal(ours.method, theirs.method);
      assert.equal(pathOf(ours.url), theirs.path.split("?")[0], "the same endpoint");
      const header = (n: string) => ours.headers.find((h) => h.name.toLowerCase() === n)?.value;
      assert.equal(header("authorization"), theirs.headers["authorization"], "Bearer <token>");
      assert.equal(header("x-api-version"), theirs.headers["x-api-version"], "the SDK's API version");
      if (body !== undefined) assert.deepEqual(JSON.parse(theirs.body), body);
    }

    it("createAccessToken + authorize (create): createPaymentIntent", () =>
      compare("authorize", { ...AUTHORIZE, state: STATE }, (awx, b) => awx.paymentAcceptance.paymentIntents.createPaymentIntent(b)));
    it("authorize (confirm): confirmPaymentIntent", () =>
      compare("authorize", { ...AUTHORIZE, state: { ...STATE, paymentIntentId: "int_oracle" } }, (awx, b) =>
        awx.paymentAcceptance.paymentIntents.confirmPaymentIntent("int_oracle", b)));
    for (const [type, paymentMethod, extra] of LOCAL_METHODS) {
      it(`authorize (confirm, ${type}): confirmPaymentIntent`, () =>
        compare("authorize", localConfirm(paymentMethod, extra), (awx, b) => awx.paymentAcceptance.paymentIntents.confirmPaymentIntent("int_oracle", b)));
    }
    it("psync: retrievePaymentIntent", () =>
      compare("psync", { connectorTransactionId: "int_oracle", state: STATE }, (awx) => awx.paymentAcceptance.paymentIntents.retrievePaymentIntent("int_oracle")));
    it("capture: capturePaymentIntent", () =>
      compare("capture", { connectorTransactionId: "int_oracle", amountToCapture: { minorAmount: 6000, currency: "USD" }, state: STATE }, (awx, b) =>
        awx.paymentAcceptance.paymentIntents.capturePaymentIntent("int_oracle", b)));
    it("void: cancelPaymentIntent", () =>
      compare("void", { connectorTransactionId: "int_oracle", reason: "requested_by_customer", state: STATE }, (awx, b) =>
        awx.paymentAcceptance.paymentIntents.cancelPaymentIntent("int_oracle", b)));
    it("refund: createRefund", () =>
      compare("refund", { connectorTransactionId: "int_oracle", merchantRefundId: "rf_1", refundAmount: { minorAmount: 100, currency: "USD" }, state: STATE }, (awx, b) =>
        awx.paymentAcceptance.refunds.createRefund(b)));
    it("createCustomer: createCustomer", () =>
      compare("createCustomer", CUSTOMER, (awx, b) => awx.paymentAcceptance.customers.createCustomer(b)));
    it("setupMandate (create): createPaymentConsent", () =>
      compare("setupMandate", SETUP, (awx, b) => awx.paymentAcceptance.paymentConsents.createPaymentConsent(b)));
    it("setupMandate (verify): verifyPaymentConsent", () =>
      compare("setupMandate", { ...SETUP, state: VERIFY_STATE }, (awx, b) => awx.paymentAcceptance.paymentConsents.verifyPaymentConsent("cst_oracle", b)));
    it("repeatPayment (confirm): confirmPaymentIntent", () =>
      compare("repeatPayment", REPEAT_CONFIRM, (awx, b) => awx.paymentAcceptance.paymentIntents.confirmPaymentIntent("int_oracle", b)));
    it("revokeMandate: disablePaymentConsent", () =>
      compare("revokeMandate", { mandateReference: "cst_oracle", state: STATE }, (awx, b) => awx.paymentAcceptance.paymentConsents.disablePaymentConsent("cst_oracle", b)));
    it("rsync: retrieveRefund", () =>
      compare("rsync", { connectorTransactionId: "int_oracle", connectorRefundId: "rfd_oracle", state: STATE }, (awx) => awx.paymentAcceptance.refunds.retrieveRefund("rfd_oracle")));
  });
});
