// Official-SDK differential: for the same payment, the request the processor's own Node SDK sends
// (stripe v23, @adyen/api-library v32) and the request our sidecar produces, compared on method,
// path, auth scheme, content type, idempotency header, and body field by field (both bodies decoded:
// Stripe's bracketed form into nested objects, Adyen's JSON as is). Every difference must be listed
// below as expected, with the reason; an unlisted one fails, and so does a listed one that is gone.
//
// The SDK calls are written by hand, as a developer using that SDK would write them for the
// payment, not derived from our request; card data never appears in a failure message.
import assert from "node:assert/strict";

import type Stripe from "stripe";

import { SidecarPool } from "../../client/pool.js";
import type { AuthorizeRequest, TransformRequestParams } from "../../protocol/index.js";
import {
  ADYEN_VISA,
  STRIPE_VISA,
  bodyText,
  decodeBody,
  diffFields,
  headerOf,
  mediaType,
  show,
  unexplained,
  type ExpectedDifference,
} from "./helpers.js";
import { decodeForm, type HttpRequest } from "./openapi.js";
import {
  ADYEN_TEST_KEY,
  STRIPE_TEST_KEY,
  captureAdyen,
  captureStripe,
  type AdyenCaptureOptions,
  type AdyenPaymentsApi,
  type CapturedRequest,
} from "./sdk-capture.js";

/** The Stripe API version our connector pins (and the spec we validate against is for). */
const OUR_STRIPE_VERSION = "2023-08-16";

type AdyenPaymentRequest = Parameters<AdyenPaymentsApi["payments"]>[0];
type AdyenDetailsRequest = Parameters<AdyenPaymentsApi["paymentsDetails"]>[0];

export interface Comparison {
  processor: "stripe" | "adyen";
  /** The idempotency key both were given, if any. */
  idempotencyKey?: string;
  /** Body differences we know about, each with its reason. */
  expected: ExpectedDifference[];
}

/**
 * Adyen's library (v32) speaks Checkout API v72, our connector v71: the paths are compared after
 * the version segment (`/v71/payments` and `/v72/payments` are both `/payments`), and each side's
 * version is asserted on its own.
 */
function pathAfterVersion(pathname: string): { version?: string; rest: string } {
  const m = /^(.*?)\/v(\d+)(\/.*)$/.exec(pathname);
  return m ? { version: m[2], rest: `${m[1]}${m[3]}` } : { rest: pathname };
}

