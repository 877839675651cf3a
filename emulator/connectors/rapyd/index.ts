// Rapyd emulator (Rapyd Collect API): POST /v1/payments, GET and DELETE /v1/payments/{id},
// POST /v1/payments/{id}/capture, POST /v1/payments/completePayment (sandbox), GET /wallet/{payment} (an
// ewallet's or a bank redirect's page for the shopper; cash answers a pay code, a bank transfer the account), POST /v1/refunds, GET /v1/refunds/{id}, POST /v1/customers,
// POST /v1/customers/{id}/payment_methods, DELETE /v1/customers/{id}/payment_methods/{card}, POST /v1/checkout
// and GET /v1/checkout/{id} (Checkout Page; GET /checkout-page/{id} is the shopper paying on it); and, when the emulator has a webhook target for `rapyd`,
// the Payment, Refund and Customer Payment Method webhooks POSTed there, signed as Rapyd's
// "Webhook Authentication" says.
//
// Shapes follow Rapyd's own material: the response envelope {status: {error_code, status,
// message, response_code, operation_id}, data} (https://docs.rapyd.net/en/response-format.html),
// the Payment, Refund, Customer and Customer Payment Method objects of oracles/rapyd/
// (Rapyd-Samples/RapydOpenAPI), the request signature of
// https://docs.rapyd.net/en/request-signatures.html (checked on every call: HTTP 401
// UNAUTHENTICATED_API_CALL otherwise), the error codes of https://docs.rapyd.net/en/payment-errors.html
// and the `idempotency` header (https://docs.rapyd.net/en/idempotency.html: the same key gets the
// first answer).
import { createHmac, randomUUID } from "node:crypto";
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { luhnValid } from "../../core/cards.js";
import { ALNUM, randomString } from "../../core/ids.js";
import { isObject, type Json } from "../../core/json.js";
import { IdempotencyKeys } from "../../core/idempotency.js";
import { redirectBack } from "../../core/redirect.js";

/** The emulator's keys; any other signature is refused with 401. */
export const RAPYD_ACCESS_KEY = "rak_EMULATOR0000000000";
export const RAPYD_SECRET_KEY = "rsk_emulator0000000000000000000000000000";

/** EMULATOR-ONLY test cards for declines (Rapyd's sandbox documents its own simulations). */
const DECLINE_CARDS: Record<string, [code: string, message: string]> = {
  "4000000000009995": [
    "ERROR_CREATE_PAYMENT_INSUFFICIENT_FUNDS",
    "The request tried to create a payment, but there were insufficient funds for the transaction. The request was rejected. Corrective action: None. Contact the customer.",
  ],
};

/** ISO 4217 exponents the emulator knows (Rapyd uses the ISO exponent of each currency). */
const EXPONENTS: Record<string, number> = { USD: 2, EUR: 2, GBP: 2, SGD: 2, ILS: 2, JPY: 0, KRW: 0, BHD: 3, KWD: 3, MXN: 2, PHP: 2 };

/** BASE64(HEX(HMAC-SHA256(secret, text))): Rapyd's signature, for requests and webhooks alike. */
export function rapydSign(secretKey: string, text: string): string {
  return Buffer.from(createHmac("sha256", secretKey).update(text, "utf8").digest("hex"), "utf8").toString("base64");
}

/** The Checkout Page object (the fields the emulator keeps). */
interface Checkout {
  id: string;
  status: "NEW" | "DON" | "EXP";
  amount: number;
  currency: string;
  country: string;
  capture: boolean;
  customer: string | null;
  merchant_reference_id: string;
  complete_checkout_url: string;
  complete_payment_url: string;
  metadata: Json;
  payment_method_type_categories: unknown[] | null;
  page_expiration: number;
  timestamp: number;
  redirect_url: string;
  payment: Json;
}

interface Payment {
  id: string;
  amount: number;
  original_amount: number;
  currency_code: string;
  status: "ACT" | "CLO" | "CAN" | "ERR";
  next_action: "pending_capture" | "not_applicable" | "3d_verification" | "pending_confirmation";
  captured: boolean;
  paid: boolean;
  refunded: boolean;
  refunded_amount: number;
  customer_token: string;
  payment_method: string | null;
  payment_method_type: string;
  payment_method_type_category: "card" | "ewallet" | "cash" | "bank_redirect" | "bank_transfer";
  merchant_reference_id: string;
  textual_codes?: Json;
  visual_codes?: Json;
  instructions?: unknown[];
  expiration?: number;
  complete_payment_url?: string;
  metadata: Json;
  created_at: number;
  failure_code: string;
  failure_message: string;
  redirect_url: string;
  initiation_type?: string;
  payment_method_data?: Json;
}