/** Every way our request and the SDK's differ, except the expected ones; [] when they agree. */
export function compare(ours: HttpRequest, sdk: CapturedRequest, c: Comparison): string[] {
  const problems: string[] = [];
  const ourUrl = new URL(ours.url);
  const sdkUrl = new URL(sdk.url);

  if (ours.method !== sdk.method.toUpperCase()) problems.push(`method: ours ${ours.method}, the SDK ${sdk.method}`);
  if (ourUrl.origin !== sdkUrl.origin) problems.push(`origin: ours ${ourUrl.origin}, the SDK ${sdkUrl.origin}`);
  if (c.processor === "adyen") {
    const o = pathAfterVersion(ourUrl.pathname);
    const s = pathAfterVersion(sdkUrl.pathname);
    if (o.version !== "71") problems.push(`path: ours is not Checkout v71 (${ourUrl.pathname})`);
    if (s.version !== "72") problems.push(`path: the SDK is not Checkout v72 (${sdkUrl.pathname}); update this test's note`);
    if (o.rest !== s.rest) problems.push(`path after the version: ours ${o.rest}, the SDK ${s.rest}`);
  } else if (ourUrl.pathname !== sdkUrl.pathname) {
    problems.push(`path: ours ${ourUrl.pathname}, the SDK ${sdkUrl.pathname}`);
  }
  const ourQuery = decodeForm(ourUrl.search);
  const sdkQuery = decodeForm(sdkUrl.search);
  if (JSON.stringify(ourQuery) !== JSON.stringify(sdkQuery)) problems.push(`query: ours ${show(ourQuery)}, the SDK ${show(sdkQuery)}`);

  // auth scheme (values compared without printing them)
  if (c.processor === "stripe") {
    if (headerOf(ours, "authorization") !== `Bearer ${STRIPE_TEST_KEY}`) problems.push("auth: ours is not Authorization: Bearer <apiKey>");
    if (sdk.headers.authorization !== `Bearer ${STRIPE_TEST_KEY}`) problems.push("auth: the SDK's is not Authorization: Bearer <apiKey>");
  } else {
    if (headerOf(ours, "x-api-key") !== ADYEN_TEST_KEY) problems.push("auth: ours is not X-API-Key: <apiKey>");
    if (sdk.headers["x-api-key"] !== ADYEN_TEST_KEY) problems.push("auth: the SDK's is not X-API-Key: <apiKey>");
    if (headerOf(ours, "authorization") !== undefined) problems.push("auth: ours also sends Authorization");
  }

  // content type: ours is body.contentType (and a Content-Type header, when it sends one)
  const ourType = mediaType(ours.body?.contentType);
  const ourHeaderType = mediaType(headerOf(ours, "content-type"));
  const sdkType = sdk.body === "" ? undefined : mediaType(sdk.headers["content-type"]);
  if (ourType !== sdkType) problems.push(`content type: ours ${ourType ?? "(no body)"}, the SDK ${sdkType ?? "(no body)"}`);
  if (ourHeaderType !== undefined && ourHeaderType !== ourType) problems.push(`content type: our header ${ourHeaderType} disagrees with body.contentType ${ourType}`);

  // idempotency: same header name, same value, when a key is given; ours sends none otherwise
  const ourIdem = ours.headers.filter((h) => h.name.toLowerCase() === "idempotency-key");
  if (c.idempotencyKey !== undefined) {
    if (ourIdem.length !== 1 || ourIdem[0].value !== c.idempotencyKey) problems.push(`idempotency: ours does not send Idempotency-Key: ${c.idempotencyKey}`);
    if (sdk.headers["idempotency-key"] !== c.idempotencyKey) problems.push(`idempotency: the SDK does not send Idempotency-Key: ${c.idempotencyKey}`);
  } else if (ourIdem.length > 0) {
    problems.push(`idempotency: ours sends Idempotency-Key ${show(ourIdem[0].value)} though none was given`);
  }

  // body, field by field
  let ourBody: unknown;
  let sdkBody: unknown;
  try {
    ourBody = decodeBody(ours.body?.contentType, bodyText(ours));
    sdkBody = decodeBody(sdk.headers["content-type"], sdk.body);
  } catch (e) {
    problems.push(`body: ${(e as Error).message}`);
    return problems;
  }
  problems.push(...unexplained(diffFields(ourBody ?? {}, sdkBody ?? {}), c.expected).map((p) => `body: ${p}`));
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Stripe

const WHY_EXPAND = "we expand latest_charge to read the network transaction id from the same response";
const WHY_MERCHANT_TX = "we record the merchant's reference (merchantTransactionId) in metadata";
const stripeExtras: ExpectedDifference[] = [
  { path: "expand[0]", kind: "ours only", why: WHY_EXPAND },
  { path: "metadata.merchant_transaction_id", kind: "ours only", why: WHY_MERCHANT_TX },
];

interface StripePayment {
  name: string;
  request: AuthorizeRequest;
  /** What a stripe-node user writes for this payment. stripe-node's types come from the public spec,
   * which lacks payment_method_data[card] (see stripeRawCardOverrides): hence the cast. */
  sdk: Record<string, unknown>;
  expected: ExpectedDifference[];
}

const stripePayments: StripePayment[] = [
  {
    name: "a Stripe.js PaymentMethod (token pm_...) as payment_method",
    request: {
      merchantTransactionId: "order-2101",
      amount: { minorAmount: 1099, currency: "USD" },
      paymentMethod: { type: "token", token: { value: "pm_card_visa" } },
      idempotencyKey: "idem-stripe-2101",
    },
    sdk: { amount: 1099, currency: "usd", confirm: true, capture_method: "automatic", payment_method_types: ["card"], payment_method: "pm_card_visa" },
    expected: stripeExtras,
  },
  {
    name: "iDEAL with the shopper's bank and a return URL",
    request: {
      merchantTransactionId: "order-2102",
      amount: { minorAmount: 1000, currency: "EUR" },
      paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal", issuer: "ing" } },
      customer: { name: "Jenny Rosen" },
      returnUrl: "https://shop.example/return",
      idempotencyKey: "idem-stripe-2102",
    },
    sdk: {
      amount: 1000,
      currency: "eur",
      confirm: true,
      capture_method: "automatic",
      payment_method_types: ["ideal"],
      payment_method_data: { type: "ideal", ideal: { bank: "ing" }, billing_details: { name: "Jenny Rosen" } },
      return_url: "https://shop.example/return",
    },
    expected: stripeExtras,
  },
  {
    name: "SEPA Direct Debit with the online mandate acceptance",
    request: {
      merchantTransactionId: "order-2103",
      amount: { minorAmount: 1000, currency: "EUR" },
      paymentMethod: { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Jenny Rosen", iban: "DE89370400440532013000" } },
      customer: { email: "jenny@example.com" },
      browserInfo: { ipAddress: "192.0.2.10", userAgent: "Mozilla/5.0" },
      idempotencyKey: "idem-stripe-2103",
    },
    sdk: {
      amount: 1000,
      currency: "eur",
      confirm: true,
      capture_method: "automatic",
      payment_method_types: ["sepa_debit"],
      payment_method_data: { type: "sepa_debit", sepa_debit: { iban: "DE89370400440532013000" }, billing_details: { name: "Jenny Rosen", email: "jenny@example.com" } },
      mandate_data: { customer_acceptance: { type: "online", online: { ip_address: "192.0.2.10", user_agent: "Mozilla/5.0" } } },
      receipt_email: "jenny@example.com",
    },
    expected: stripeExtras,
  },
  {
    name: "BLIK with its code, and a card asking for 3-D Secure",
    request: {
      merchantTransactionId: "order-2104",
      amount: { minorAmount: 5000, currency: "PLN" },
      paymentMethod: { type: "bankRedirect", bankRedirect: { method: "blik", blikCode: "777123" } },
      customer: { email: "jenny@example.com" },
      idempotencyKey: "idem-stripe-2104",
    },
    sdk: {
      amount: 5000,
      currency: "pln",
      confirm: true,
      capture_method: "automatic",
      payment_method_types: ["blik"],
      payment_method_data: { type: "blik", billing_details: { email: "jenny@example.com" } },
      payment_method_options: { blik: { code: "777123" } },
      receipt_email: "jenny@example.com",
    },
    expected: stripeExtras,
  },
  {
    name: "a card with threeDs challenge: request_three_d_secure any",
    request: {
      merchantTransactionId: "order-2105",
      amount: { minorAmount: 2000, currency: "USD" },
      paymentMethod: { type: "card", card: { number: STRIPE_VISA, expMonth: "12", expYear: "2034", cvc: "123" } },
      threeDs: { mode: "challenge" },
      idempotencyKey: "idem-stripe-2105",
    },
    sdk: {
      amount: 2000,
      currency: "usd",
      confirm: true,
      capture_method: "automatic",
      payment_method_types: ["card"],
      payment_method_data: { type: "card", card: { number: STRIPE_VISA, exp_month: 12, exp_year: 2034, cvc: "123" } },
      payment_method_options: { card: { request_three_d_secure: "any" } },
    },
    expected: stripeExtras,
  },
  {
    name: "automatic capture, USD, card only, with an idempotency key",
    request: {
      merchantTransactionId: "order-2001",
      amount: { minorAmount: 2000, currency: "USD" },
      paymentMethod: { type: "card", card: { number: STRIPE_VISA, expMonth: "12", expYear: "2034", cvc: "123" } },
      captureMethod: "automatic",
      idempotencyKey: "idem-stripe-2001",
    },
    sdk: {
      amount: 2000,
      currency: "usd",
      confirm: true,
      capture_method: "automatic",
      payment_method_types: ["card"],
      payment_method_data: { type: "card", card: { number: STRIPE_VISA, exp_month: 12, exp_year: 2034, cvc: "123" } },
    },
    expected: stripeExtras,
  },
  {
    name: "manual capture, EUR, billing details and address, customer, return URL, descriptions, metadata",
    request: {
      merchantTransactionId: "order-2002",
      amount: { minorAmount: 4599, currency: "EUR" },
      paymentMethod: { type: "card", card: { number: STRIPE_VISA, expMonth: "11", expYear: "2031", cvc: "314", holderName: "Jane Doe" } },
      captureMethod: "manual",
      customer: { email: "jane@example.com", phone: "+4915112345678" },
      billingAddress: { line1: "Unter den Linden 1", line2: "3. OG", city: "Berlin", state: "BE", postalCode: "10117", country: "DE" },
      returnUrl: "https://shop.example/return?o=2002",
      description: "Order 2002",
      statementDescriptor: "ORDER 2002",
      metadata: { cart: "c-2002", channel: "web" },
      idempotencyKey: "idem-stripe-2002",
    },
    sdk: {
      amount: 4599,
      currency: "eur",
      confirm: true,
      capture_method: "manual",
      payment_method_types: ["card"],
      payment_method_data: {
        type: "card",
        card: { number: STRIPE_VISA, exp_month: 11, exp_year: 2031, cvc: "314" },
        billing_details: {
          name: "Jane Doe",
          email: "jane@example.com",
          phone: "+4915112345678",
          address: { line1: "Unter den Linden 1", line2: "3. OG", city: "Berlin", state: "BE", postal_code: "10117", country: "DE" },
        },
      },
      return_url: "https://shop.example/return?o=2002",
      description: "Order 2002",
      statement_descriptor_suffix: "ORDER 2002",
      receipt_email: "jane@example.com",
      metadata: { cart: "c-2002", channel: "web" },
    },
    expected: stripeExtras,
  },
  {
    name: "manual capture, JPY (zero-decimal), month 03, no idempotency key",
    request: {
      merchantTransactionId: "order-2003",
      amount: { minorAmount: 1500, currency: "JPY" },
      paymentMethod: { type: "card", card: { number: STRIPE_VISA, expMonth: "03", expYear: "2030", cvc: "123", holderName: "Taro Yamada" } },
      captureMethod: "manual",
    },
    sdk: {
      amount: 1500,
      currency: "jpy",
      confirm: true,
      capture_method: "manual",
      payment_method_types: ["card"],
      payment_method_data: {
        type: "card",
        card: { number: STRIPE_VISA, exp_month: 3, exp_year: 2030, cvc: "123" },
        billing_details: { name: "Taro Yamada" },
      },
    },
    expected: [
      ...stripeExtras,
      {
        path: "payment_method_data.card.exp_month",
        kind: "value differs",
        why: 'ours passes the unified "03" through, stripe-node stringifies the integer 3: the same integer to Stripe (the spec types it integer)',
      },
    ],
  },
  {
    name: "automatic capture, GBP, billing address with the name from it, shipping address",
    request: {
      merchantTransactionId: "order-2004",
      amount: { minorAmount: 12345, currency: "GBP" },
      paymentMethod: { type: "card", card: { number: STRIPE_VISA, expMonth: "10", expYear: "2032", cvc: "999" } },
      billingAddress: { firstName: "Ada", lastName: "Lovelace", line1: "10 Downing St", city: "London", postalCode: "SW1A 2AA", country: "GB" },
      shippingAddress: { firstName: "Ada", lastName: "Lovelace", line1: "221B Baker St", city: "London", postalCode: "NW1 6XE", country: "GB" },
      idempotencyKey: "idem-stripe-2004",
    },
    sdk: {
      amount: 12345,
      currency: "gbp",
      confirm: true,
      capture_method: "automatic",
      payment_method_types: ["card"],
      payment_method_data: {
        type: "card",
        card: { number: STRIPE_VISA, exp_month: 10, exp_year: 2032, cvc: "999" },
        billing_details: {
          name: "Ada Lovelace",
          address: { line1: "10 Downing St", city: "London", postal_code: "SW1A 2AA", country: "GB" },
        },
      },
      shipping: {
        name: "Ada Lovelace",
        address: { line1: "221B Baker St", city: "London", postal_code: "NW1 6XE", country: "GB" },
      },
    },
    expected: stripeExtras,
  },
];

// ---------------------------------------------------------------------------------------------
// Adyen

const ADYEN_MERCHANT = "TestMerchantECOM";
const WHY_CHANNEL = "we declare channel Web (a browser payment), which Adyen uses for native 3D Secure 2";
const adyenExtras: ExpectedDifference[] = [{ path: "channel", kind: "ours only", why: WHY_CHANNEL }];

interface AdyenPayment {
  name: string;
  request: AuthorizeRequest;
  /** What an @adyen/api-library user writes for this payment (PaymentsApi.payments). */
  sdk: Record<string, unknown>;
  expected: ExpectedDifference[];
  /** Live environment: our auth.liveEndpointPrefix and the library's liveEndpointUrlPrefix. */
  livePrefix?: string;
}

const adyenPayments: AdyenPayment[] = [
  {
    name: "automatic capture, EUR, card with holder name, with an idempotency key",
    request: {
      merchantTransactionId: "order-3001",
      amount: { minorAmount: 1000, currency: "EUR" },
      paymentMethod: { type: "card", card: { number: ADYEN_VISA, expMonth: "03", expYear: "2030", cvc: "737", holderName: "Jane Doe" } },
      captureMethod: "automatic",
      returnUrl: "https://shop.example/return?o=3001",
      idempotencyKey: "idem-adyen-3001",
    },
    sdk: {
      amount: { currency: "EUR", value: 1000 },
      reference: "order-3001",
      merchantAccount: ADYEN_MERCHANT,
      paymentMethod: { type: "scheme", number: ADYEN_VISA, expiryMonth: "03", expiryYear: "2030", cvc: "737", holderName: "Jane Doe" },
      returnUrl: "https://shop.example/return?o=3001",
    },
    expected: adyenExtras,
  },
  {
    name: "manual capture, EUR, billing address, shopper details, delivery address, browserInfo, metadata",
    request: {
      merchantTransactionId: "order-3002",
      amount: { minorAmount: 4599, currency: "EUR" },
      paymentMethod: { type: "card", card: { number: ADYEN_VISA, expMonth: "03", expYear: "2030", cvc: "737" } },
      captureMethod: "manual",
      returnUrl: "https://shop.example/return?o=3002",
      customer: { id: "shopper-3002", email: "jan@example.nl", phone: "+31201234567" },
      billingAddress: { firstName: "Jan", lastName: "Jansen", line1: "Rokin 49", line2: "3 hoog", city: "Amsterdam", postalCode: "1012 KK", country: "NL" },
      shippingAddress: { firstName: "Jan", lastName: "Jansen", line1: "Simon Carmiggeltstraat 6", line2: "50", city: "Amsterdam", postalCode: "1011 DJ", country: "NL" },
      browserInfo: {
        userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
        acceptHeader: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        language: "nl-NL",
        colorDepth: 24,
        screenHeight: 900,
        screenWidth: 1440,
        timeZoneOffset: -60,
        javaEnabled: false,
        javascriptEnabled: true,
        ipAddress: "192.0.2.10",
      },
      statementDescriptor: "SHOP 3002",
      metadata: { cart: "c-3002" },
      idempotencyKey: "idem-adyen-3002",
    },
    sdk: {
      amount: { currency: "EUR", value: 4599 },
      reference: "order-3002",
      merchantAccount: ADYEN_MERCHANT,
      paymentMethod: { type: "scheme", number: ADYEN_VISA, expiryMonth: "03", expiryYear: "2030", cvc: "737", holderName: "Jan Jansen" },
      returnUrl: "https://shop.example/return?o=3002",
      // Adyen's per-payment manual capture (https://docs.adyen.com/online-payments/capture#manual-capture)
      additionalData: { manualCapture: "true" },
      shopperReference: "shopper-3002",
      shopperEmail: "jan@example.nl",
      telephoneNumber: "+31201234567",
      shopperName: { firstName: "Jan", lastName: "Jansen" },
      billingAddress: { street: "Rokin 49", houseNumberOrName: "3 hoog", city: "Amsterdam", postalCode: "1012 KK", country: "NL" },
      deliveryAddress: {
        street: "Simon Carmiggeltstraat 6",
        houseNumberOrName: "50",
        city: "Amsterdam",
        postalCode: "1011 DJ",
        country: "NL",
        firstName: "Jan",
        lastName: "Jansen",
      },
      browserInfo: {
        userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
        acceptHeader: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        language: "nl-NL",
        colorDepth: 24,
        screenHeight: 900,
        screenWidth: 1440,
        timeZoneOffset: -60,
        javaEnabled: false,
        javaScriptEnabled: true,
      },
      shopperIP: "192.0.2.10",
      shopperStatement: "SHOP 3002",
      metadata: { cart: "c-3002" },
    },
    expected: adyenExtras,
  },
  {
    name: "JPY (zero-decimal), automatic capture, no idempotency key",
    request: {
      merchantTransactionId: "order-3003",
      amount: { minorAmount: 1500, currency: "JPY" },
      paymentMethod: { type: "card", card: { number: ADYEN_VISA, expMonth: "03", expYear: "2030", cvc: "737", holderName: "Taro Yamada" } },
      returnUrl: "https://shop.example/return?o=3003",
    },
    sdk: {
      amount: { currency: "JPY", value: 1500 },
      reference: "order-3003",
      merchantAccount: ADYEN_MERCHANT,
      paymentMethod: { type: "scheme", number: ADYEN_VISA, expiryMonth: "03", expiryYear: "2030", cvc: "737", holderName: "Taro Yamada" },
      returnUrl: "https://shop.example/return?o=3003",
    },
    expected: adyenExtras,
  },
  {
    name: "live environment with the merchant's live endpoint prefix, manual capture",
    livePrefix: "1797a841fbb37ca7-AdyenDemo",
    request: {
      merchantTransactionId: "order-3004",
      amount: { minorAmount: 2500, currency: "USD" },
      paymentMethod: { type: "card", card: { number: ADYEN_VISA, expMonth: "12", expYear: "2031", cvc: "737", holderName: "Jane Doe" } },
      captureMethod: "manual",
      returnUrl: "https://shop.example/return?o=3004",
      idempotencyKey: "idem-adyen-3004",
    },
    sdk: {
      amount: { currency: "USD", value: 2500 },
      reference: "order-3004",
      merchantAccount: ADYEN_MERCHANT,
      paymentMethod: { type: "scheme", number: ADYEN_VISA, expiryMonth: "12", expiryYear: "2031", cvc: "737", holderName: "Jane Doe" },
      returnUrl: "https://shop.example/return?o=3004",
      additionalData: { manualCapture: "true" },
    },
    expected: adyenExtras,
  },
];

// ---------------------------------------------------------------------------------------------

describe("SDK differential: our requests vs the processors' official Node SDKs", () => {
  let pool: SidecarPool;
  const compared = { stripe: 0, adyen: 0 };
  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
    console.log(`      sdk differential: ${compared.stripe} Stripe and ${compared.adyen} Adyen request pairs compared`);
  });

  async function ours(params: TransformRequestParams): Promise<HttpRequest> {
    return (await pool.transformRequest(params)) as HttpRequest;
  }

  function assertSame(o: HttpRequest, s: CapturedRequest, c: Comparison): void {
    const problems = compare(o, s, c);
    assert.deepEqual(problems, [], `our request and the SDK's differ:\n  ${problems.join("\n  ")}`);
    compared[c.processor]++;
  }

  describe("Stripe: stripe-node v23 paymentIntents.create / retrieve", () => {
    for (const p of stripePayments) {
      it(`authorize: ${p.name}`, async () => {
        const o = await ours({ connector: "stripe", flow: "authorize", auth: { apiKey: STRIPE_TEST_KEY }, request: p.request });
        const key = p.request.idempotencyKey;
        const s = await captureStripe((stripe) =>
          stripe.paymentIntents.create(p.sdk as unknown as Stripe.PaymentIntentCreateParams, key ? { idempotencyKey: key } : undefined),
        );
        assertSame(o, s, { processor: "stripe", idempotencyKey: key, expected: p.expected });

        // headers beyond the body: both pin a Stripe-Version, ours the spec's (2023-08-16), the
        // SDK its own newer one; without a key the SDK makes up a retry key, we send none
        assert.equal(headerOf(o, "stripe-version"), OUR_STRIPE_VERSION);
        assert.ok(s.headers["stripe-version"], "the SDK sent no Stripe-Version");
        assert.notEqual(s.headers["stripe-version"], OUR_STRIPE_VERSION, "the SDK now pins our version: drop this expected difference");
        if (!key) assert.match(s.headers["idempotency-key"] ?? "", /^stripe-node-retry-/);
      });
    }

    it("psync: retrieve(id, {expand: [latest_charge]}) is our GET", async () => {
      const id = "pi_3MtwBwLkdIwHu7ix28a3tqPa";
      const o = await ours({ connector: "stripe", flow: "psync", auth: { apiKey: STRIPE_TEST_KEY }, request: { connectorTransactionId: id } });
      const s = await captureStripe((stripe) => stripe.paymentIntents.retrieve(id, { expand: ["latest_charge"] }));
      // ours percent-encodes the brackets of expand[0], the SDK does not: same query once decoded
      assert.notEqual(new URL(o.url).search, new URL(s.url).search);
      assertSame(o, s, { processor: "stripe", expected: [] });
      assert.equal(o.body, null);
      assert.equal(s.headers["idempotency-key"], undefined);
    });

    it("negative: the comparison catches a different amount, capture method, card month, idempotency key and path", async () => {
      const p = stripePayments.find((x) => x.name.startsWith("automatic capture, USD, card only"))!;
      const o = await ours({ connector: "stripe", flow: "authorize", auth: { apiKey: STRIPE_TEST_KEY }, request: p.request });
      const card = (p.sdk.payment_method_data as { card: Record<string, unknown> }).card;
      const other = { ...p.sdk, amount: 2001, capture_method: "manual", payment_method_data: { type: "card", card: { ...card, exp_month: 1 } } };
      const s = await captureStripe((stripe) =>
        stripe.paymentIntents.create(other as unknown as Stripe.PaymentIntentCreateParams, { idempotencyKey: "another-key" }),
      );
      const problems = compare(o, s, { processor: "stripe", idempotencyKey: p.request.idempotencyKey, expected: p.expected });
      for (const fragment of ["body: unexpected: amount:", "body: unexpected: capture_method:", "payment_method_data.card.exp_month", "idempotency: the SDK"]) {
        assert.ok(problems.some((x) => x.includes(fragment)), `no problem mentions ${fragment}: ${JSON.stringify(problems)}`);
      }
      const wrongPath = compare({ ...o, url: o.url.replace("payment_intents", "charges") }, s, { processor: "stripe", expected: p.expected });
      assert.ok(wrongPath.some((x) => x.startsWith("path:")), JSON.stringify(wrongPath));
      // an expected difference that no longer occurs is reported too (the list cannot go stale)
      const stale = compare(o, await captureStripe((stripe) => stripe.paymentIntents.create(p.sdk as unknown as Stripe.PaymentIntentCreateParams, { idempotencyKey: p.request.idempotencyKey })), {
        processor: "stripe",
        idempotencyKey: p.request.idempotencyKey,
        expected: [...p.expected, { path: "description", kind: "ours only", why: "(not true)" }],
      });
      assert.deepEqual(stale, ["body: expected but absent: description (ours only: (not true))"]);
      // and a failure never prints the card number
      assert.ok(!problems.join("\n").includes(STRIPE_VISA), "a problem quotes the card number");
    });
  });
  describe("Adyen: @adyen/api-library v32 PaymentsApi.payments / paymentsDetails (Checkout v72; paths compared after the version)", () => {
    const adyenAuth = (livePrefix?: string) => ({
      apiKey: ADYEN_TEST_KEY,
      merchantAccount: ADYEN_MERCHANT,
      ...(livePrefix ? { liveEndpointPrefix: livePrefix } : {}),
    });
    before(async () => {
      // Not a skip: until the Adyen connector lands, these tests fail and say why.
      const adyen = (await pool.listConnectors()).find((c) => c.name === "adyen");
      assert.ok(adyen && adyen.flows.includes("authorize") && adyen.flows.includes("psync"), "the adyen connector has no authorize/psync flows in this binary yet");
    });

    for (const p of adyenPayments) {
      it(`authorize: ${p.name}`, async () => {
        const o = await ours({
          connector: "adyen",
          flow: "authorize",
          auth: adyenAuth(p.livePrefix),
          request: p.request,
          ...(p.livePrefix ? { options: { environment: "production" as const } } : {}),
        });
        const key = p.request.idempotencyKey;
        const opts: AdyenCaptureOptions = p.livePrefix ? { environment: "LIVE", liveEndpointUrlPrefix: p.livePrefix } : {};
        const s = await captureAdyen(
          (payments) => payments.payments(p.sdk as unknown as AdyenPaymentRequest, key ? { idempotencyKey: key } : undefined),
          undefined,
          opts,
        );
        assertSame(o, s, { processor: "adyen", idempotencyKey: key, expected: p.expected });
        if (p.livePrefix) assert.equal(new URL(o.url).origin, `https://${p.livePrefix.toLowerCase()}-checkout-live.adyenpayments.com`); // URL lowercases hosts
        if (!key) assert.equal(s.headers["idempotency-key"], undefined, "the library made up an idempotency key");
      });
    }

    for (const [name, livePrefix, key] of [
      ["test", undefined, undefined],
      ["live, with an idempotency key", "1797a841fbb37ca7-AdyenDemo", "idem-details-1"],
    ] as const) {
      it(`psync: paymentsDetails({details: {redirectResult}}) is our POST /payments/details (${name})`, async () => {
        const redirectResult = "X6XtfGC3!Y29tcGxldGVkUmVkaXJlY3Q=";
        const o = await ours({
          connector: "adyen",
          flow: "psync",
          auth: adyenAuth(livePrefix),
          // the merchant's own query parameter on returnUrl is not Adyen's: not forwarded
          request: { connectorTransactionId: "V4HZ4RBFJGXXGN82", redirectPayload: { redirectResult, shopperOrder: "12xy" }, ...(key ? { idempotencyKey: key } : {}) },
          ...(livePrefix ? { options: { environment: "production" as const } } : {}),
        });
        const s = await captureAdyen(
          (payments) => payments.paymentsDetails({ details: { redirectResult } } as AdyenDetailsRequest, key ? { idempotencyKey: key } : undefined),
          undefined,
          livePrefix ? { environment: "LIVE", liveEndpointUrlPrefix: livePrefix } : {},
        );
        assertSame(o, s, { processor: "adyen", idempotencyKey: key, expected: [] });
      });
    }

    it("negative: the comparison catches a different amount, a missing manualCapture, another key and another version of the path", async () => {
      const p = adyenPayments[3];
      const o = await ours({ connector: "adyen", flow: "authorize", auth: adyenAuth(), request: p.request });
      const { additionalData: _, ...noManual } = p.sdk;
      const s = await captureAdyen((payments) =>
        payments.payments({ ...noManual, amount: { currency: "USD", value: 2501 } } as unknown as AdyenPaymentRequest, { idempotencyKey: "another" }),
      );
      const problems = compare(o, s, { processor: "adyen", idempotencyKey: p.request.idempotencyKey, expected: p.expected });
      for (const fragment of ["body: unexpected: amount.value", "body: unexpected: additionalData.manualCapture: only ours", "idempotency: the SDK"]) {
        assert.ok(problems.some((x) => x.includes(fragment)), `no problem mentions ${fragment}: ${JSON.stringify(problems)}`);
      }
      const v70 = compare({ ...o, url: o.url.replace("/v71/", "/v70/") }, s, { processor: "adyen", expected: p.expected });
      assert.ok(v70.some((x) => x.includes("ours is not Checkout v71")), JSON.stringify(v70));
      const otherPath = compare({ ...o, url: o.url.replace("/payments", "/paymentMethods") }, s, { processor: "adyen", expected: p.expected });
      assert.ok(otherPath.some((x) => x.startsWith("path after the version")), JSON.stringify(otherPath));
      assert.ok(!problems.join("\n").includes(ADYEN_VISA), "a problem quotes the card number");
    });
  });
});