interface Refund {
  id: string;
  amount: number;
  currency: string;
  payment: string;
  status: "Completed" | "Pending" | "Rejected" | "Error";
  merchant_reference_id: string;
  reason: string;
  created_at: number;
  metadata: Json;
}

const now = () => Math.floor(Date.now() / 1000);
const id = (prefix: string) => `${prefix}_${randomString(32, "0123456789abcdef")}`;

function ok(data: unknown): EmuResponse {
  return {
    status: 200,
    json: { status: { error_code: "", status: "SUCCESS", message: "", response_code: "", operation_id: randomUUID() }, data },
  };
}
function error(status: number, code: string, message: string): EmuResponse {
  return { status, json: { status: { error_code: code, status: "ERROR", message, response_code: code, operation_id: randomUUID() } } };
}
const invalid = (code: string, message: string) => error(400, code, message);
// Codes from Rapyd's published lists (Payment Errors, General Errors, the spec's examples):
// ERROR_AMOUNT_NOT_VALID, ERROR_GET_PAYMENT_METHOD_TYPE, INVALID_CARD_EXPIRATION_DATE,
// ERROR_CREATE_PAYMENT, ERROR_CREATE_PAYMENT_INSUFFICIENT_FUNDS, ERROR_CAPTURE_PAYMENT,
// ERROR_CANCEL_PAYMENT, ERROR_GET_PAYMENT, ERROR_CREATE_CUSTOMER, ERROR_CREATE_PAYMENT_METHOD,
// UNAUTHENTICATED_API_CALL. The others (refund, lookup and idempotency refusals) are EMULATOR-ONLY
// words for cases whose code Rapyd does not publish; the connector reads them by HTTP status.

/** A JSON number in major units → minor units, exactly, or null. */
function minorOf(amount: unknown, currency: string): number | null {
  const exp = EXPONENTS[currency];
  if (exp === undefined || typeof amount !== "number" || !Number.isFinite(amount) || amount <= 0) return null;
  const [whole, frac = ""] = String(amount).split(".");
  if (frac.length > exp || /e/i.test(String(amount))) return null;
  return Number(whole) * 10 ** exp + Number(frac.padEnd(exp, "0") || "0");
}
const majorOf = (minor: number, currency: string) => minor / 10 ** (EXPONENTS[currency] ?? 2);

function header(req: EmuRequest, name: string): string | undefined {
  const h = req.headers[name];
  return Array.isArray(h) ? h[0] : h;
}

export function createRapydEmulator(ctx: EmuContext): EmuMount {
  const payments = new Map<string, Payment>();
  const refunds = new Map<string, Refund>();
  const checkouts = new Map<string, Checkout>();
  const customers = new Map<string, { id: string; name: string; email?: string; cards: Map<string, { id: string; type: string; last4: string }> }>();
  const idempotent = new IdempotencyKeys();
  const seenSalts = new Set<string>();

  /** POSTs a webhook to the target, signed with the target's "<access_key>:<secret_key>". */
  function emit(type: string, data: unknown): void {
    const target = ctx.webhookTarget();
    if (!target) return;
    const [accessKey, secretKey] = target.secret.split(":");
    if (!accessKey || !secretKey) return ctx.log("rapyd: the webhook secret is not <access_key>:<secret_key>");
    const body = JSON.stringify({ id: `wh_${randomString(32, "0123456789abcdef")}`, type, data, trigger_operation_id: randomUUID(), status: "NEW", created_at: now() });
    const salt = randomString(12, ALNUM);
    const timestamp = String(now());
    const signature = rapydSign(secretKey, `${target.url}${salt}${timestamp}${accessKey}${secretKey}${body}`);
    void ctx.sendWebhook(target.url, { "Content-Type": "application/json", salt, timestamp, signature }, body);
  }

  /** The request signature, as Rapyd checks it; null when it holds. */
  function checkSignature(req: EmuRequest): EmuResponse | null {
    const refuse = (why: string) => {
      ctx.log(`rapyd: refused: ${why}`);
      return error(401, "UNAUTHENTICATED_API_CALL", "Invalid signature");
    };
    const accessKey = header(req, "access_key");
    const salt = header(req, "salt");
    const timestamp = header(req, "timestamp");
    const signature = header(req, "signature");
    if (!accessKey || !salt || !timestamp || !signature) return refuse("a signing header is missing");
    if (accessKey !== RAPYD_ACCESS_KEY) return refuse("unknown access key");
    if (!/^\d+$/.test(timestamp) || Math.abs(now() - Number(timestamp)) > 60) return refuse("timestamp is not within 60 seconds of now");
    const query = req.query.toString();
    const path = `${req.path}${query ? `?${query}` : ""}`;
    const expected = rapydSign(RAPYD_SECRET_KEY, `${req.method.toLowerCase()}${path}${salt}${timestamp}${accessKey}${RAPYD_SECRET_KEY}${req.rawBody}`);
    if (expected !== signature) return refuse("signature does not match");
    if (seenSalts.has(`${salt}.${timestamp}`)) return refuse("salt and timestamp replayed");
    seenSalts.add(`${salt}.${timestamp}`);
    return null;
  }

  function createPayment(body: Json): EmuResponse {
    const currency = typeof body["currency"] === "string" ? body["currency"].toUpperCase() : "";
    const minor = minorOf(body["amount"], currency);
    if (minor === null) return invalid("ERROR_AMOUNT_NOT_VALID", "The request tried to create a transaction, but the amount was not valid. The request was rejected. Corrective action: Set the amount to a positive decimal number.");
    const pm = body["payment_method"];
    let paymentMethod: string | null = null;
    let type = "";
    let number = "";
    let customer = typeof body["customer"] === "string" ? body["customer"] : "";
    let walletKind = "";
    if (typeof pm === "string") {
      const saved = customers.get(customer)?.cards.get(pm);
      if (!saved) return invalid("ERROR_GET_PAYMENT_METHOD", `The request tried to retrieve a payment method, but the payment method '${pm}' was not found.`);
      paymentMethod = saved.id;
      type = saved.type;
    } else if (isObject(pm) && typeof pm["type"] === "string" && /^[a-z]{2}_[a-z0-9_]+_(ewallet|cash|bank)$/.test(pm["type"])) {
      return createLocalPayment(body, pm["type"], minor, currency, customer);
    } else if (isObject(pm) && typeof pm["type"] === "string" && isObject(pm["digital_wallet"])) {
      // Apple Pay / Google Pay: a Visa or Mastercard card type and the wallet's token object
      // ("Creating a Payment with Apple Pay (encrypted)", "... with Google Pay (encrypted)").
      type = pm["type"];
      const refusal = checkDigitalWallet(type, pm["digital_wallet"]);
      if (refusal) return refusal;
      if (body["save_payment_method"] === true) paymentMethod = id("card");
      walletKind = String(pm["digital_wallet"]["type"]);
    } else if (isObject(pm) && typeof pm["type"] === "string" && isObject(pm["fields"])) {
      type = pm["type"];
      if (!/^[a-z]{2}_[a-z]+_card$/.test(type)) return invalid("ERROR_GET_PAYMENT_METHOD_TYPE", "The request attempted an operation that requires a payment method, but the payment method type was not recognized or is not available for this merchant.");
      const f = pm["fields"];
      number = String(f["number"] ?? "");
      if (!luhnValid(number)) return invalid("INVALID_CARD_NUMBER", "The request attempted an operation that requires a card number, but the number was not valid.");
      if (!/^(0[1-9]|1[0-2])$/.test(String(f["expiration_month"] ?? "")) || !/^\d{2}$/.test(String(f["expiration_year"] ?? ""))) {
        return invalid("INVALID_CARD_EXPIRATION_DATE", "The request attempted an operation that requires a card payment method, but the card expiration date was not valid.");
      }
      if (f["cvv"] !== undefined && !/^\d{3,4}$/.test(String(f["cvv"]))) return invalid("INVALID_CARD_CVV", "The card's CVV is not valid.");
      if (body["save_payment_method"] === true) paymentMethod = id("card");
    } else {
      return invalid("ERROR_CREATE_PAYMENT", "The request tried to create a payment, but the payment_method was missing or not valid.");
    }
    if (!customer) {
      customer = id("cus");
      customers.set(customer, { id: customer, name: "", cards: new Map() });
    }
    if (paymentMethod && (number || walletKind) && !customers.get(customer)?.cards.has(paymentMethod)) {
      customers.get(customer)?.cards.set(paymentMethod, { id: paymentMethod, type, last4: number.slice(-4) });
    }
    const declined = DECLINE_CARDS[number];
    const capture = body["capture"] !== false;
    const payment: Payment = {
      id: id("payment"),
      amount: majorOf(minor, currency),
      original_amount: majorOf(minor, currency),
      currency_code: currency,
      status: capture ? "CLO" : "ACT",
      next_action: capture ? "not_applicable" : "pending_capture",
      captured: capture,
      paid: capture,
      refunded: false,
      refunded_amount: 0,
      customer_token: customer,
      payment_method: paymentMethod,
      payment_method_type: type,
      payment_method_type_category: "card",
      merchant_reference_id: typeof body["merchant_reference_id"] === "string" ? body["merchant_reference_id"] : "",
      metadata: isObject(body["metadata"]) ? body["metadata"] : {},
      created_at: now(),
      failure_code: "",
      failure_message: "",
      redirect_url: "",
      ...(typeof body["initiation_type"] === "string" ? { initiation_type: body["initiation_type"] } : {}),
      ...(walletKind ? { payment_method_data: { digital_wallet: { type: walletKind, pan_type: "DPAN" } } } : {}),
    };
    payments.set(payment.id, payment);
    if (declined) {
      ctx.log(`rapyd: card ${ctx.maskPan(number)} declined`);
      Object.assign(payment, { status: "ERR", next_action: "not_applicable", captured: false, paid: false, failure_code: declined[0], failure_message: declined[1] });
      emit("PAYMENT_FAILED", payment);
      // Create Payment's error answer carries the failed payment as `data` (Create Payment Error Examples).
      const answer = invalid(declined[0], declined[1]);
      return { ...answer, json: { ...(answer.json as object), data: payment } };
    }
    emit("PAYMENT_SUCCEEDED", payment);
    if (capture) emit("PAYMENT_COMPLETED", payment);
    return ok(payment);
  }

  /** A digital wallet's payment method, as Rapyd's Apple Pay and Google Pay guides shape it; null when it holds. */
  function checkDigitalWallet(type: string, dw: Json): EmuResponse | null {
    const refuse = (why: string) => invalid("ERROR_CREATE_PAYMENT", `The request tried to create a payment with a digital wallet, but ${why}.`);
    if (!/^[a-z]{2}_(visa|mastercard)_card$/.test(type)) return invalid("ERROR_GET_PAYMENT_METHOD_TYPE", "The request attempted an operation that requires a payment method, but the payment method type was not recognized or is not available for this merchant.");
    const details = dw["details"];
    const token = isObject(details) ? details["token"] : undefined;
    if (!isObject(token)) return refuse("digital_wallet.details.token was missing");
    if (dw["type"] === "apple_pay") {
      const data = token["paymentData"];
      if (!isObject(data) || typeof data["data"] !== "string" || !isObject(data["header"])) return refuse("the Apple Pay token has no paymentData");
    } else if (dw["type"] === "google_pay") {
      const pmd = token["paymentMethodData"];
      const tz = isObject(pmd) ? pmd["tokenizationData"] : undefined;
      if (token["apiVersion"] !== 2 || !isObject(tz) || tz["type"] !== "PAYMENT_GATEWAY" || typeof tz["token"] !== "string") {
        return refuse("the Google Pay token is not apiVersion 2 with PAYMENT_GATEWAY tokenizationData");
      }
    } else {
      return refuse("digital_wallet.type is neither apple_pay nor google_pay");
    }
    return null;
  }

  // Create Checkout Page: a hosted page at redirect_url; its payment is made when the shopper
  // pays there (the page's `payment` has a null id and status until then).
  function createCheckout(body: Json): EmuResponse {
    const currency = typeof body["currency"] === "string" ? body["currency"].toUpperCase() : "";
    const minor = minorOf(body["amount"], currency);
    if (minor === null) return invalid("ERROR_AMOUNT_NOT_VALID", "The request tried to create a transaction, but the amount was not valid.");
    if (typeof body["country"] !== "string" || !/^[A-Z]{2}$/.test(body["country"])) {
      return invalid("ERROR_HOSTED_PAGE_COUNTRY_NOT_VALID", "The request tried to create a checkout page, but the country was missing or not valid.");
    }
    const page: Checkout = {
      id: id("checkout"),
      status: "NEW",
      amount: majorOf(minor, currency),
      currency,
      country: body["country"],
      capture: body["capture"] !== false,
      customer: typeof body["customer"] === "string" ? body["customer"] : null,
      merchant_reference_id: typeof body["merchant_reference_id"] === "string" ? body["merchant_reference_id"] : "",
      complete_checkout_url: typeof body["complete_checkout_url"] === "string" ? body["complete_checkout_url"] : "",
      complete_payment_url: typeof body["complete_payment_url"] === "string" ? body["complete_payment_url"] : "",
      metadata: isObject(body["metadata"]) ? body["metadata"] : {},
      payment_method_type_categories: Array.isArray(body["payment_method_type_categories"]) ? body["payment_method_type_categories"] : null,
      page_expiration: now() + 14 * 86400,
      timestamp: now(),
      redirect_url: "",
      payment: { id: null, status: null },
    };
    page.redirect_url = `${ctx.origin}${ctx.mountPrefix}/checkout-page/${page.id}`;
    checkouts.set(page.id, page);
    return ok(page);
  }

  // The shopper pays on the hosted page with Rapyd's sandbox success card (Visa): a card payment
  // of the page's amount, captured unless the page said capture: false.
  function payCheckout(page: Checkout): void {
    if (page.status !== "NEW") return;
    const minor = Math.round(page.amount * 10 ** (EXPONENTS[page.currency] ?? 2));
    const answer = createPayment({
      amount: majorOf(minor, page.currency),
      currency: page.currency,
      capture: page.capture,
      merchant_reference_id: page.merchant_reference_id,
      metadata: page.metadata,
      ...(page.customer ? { customer: page.customer } : {}),
      payment_method: { type: `${page.country.toLowerCase()}_visa_card`, fields: { number: "4111111111111111", expiration_month: "12", expiration_year: "30", cvv: "123" } },
    });
    const payment = isObject(answer.json) && isObject(answer.json["data"]) ? answer.json["data"] : null;
    if (payment) Object.assign(page, { status: "DON", payment });
  }

  // A local method's payment (an ewallet, cash, a bank: any type the merchant names, as
  // processorMethod does): ACT until the shopper pays. An ewallet or a bank with
  // complete_payment_url answers the method's page as redirect_url (bank redirect; the URLs are
  // required, as Rapyd's Bank Redirect page says); a bank type without one is a bank transfer,
  // answered with the account to pay in (textual_codes) and the steps (instructions); cash answers
  // the code to pay with (textual_codes), its image (visual_codes), the steps and when it expires
  // (Cash Payment Message Sequences).
  function createLocalPayment(body: Json, type: string, minor: number, currency: string, customer: string): EmuResponse {
    const complete = typeof body["complete_payment_url"] === "string" ? body["complete_payment_url"] : "";
    const category: Payment["payment_method_type_category"] = type.endsWith("_cash")
      ? "cash"
      : type.endsWith("_ewallet")
        ? "ewallet"
        : complete
          ? "bank_redirect"
          : "bank_transfer";
    const redirects = category === "ewallet" || category === "bank_redirect";
    if (redirects && (!complete || typeof body["error_payment_url"] !== "string")) {
      return invalid("ERROR_CREATE_PAYMENT", "The request tried to create a payment, but complete_payment_url or error_payment_url was missing.");
    }
    if (isObject(body["payment_method"]) && body["payment_method"]["fields"] !== undefined && !isObject(body["payment_method"]["fields"])) {
      return invalid("ERROR_CREATE_PAYMENT", "The request tried to create a payment, but the payment method's fields were not an object.");
    }
    if (body["capture"] === false) return invalid("ERROR_AUTH_ONLY_IS_NOT_SUPPORTED", "The request tried to authorize a payment without capture, but the payment method does not support it.");
    if (!customer) customer = id("cus");
    const payment: Payment = {
      id: id("payment"),
      amount: majorOf(minor, currency),
      original_amount: majorOf(minor, currency),
      currency_code: currency,
      status: "ACT",
      next_action: category === "cash" ? "not_applicable" : "pending_confirmation",
      captured: false,
      paid: false,
      refunded: false,
      refunded_amount: 0,
      customer_token: customer,
      payment_method: null,
      payment_method_type: type,
      payment_method_type_category: category,
      merchant_reference_id: typeof body["merchant_reference_id"] === "string" ? body["merchant_reference_id"] : "",
      metadata: isObject(body["metadata"]) ? body["metadata"] : {},
      created_at: now(),
      failure_code: "",
      failure_message: "",
      redirect_url: "",
      textual_codes: {},
      visual_codes: {},
      instructions: [],
      complete_payment_url: complete,
    };
    if (redirects) {
      payment.redirect_url = `${ctx.origin}${ctx.mountPrefix}/wallet/${payment.id}`;
    } else if (category === "bank_transfer") {
      const reference = randomString(10, "0123456789");
      payment.textual_codes = { bank_name: "Emulator Bank", account_number: randomString(10, "0123456789"), reference };
      payment.instructions = [{ name: "instructions", steps: [{ step1: "Transfer the amount to the account shown, quoting the reference." }] }];
      payment.expiration = now() + 3 * 86400;
    } else {
      const code = randomString(14, "0123456789");
      payment.textual_codes = { pay_code: code };
      payment.visual_codes = { barcode: `${ctx.origin}${ctx.mountPrefix}/barcode/${code}.png` };
      payment.instructions = [{ name: "instructions", steps: [{ step1: "Show the pay code at the store's counter and pay in cash." }] }];
      payment.expiration = now() + 7 * 86400;
    }
    payments.set(payment.id, payment);
    emit("PAYMENT_SUCCEEDED", payment);
    return ok(payment);
  }

  // The shopper paid (in the wallet, or in cash at the store): CLO and Payment Completed.
  function complete(payment: Payment): EmuResponse {
    if (payment.status !== "ACT" || payment.payment_method_type_category === "card") {
      return invalid("ERROR_COMPLETE_PAYMENT", "The request tried to complete a payment, but the payment is not awaiting completion.");
    }
    Object.assign(payment, { status: "CLO", captured: true, paid: true });
    emit("PAYMENT_COMPLETED", payment);
    return ok(payment);
  }

  function capture(payment: Payment, body: Json): EmuResponse {
    if (payment.status !== "ACT" || payment.captured) {
      return invalid("ERROR_CAPTURE_PAYMENT", "The request tried to capture a payment, but the payment could not be found or there was an error in the input parameters. The request was rejected. Corrective action: Determine whether the payment was closed, and check all input parameters.");
    }
    const authorized = minorOf(payment.amount, payment.currency_code)!;
    const minor = body["amount"] === undefined ? authorized : minorOf(body["amount"], payment.currency_code);
    if (minor === null || minor > authorized) {
      return invalid("ERROR_CAPTURE_PAYMENT", "The request tried to capture a payment, but the amount was not valid. Corrective action: capture at most the authorized amount.");
    }
    // A partial capture captures that amount and releases the rest: the payment closes.
    payment.amount = majorOf(minor, payment.currency_code);
    payment.status = "CLO";
    payment.next_action = "not_applicable";
    payment.captured = true;
    payment.paid = true;
    emit("PAYMENT_CAPTURED", payment);
    emit("PAYMENT_COMPLETED", payment);
    return ok(payment);
  }

  function cancel(payment: Payment): EmuResponse {
    if (payment.status !== "ACT") {
      return invalid("ERROR_CANCEL_PAYMENT", "The request tried to cancel a payment, but the operation failed. Corrective action: Check all input fields, and verify that the payment exists and was not already closed.");
    }
    payment.status = "CAN";
    payment.next_action = "not_applicable";
    emit("PAYMENT_CANCELED", payment);
    return ok(payment);
  }

  function refund(body: Json): EmuResponse {
    const payment = typeof body["payment"] === "string" ? payments.get(body["payment"]) : undefined;
    if (!payment) return invalid("ERROR_PAYMENT_NOT_FOUND", "The request tried to retrieve a payment, but the payment was not found.");
    if (payment.status !== "CLO") return invalid("ERROR_CREATE_REFUND", "The request tried to refund a payment that is not closed. Corrective action: capture the payment first.");
    const currency = payment.currency_code;
    if (typeof body["currency"] === "string" && body["currency"].toUpperCase() !== currency) {
      return invalid("ERROR_CREATE_REFUND", "The request tried to refund in a currency other than the payment's.");
    }
    const paid = minorOf(payment.amount, currency)!;
    const refunded = Math.round(payment.refunded_amount * 10 ** (EXPONENTS[currency] ?? 2));
    const minor = body["amount"] === undefined ? paid - refunded : minorOf(body["amount"], currency);
    if (minor === null || minor <= 0) return invalid("ERROR_AMOUNT_NOT_VALID", "The request tried to create a transaction, but the amount was not valid.");
    if (minor > paid - refunded) return invalid("ERROR_CREATE_REFUND", "The request tried to refund more than the payment's remaining amount.");
    const r: Refund = {
      id: id("refund"),
      amount: majorOf(minor, currency),
      currency,
      payment: payment.id,
      status: "Completed",
      merchant_reference_id: typeof body["merchant_reference_id"] === "string" ? body["merchant_reference_id"] : "",
      reason: typeof body["reason"] === "string" ? body["reason"] : "",
      created_at: now(),
      metadata: isObject(body["metadata"]) ? body["metadata"] : {},
    };
    refunds.set(r.id, r);
    payment.refunded_amount = majorOf(refunded + minor, currency);
    payment.refunded = true;
    emit("REFUND_COMPLETED", r);
    return ok(r);
  }

  function createCustomer(body: Json): EmuResponse {
    if (typeof body["name"] !== "string" || !body["name"]) return invalid("ERROR_CREATE_CUSTOMER", "The request tried to create a customer, but the name was missing.");
    const c = { id: id("cus"), name: body["name"], email: typeof body["email"] === "string" ? body["email"] : undefined, cards: new Map() };
    customers.set(c.id, c);
    return ok({ id: c.id, name: c.name, email: c.email ?? "", payment_methods: null, created_at: now(), metadata: body["metadata"] ?? {} });
  }

  function addPaymentMethod(customerId: string, body: Json): EmuResponse {
    const customer = customers.get(customerId);
    if (!customer) return invalid("ERROR_GET_CUSTOMER", `The request tried to retrieve a customer, but the customer '${customerId}' was not found.`);
    const type = typeof body["type"] === "string" ? body["type"] : "";
    const fields = isObject(body["fields"]) ? body["fields"] : {};
    const number = String(fields["number"] ?? "");
    if (!/^[a-z]{2}_[a-z]+_card$/.test(type)) return invalid("ERROR_GET_PAYMENT_METHOD_TYPE", "The payment method type was not recognized or is not available for this merchant.");
    if (!luhnValid(number)) return invalid("ERROR_CREATE_PAYMENT_METHOD", "The request attempted an operation that requires specific fields for payment method, but a required field was missing, or an extra, unallowed field was included. Corrective action: Run \"Get Payment Method Required Fields\" and check all input fields.");
    const pm = { id: id("card"), type, last4: number.slice(-4) };
    customer.cards.set(pm.id, pm);
    const out = { id: pm.id, type, category: "card", customer: customerId, last4: pm.last4, next_action: "not_applicable", redirect_url: "", network_reference_id: randomString(15, "0123456789"), metadata: body["metadata"] ?? {} };
    emit("CUSTOMER_PAYMENT_METHOD_CREATED", out);
    return ok(out);
  }

  function route(req: EmuRequest, body: Json): EmuResponse {
    const { method, path } = req;
    if (method === "POST" && path === "/v1/payments") return createPayment(body);
    if (method === "POST" && path === "/v1/refunds") return refund(body);
    if (method === "POST" && path === "/v1/customers") return createCustomer(body);
    if (method === "POST" && path === "/v1/checkout") return createCheckout(body);
    // Retrieve Apple Pay Session: Rapyd asks Apple for a merchant session for the client's display
    // name and domain (initiative_context); the emulator answers one of Apple's shape.
    if (method === "POST" && path === "/v1/digital_wallets/session/apple_pay") {
      const name = body["display_name"];
      const domain = body["initiative_context"];
      if (typeof name !== "string" || !name || typeof domain !== "string" || !/^[a-z0-9.-]+$/i.test(domain)) {
        return invalid("ERROR_APPLE_PAY_SESSION", "The request tried to retrieve an Apple Pay session, but display_name or initiative_context was missing or not valid.");
      }
      const epoch = Date.now();
      return ok({
        epochTimestamp: epoch,
        expiresAt: epoch + 3_600_000,
        merchantSessionIdentifier: `SSH${randomString(32, "0123456789ABCDEF")}`,
        nonce: randomString(8, "0123456789abcdef"),
        merchantIdentifier: randomString(64, "0123456789ABCDEF"),
        domainName: domain,
        displayName: name,
        signature: Buffer.from(randomString(48, ALNUM)).toString("base64"),
        retries: 0,
      });
    }
    const page = method === "GET" ? /^\/v1\/checkout\/(checkout_\w+)$/.exec(path) : null;
    if (page) {
      const found = checkouts.get(page[1]!);
      return found ? ok(found) : invalid("ERROR_GET_CHECKOUT", `The request tried to retrieve a checkout page, but the checkout page '${page[1]}' was not found.`);
    }
    // The sandbox's Complete Payment: what the shopper's paying does in production.
    if (method === "POST" && path === "/v1/payments/completePayment") {
      const payment = typeof body["token"] === "string" ? payments.get(body["token"]) : undefined;
      return payment ? complete(payment) : invalid("ERROR_GET_PAYMENT", `The request tried to retrieve a payment, but the payment '${String(body["token"])}' was not found.`);
    }
    let m = /^\/v1\/payments\/(payment_\w+)(\/capture)?$/.exec(path);
    if (m) {
      const payment = payments.get(m[1]!);
      if (!payment) return invalid("ERROR_GET_PAYMENT", `The request tried to retrieve a payment, but the payment '${m[1]}' was not found.`);
      if (method === "GET" && !m[2]) return ok(payment);
      if (method === "DELETE" && !m[2]) return cancel(payment);
      if (method === "POST" && m[2]) return capture(payment, body);
    }
    m = /^\/v1\/refunds\/(refund_\w+)$/.exec(path);
    if (m && method === "GET") {
      const r = refunds.get(m[1]!);
      return r ? ok(r) : invalid("ERROR_GET_REFUND", `The request tried to retrieve a refund, but the refund '${m[1]}' was not found.`);
    }
    m = /^\/v1\/customers\/(cus_\w+)\/payment_methods$/.exec(path);
    if (m && method === "POST") return addPaymentMethod(m[1]!, body);
    m = /^\/v1\/customers\/(cus_\w+)\/payment_methods\/(card_\w+)$/.exec(path);
    if (m && method === "DELETE") {
      const customer = customers.get(m[1]!);
      if (!customer?.cards.delete(m[2]!)) return invalid("ERROR_GET_PAYMENT_METHOD", `The payment method '${m[2]}' was not found for this customer.`);
      return ok({ id: m[2], deleted: true });
    }
    return error(404, "NOT_FOUND", "The requested resource was not found.");
  }

  function handle(req: EmuRequest): EmuResponse {
    // The wallet's page, opened by the shopper's browser (not a signed API call): paying there
    // completes the payment and sends the shopper to complete_payment_url.
    const wallet = req.method === "GET" ? /^\/wallet\/(payment_\w+)$/.exec(req.path) : null;
    if (wallet) {
      const payment = payments.get(wallet[1]!);
      if (!payment || !["ewallet", "bank_redirect"].includes(payment.payment_method_type_category)) return error(404, "NOT_FOUND", "The requested resource was not found.");
      if (payment.status === "ACT") complete(payment);
      return redirectBack(payment.complete_payment_url || "http://127.0.0.1/", {});
    }
    // The hosted checkout page, opened by the shopper's browser: paying there makes the payment
    // and sends the shopper to complete_checkout_url.
    const hosted = req.method === "GET" ? /^\/checkout-page\/(checkout_\w+)$/.exec(req.path) : null;
    if (hosted) {
      const page = checkouts.get(hosted[1]!);
      if (!page) return error(404, "NOT_FOUND", "The requested resource was not found.");
      payCheckout(page);
      return redirectBack(page.complete_checkout_url || "http://127.0.0.1/", {});
    }
    const refused = checkSignature(req);
    if (refused) return refused;
    let body: Json = {};
    if (req.method === "POST") {
      try {
        const parsed: unknown = req.rawBody.trim() === "" ? {} : JSON.parse(req.rawBody);
        if (!isObject(parsed)) return invalid("ERROR_INVALID_BODY", "The request body must be a JSON object.");
        body = parsed;
      } catch {
        return invalid("ERROR_INVALID_BODY", "The request body is not valid JSON.");
      }
    }
    const key = header(req, "idempotency");
    if (key && req.method !== "GET") {
      // Rapyd answers a repeated idempotency key with the first answer.
      const keyed = idempotent.run(key, `${req.method} ${req.path} ${req.rawBody}`, (r) => r.status < 500, () => route(req, body));
      if (keyed.kind === "conflict") return invalid("ERROR_DUPLICATE_IDEMPOTENCY_KEY", "The idempotency key was already used for another request.");
      return keyed.response;
    }
    return route(req, body);
  }

  return { handle };
}

export const emulator: ConnectorEmulator = { create: createRapydEmulator };
