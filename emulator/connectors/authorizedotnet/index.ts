// Authorize.Net emulator: the JSON API at /xml/v1/request.api (createTransactionRequest with
// authOnly / authCapture / priorAuthCapture / void / refund, getTransactionDetailsRequest,
// createCustomerProfileRequest, createCustomerPaymentProfileRequest, getHostedPaymentPageRequest),
// merchantAuthentication in the body, and signed webhook notifications on request.
//
// Shapes follow Authorize.Net's API reference (developer.authorize.net/api/reference): the
// createTransactionResponse (`transactionResponse {responseCode, authCode, avsResultCode,
// cvvResultCode, transId, refTransID, accountNumber "XXXX1111", accountType, messages | errors},
// refId, messages {resultCode, message[{code, text}]}`), getTransactionDetailsResponse
// (`transaction {transId, transactionType, transactionStatus, authAmount, settleAmount (JSON
// numbers), payment.creditCard.cardNumber "XXXX1111", ...}`), the response reason codes, and the
// webhook notification (`notificationId, eventType, eventDate, webhookId, payload {responseCode,
// authCode, avsResponse, authAmount, invoiceNumber, entityName, id}` signed with X-ANET-Signature:
// sha512=<upper-case hex HMAC-SHA512 of the body under the Signature Key>).
//
// Behaviour worth knowing:
// - Every answer is HTTP 200 with a UTF-8 byte order mark before the JSON, as Authorize.Net sends.
// - Element order is checked against the schema (the JSON API is XML underneath): an element out
//   of order is E00003, as the gateway answers.
// - Sandbox triggers: billing zip 46282 declines (reason 2); card code 901 is a card code mismatch
//   (reason 65); an expiry in the past is reason 8.
// - The duplicate window: the same card, amount, type and invoice number within 120 s is reason 11.
// - Captures and refunds wait for the nightly settlement batch: a refund needs a settled
//   transaction (reason 54 otherwise). `POST <mount>/_emulator/settle` runs the batch.
// - Customer Information Manager: createCustomerProfileRequest (with or without payment
//   profiles) and createCustomerPaymentProfileRequest, answered with the API reference's shapes
//   (`customerProfileId`, `customerPaymentProfileIdList` / `customerPaymentProfileId`,
//   `validationDirectResponseList` / `validationDirectResponse`: the comma-separated direct
//   response of the validation, masked card `XXXX1111` in its 51st field). A profile needs one of
//   merchantCustomerId / description / email (E00041); the same three again is E00039 naming the
//   existing profile's id; the same card under one profile is E00039 with the existing ids.
//   validationMode liveMode runs the card through the authorization rules above (billing zip
//   46282 declines, an expired card is reason 8) and a declined card is not saved (E00027);
//   testMode checks the fields only; none checks nothing. A createTransactionRequest with
//   `profile {customerProfileId, paymentProfile {paymentProfileId}}` charges the saved card
//   (E00040 for an unknown profile; `payment` and `profile` together are refused) and answers
//   `accountNumber` like a card transaction; the duplicate window applies to it too. A saved card
//   is announced by a signed net.authorize.customer.paymentProfile.created notification.
// - Accept.js: securePaymentContainerRequest (what Accept.js sends from the shopper's browser,
//   authenticated by the public client key, AUTHORIZEDOTNET_CLIENT_KEY) answers `opaqueData
//   {dataDescriptor: "COMMON.ACCEPT.INAPP.PAYMENT", dataValue}`: a payment nonce good for one use
//   within 15 minutes. `payment.opaqueData` with it stands for the card in a transaction or a
//   payment profile; an unknown, used or expired nonce is E00114 "Invalid OTS Token.".
// - PayPal Express Checkout (the API reference's PayPal calls): authOnly / authCapture with
//   `payment.payPal {successUrl, cancelUrl}` answers responseCode 5 (reason 2000 "Need payer
//   consent.") with `secureAcceptance.SecureAcceptanceUrl`, here `<mount>/_emulator/paypal/checkout
//   ?token=EC-...`: a GET plays the payer approving on PayPal and redirects to successUrl with
//   `token` and `PayerID` (with `&cancel=1`, the payer cancelling: cancelUrl with `token` only).
//   authOnlyContinueTransaction / authCaptureContinueTransaction with `refTransId` and
//   `payPal.payerID` then authorize (or sale) the same transId, accountType PayPal: 2006 without a
//   payerID, 2105 for another one, 2102 before the approval, 2103 when continued already,
//   2008 / 2009 for a continue that is not the authorize's type. Capture, void, details and refund
//   as for cards; a PayPal refund takes no payment element (or an empty `payPal`).

import { randomBytes } from "node:crypto";
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { expired } from "../../core/cards.js";
import type { Json } from "../../core/json.js";
import { Ledger } from "../../core/ledger.js";
import { parseDecimal } from "../../core/money.js";
import { redirectBack } from "../../core/redirect.js";
import { deliver, hmac } from "../../core/webhooks.js";
import { authorizeDotNetIssue12 } from "./issue12.js";


export const AUTHORIZEDOTNET_CREDENTIALS = { apiLoginId: "5KP3u95bQpv", transactionKey: "346HZ32z3fP4hTG2" };
export const AUTHORIZEDOTNET_PATH = "/xml/v1/request.api";
/** The public client key Accept.js authenticates with (Account → Settings → Manage Public Client Key). */
export const AUTHORIZEDOTNET_CLIENT_KEY = "7v9x3Y8rEmulatorPublicClientKey4uQ2";
/** Accept.js's dataDescriptor for a card nonce. */
const ACCEPT_DESCRIPTOR = "COMMON.ACCEPT.INAPP.PAYMENT";
/** How long a nonce can be used (Accept.js documentation: 15 minutes). */
const NONCE_LIFETIME_MS = 15 * 60_000;

// Element order of the schema's types (AnetApiSchema.xsd), for the elements the emulator knows.
// A key "<parent>.<child>" gives the order of a child whose type depends on its parent.
const ORDER: Record<string, string[]> = {
  createTransactionRequest: ["merchantAuthentication", "clientId", "refId", "transactionRequest"],
  createCustomerProfileRequest: ["merchantAuthentication", "clientId", "refId", "profile", "validationMode"],
  createCustomerPaymentProfileRequest: ["merchantAuthentication", "clientId", "refId", "customerProfileId", "paymentProfile", "validationMode"],
  "createCustomerProfileRequest.profile": ["merchantCustomerId", "description", "email", "paymentProfiles", "shipToList", "profileType"],
  paymentProfiles: ["customerType", "billTo", "payment", "driversLicense", "taxId", "defaultPaymentProfile", "subsequentAuthInformation", "excludeFromAccountUpdater"],
  paymentProfile: ["customerType", "billTo", "payment", "driversLicense", "taxId", "defaultPaymentProfile", "subsequentAuthInformation", "excludeFromAccountUpdater"],
  "transactionRequest.profile": ["createProfile", "customerProfileId", "paymentProfile", "shippingProfileId"],
  "profile.paymentProfile": ["paymentProfileId", "cardCode"],
  processingOptions: ["isFirstRecurringPayment", "isFirstSubsequentAuth", "isSubsequentAuth", "isStoredCredentials"],
  subsequentAuthInformation: ["originalNetworkTransId", "originalAuthAmount", "reason"],
  getTransactionDetailsRequest: ["merchantAuthentication", "clientId", "refId", "transId"],
  securePaymentContainerRequest: ["merchantAuthentication", "clientId", "refId", "data"],
  getHostedPaymentPageRequest: ["merchantAuthentication", "clientId", "refId", "transactionRequest", "hostedPaymentSettings"],
  hostedPaymentSettings: ["setting"],
  data: ["type", "id", "token"],
  token: ["cardNumber", "expirationDate", "cardCode", "zip", "fullName"],
  opaqueData: ["dataDescriptor", "dataValue", "dataKey", "expirationTimeStamp"],
  merchantAuthentication: ["name", "transactionKey", "sessionToken", "password", "impersonationAuthentication", "fingerPrint", "clientKey", "accessToken", "mobileDeviceId"],
  transactionRequest: [
    "transactionType", "amount", "currencyCode", "payment", "profile", "solution", "callId", "terminalNumber", "authCode",
    "refTransId", "splitTenderId", "order", "lineItems", "tax", "duty", "shipping", "taxExempt", "poNumber", "customer",
    "billTo", "shipTo", "customerIP", "cardholderAuthentication", "retail", "employeeId", "transactionSettings",
    "userFields", "surcharge", "merchantDescriptor", "subMerchant", "tip", "processingOptions",
    "subsequentAuthInformation", "otherTax", "shipFrom", "authorizationIndicatorType",
  ],
  payment: ["trackData", "creditCard", "bankAccount", "opaqueData", "payPal", "emv"],
  payPal: ["successUrl", "cancelUrl", "paypalLc", "paypalHdrImg", "paypalPayflowcolor", "payerID"],
  creditCard: ["cardNumber", "expirationDate", "cardCode", "isPaymentToken", "cryptogram", "tokenRequestorName", "tokenRequestorId", "tokenRequestorEci"],
  bankAccount: ["accountType", "routingNumber", "accountNumber", "nameOnAccount", "echeckType", "bankName", "checkNumber"],
  cardholderAuthentication: ["authenticationIndicator", "cardholderAuthenticationValue"],
  setting: ["settingName", "settingValue"],
  order: ["invoiceNumber", "description", "discountAmount", "taxIsAfterDiscount", "totalTaxTypeCode", "purchaserVATRegistrationNumber"],
  customer: ["type", "id", "email", "phoneNumber", "faxNumber", "driversLicense", "taxId"],
  billTo: ["firstName", "lastName", "company", "address", "city", "state", "zip", "country", "phoneNumber", "faxNumber", "email"],
  shipTo: ["firstName", "lastName", "company", "address", "city", "state", "zip", "country"],
};

/** The settingName values the schema's documentation allows in hostedPaymentSettings. */
const HOSTED_SETTINGS = [
  "hostedPaymentIFrameCommunicatorUrl", "hostedPaymentButtonOptions", "hostedPaymentReturnOptions", "hostedPaymentOrderOptions",
  "hostedPaymentPaymentOptions", "hostedPaymentBillingAddressOptions", "hostedPaymentShippingAddressOptions",
  "hostedPaymentSecurityOptions", "hostedPaymentCustomerOptions", "hostedPaymentStyleOptions",
];

const MAX_LENGTH: Record<string, number> = { refId: 20, invoiceNumber: 20, merchantCustomerId: 20 };

interface Txn {
  transId: string;
  type: string;
  status: string;
  /** authAmount, settleAmount (captured) and what was refunded of it, in cents. */
  ledger: Ledger;
  last4: string;
  invoiceNumber: string;
  refTransId?: string;
  submitted: string;
  /** An eCheck.Net debit: answered with accountType eCheck, refunded only to its bank account. */
  echeck?: boolean;
  /** A PayPal Express Checkout transaction: its checkout token, return URLs and the payer's approval. */
  paypal?: { token: string; successUrl: string; cancelUrl: string; payerId?: string; approved: boolean; continued: boolean };
}

/** The payer id PayPal gives the emulator's one sandbox buyer. */
const PAYPAL_PAYER_ID = "S6D5ETGSVYX94";
const MAX_PAYPAL_URL = 2048;

function orderError(obj: Json, name: string): string | null {
  const order = ORDER[name];
  if (!order) return null;
  let last = -1;
  const element = name.split(".").pop();
  for (const key of Object.keys(obj)) {
    const at = order.indexOf(key);
    if (at < 0) return `The element '${element}' has invalid child element '${key}'.`;
    if (at < last) return `The element '${element}' has invalid child element '${key}'. List of possible elements expected: '${order.slice(last + 1).join(", ")}'.`;
    last = at;
    const v = obj[key];
    const qualified = `${element}.${key}`;
    const child = ORDER[qualified] ? qualified : key;
    // A repeated element is a JSON list (the SDK's form) or, for one item, an object.
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item && typeof item === "object" && !Array.isArray(item)) {
        const inner = orderError(item as Json, child);
        if (inner) return inner;
      }
    }
    if (typeof v === "string" && MAX_LENGTH[key] !== undefined && v.length > MAX_LENGTH[key]) {
      return `The '${key}' element is invalid - The value '${"*".repeat(3)}' is invalid according to its datatype - The actual length is greater than the MaxLength value.`;
    }
  }
  return null;
}

/** "10.99" → 1099; null when not a positive amount with at most two decimals. */
function cents(text: unknown): number | null {
  const c = parseDecimal(text, 2);
  return c !== null && c > 0 && Number.isSafeInteger(c) ? c : null;
}

/** 1099 → 10.99 as a JSON number (Authorize.Net's details carry amounts as numbers). */
function decimal(c: number): number {
  return c / 100;
}

export function anetSignature(key: string, body: string): string {
  return "sha512=" + hmac("sha512", key, body, "hex").toUpperCase();
}

interface SavedCard {
  number: string;
  expiry: string;
  zip: string;
}

interface Profile {
  /** merchantCustomerId, description, email: together they must be unique. */
  fields: string[];
  paymentProfiles: Map<string, SavedCard>;
}

export function createAuthorizeDotNetEmulator(ctx: EmuContext): EmuMount {
  const txns = new Map<string, Txn>();
  const profiles = new Map<string, Profile>();
  let nextProfileId = 500000001;
  let nextPaymentProfileId = 600000001;
  const recent: Array<{ fingerprint: string; at: number }> = [];
  /** Accept.js nonces not used yet: dataValue → the card it stands for. */
  const nonces = new Map<string, { cardNumber: string; expirationDate: string; cardCode?: string; at: number }>();
  let nextNonce = 9471471570959063005001n;
  let nextId = 40000000001;

  const answer = (body: Json): EmuResponse => ({
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8" },
    text: "\ufeff" + JSON.stringify(body),
  });
  const apiError = (code: string, text: string, refId?: unknown): EmuResponse =>
    answer({ ...(refId ? { refId } : {}), messages: { resultCode: "Error", message: [{ code, text }] } });

  function txResponse(refId: unknown, rc: "1" | "2" | "3" | "4" | "5", fields: { transId?: string; refTransID?: string; last4?: string; code: string; text: string; profile?: Json; echeck?: boolean; paypal?: boolean; secureAcceptance?: Json }): EmuResponse {
    const ok = rc === "1" || rc === "4" || rc === "5";
    const tr: Json = {
      responseCode: rc,
      authCode: rc === "1" ? "HH5414" : "",
      avsResultCode: rc === "1" ? "Y" : "P",
      cvvResultCode: rc === "1" ? "P" : "",
      cavvResultCode: rc === "1" ? "2" : "",
      transId: fields.transId ?? "0",
      refTransID: fields.refTransID ?? "",
      transHash: "",
      testRequest: "0",
      accountNumber: fields.last4 ? `XXXX${fields.last4}` : "",
      accountType: fields.paypal ? "PayPal" : fields.last4 ? (fields.echeck ? "eCheck" : "Visa") : "",
      ...(ok ? { messages: [{ code: fields.code, description: fields.text }] } : { errors: [{ errorCode: fields.code, errorText: fields.text }] }),
      ...(fields.secureAcceptance ? { secureAcceptance: fields.secureAcceptance } : {}),
      transHashSha2: "",
      // A profile transaction names its profile, as in the API reference's example.
      ...(fields.profile ? { profile: fields.profile } : {}),
      ...(rc === "1" && !fields.refTransID && !fields.paypal ? { networkTransId: "EMU" + (fields.transId ?? "").slice(-8) + "NNNH" } : {}),
    };
    return answer({
      transactionResponse: tr,
      ...(refId ? { refId } : {}),
      messages: ok
        ? { resultCode: "Ok", message: [{ code: "I00001", text: "Successful." }] }
        : { resultCode: "Error", message: [{ code: "E00027", text: "The transaction was unsuccessful." }] },
    });
  }

  function notify(eventType: string, t: Txn, responseCode: number, amountCents: number): void {
    const body = JSON.stringify({
      notificationId: `emu-${t.transId}-${eventType.split(".").slice(-2).join("-")}`,
      eventType,
      eventDate: new Date().toISOString(),
      webhookId: "emu-webhook-1",
      payload: { responseCode, authCode: "HH5414", avsResponse: "Y", authAmount: decimal(amountCents), invoiceNumber: t.invoiceNumber, entityName: "transaction", id: t.transId },
    });
    void deliver(ctx, (secret) => ({ body, headers: { "Content-Type": "application/json", "X-ANET-Signature": anetSignature(secret, body) } }));
  }

  /** net.authorize.customer.paymentProfile.created, as Authorize.Net posts it for a saved card. */
  function notifyPaymentProfile(profileId: string, paymentProfileId: string): void {
    const body = JSON.stringify({
      notificationId: `emu-pp-${paymentProfileId}`,
      eventType: "net.authorize.customer.paymentProfile.created",
      eventDate: new Date().toISOString(),
      webhookId: "emu-webhook-1",
      payload: { customerProfileId: Number(profileId), entityName: "customerPaymentProfile", id: paymentProfileId },
    });
    void deliver(ctx, (secret) => ({ body, headers: { "Content-Type": "application/json", "X-ANET-Signature": anetSignature(secret, body) } }));
  }

  /**
   * The card of a `payment` element: its creditCard, or the card an Accept.js nonce stands for
   * (used up by this call); null for a nonce that is unknown, used or expired.
   */
  function paymentCard(payment: unknown): Json | null {
    const p = (payment ?? {}) as Json;
    const opaque = p.opaqueData as Json | undefined;
    if (p.bankAccount) return { bankAccount: p.bankAccount };
    if (!opaque) {
      const card = (p.creditCard ?? {}) as Json;
      // A network token or decrypted wallet token: isPaymentToken with its cryptogram.
      if (card.isPaymentToken !== undefined && (String(card.isPaymentToken) !== "true" || typeof card.cryptogram !== "string")) return null;
      return card;
    }
    // Apple Pay / Google Pay: Authorize.Net decrypts the wallet's token; the emulator cannot, so a
    // well-formed one (base64 of a JSON object) stands for its Visa test card.
    if (opaque.dataDescriptor === "COMMON.APPLE.INAPP.PAYMENT" || opaque.dataDescriptor === "COMMON.GOOGLE.INAPP.PAYMENT") {
      const value = String(opaque.dataValue ?? "");
      const json = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, "base64").toString("utf8") : "";
      return json.startsWith("{") ? { cardNumber: "4111111111111111", expirationDate: "2031-12" } : null;
    }
    const nonce = nonces.get(String(opaque.dataValue ?? ""));
    if (opaque.dataDescriptor !== ACCEPT_DESCRIPTOR || !nonce) return null;
    nonces.delete(String(opaque.dataValue));
    if (Date.now() - nonce.at > NONCE_LIFETIME_MS) return null;
    return { cardNumber: nonce.cardNumber, expirationDate: nonce.expirationDate, ...(nonce.cardCode ? { cardCode: nonce.cardCode } : {}) };
  }

  /** A payment profile's nonce replaced by the card it stands for; false for a bad nonce. */
  function withCard(pp: Json): boolean {
    const card = paymentCard(pp.payment);
    if (card === null) return false;
    pp.payment = { creditCard: card };
    return true;
  }

  /** Accept.js's call: the card in, a payment nonce out (opaqueData). */
  function securePaymentContainer(req: Json): EmuResponse {
    const token = ((req.data as Json | undefined)?.token ?? {}) as Json;
    const cardNumber = String(token.cardNumber ?? "");
    // Accept.js sends the expiry as MMYYYY (or MMYY); transactions carry it as YYYY-MM.
    const expiry = /^(\d{2})(\d{2}|\d{4})$/.exec(String(token.expirationDate ?? ""));
    if (!/^\d{13,19}$/.test(cardNumber)) return apiError("E00013", "Card Number is invalid.", req.refId);
    if (!expiry) return apiError("E00013", "Expiration Date is invalid.", req.refId);
    const expirationDate = `${expiry[2]!.length === 2 ? `20${expiry[2]}` : expiry[2]}-${expiry[1]}`;
    const dataValue = String(nextNonce++);
    nonces.set(dataValue, { cardNumber, expirationDate, ...(token.cardCode ? { cardCode: String(token.cardCode) } : {}), at: Date.now() });
    ctx.log(`authorizedotnet accept.js nonce for ${ctx.maskPan(cardNumber)}`);
    return answer({
      ...(req.refId !== undefined ? { refId: req.refId } : {}),
      opaqueData: { dataDescriptor: ACCEPT_DESCRIPTOR, dataValue },
      messages: { resultCode: "Ok", message: [{ code: "I00001", text: "Successful." }] },
    });
  }

  /** A URL PayPal can send the payer to: absolute http(s), at most 2048 characters. */
  function paypalUrl(u: unknown): string | null {
    if (typeof u !== "string" || u.length > MAX_PAYPAL_URL || !/^https?:\/\/\S+$/.test(u)) return null;
    return u;
  }

  /** PayPal Express Checkout's first transaction: a pending one, and PayPal's page for the payer. */
  function paypalStart(refId: unknown, tr: Json, paypal: Json): EmuResponse {
    const type = String(tr.transactionType);
    if (paypal.payerID !== undefined) return txResponse(refId, "3", { code: "33", paypal: true, text: "payerID is only for a continued transaction." });
    if (paypal.successUrl === undefined) return txResponse(refId, "3", { code: "2004", paypal: true, text: "Success  URL is required." });
    if (paypal.cancelUrl === undefined) return txResponse(refId, "3", { code: "2005", paypal: true, text: "Cancel URL is required." });
    const successUrl = paypalUrl(paypal.successUrl);
    if (!successUrl) return txResponse(refId, "3", { code: "2100", paypal: true, text: "PayPal transactions require valid URL for success_url" });
    const cancelUrl = paypalUrl(paypal.cancelUrl);
    if (!cancelUrl) return txResponse(refId, "3", { code: "2101", paypal: true, text: "PayPal transactions require valid URL for cancel_url" });
    const amount = cents(tr.amount);
    if (amount === null) return txResponse(refId, "3", { code: "5", paypal: true, text: "A valid amount is required." });
    if (tr.currencyCode !== undefined && tr.currencyCode !== "USD") {
      return txResponse(refId, "3", { code: "39", paypal: true, text: "The supplied currency code is either invalid, not supported, not allowed for this merchant or doesn't have an exchange rate." });
    }
    const transId = String(nextId++);
    const token = `EC-${randomBytes(9).toString("hex").toUpperCase().slice(0, 17)}`;
    const invoiceNumber = String(((tr.order as Json | undefined)?.invoiceNumber as string | undefined) ?? "");
    txns.set(transId, { transId, type, status: "pendingPayerConsent", ledger: new Ledger(amount), last4: "", invoiceNumber, submitted: new Date().toISOString(), paypal: { token, successUrl, cancelUrl, approved: false, continued: false } });
    ctx.log(`authorizedotnet paypal ${type} ${transId} awaiting payer consent`);
    const page = `${ctx.origin}${ctx.mountPrefix}/_emulator/paypal/checkout?token=${token}`;
    return txResponse(refId, "5", { transId, code: "2000", text: "Need payer consent.", paypal: true, secureAcceptance: { SecureAcceptanceUrl: page } });
  }

  /** PayPal's page: the payer logs in and approves (or cancels); back to the merchant's URL. */
  function paypalCheckout(query: URLSearchParams): EmuResponse {
    const token = query.get("token") ?? "";
    const t = [...txns.values()].find((x) => x.paypal?.token === token);
    if (!t?.paypal || t.paypal.continued) return { status: 404, text: "This checkout session has expired." };
    if (query.get("cancel")) return redirectBack(t.paypal.cancelUrl, { token });
    t.paypal.approved = true;
    t.paypal.payerId = PAYPAL_PAYER_ID;
    return redirectBack(t.paypal.successUrl, { token, PayerID: PAYPAL_PAYER_ID });
  }

  /** authOnlyContinueTransaction / authCaptureContinueTransaction: the payer approved; authorize it. */
  function paypalContinue(refId: unknown, tr: Json): EmuResponse {
    const type = String(tr.transactionType);
    const ref = txns.get(String(tr.refTransId ?? ""));
    if (!ref?.paypal) return txResponse(refId, "3", { refTransID: String(tr.refTransId ?? ""), code: "16", text: "The transaction cannot be found." });
    const payerId = ((tr.payment as Json | undefined)?.payPal as Json | undefined)?.payerID;
    const fields = { transId: ref.transId, refTransID: ref.transId, paypal: true };
    if (typeof payerId !== "string" || payerId === "") return txResponse(refId, "3", { ...fields, code: "2006", text: "Payer ID is required." });
    if (ref.paypal.continued) return txResponse(refId, "3", { ...fields, code: "2103", text: "This transaction has already been authorized." });
    if (type === "authOnlyContinueTransaction" && ref.type !== "authOnlyTransaction") {
      return txResponse(refId, "3", { ...fields, code: "2008", text: "The referenced transaction does not meet the criteria for issuing a Continued Authorization." });
    }
    if (type === "authCaptureContinueTransaction" && ref.type !== "authCaptureTransaction") {
      return txResponse(refId, "3", { ...fields, code: "2009", text: "The referenced transaction does not meet the criteria for issuing a Continued Authorization  w/ Auto Capture." });
    }
    if (!ref.paypal.approved) return txResponse(refId, "3", { ...fields, code: "2102", text: "Payment not authorized.  Payment has not been authorized by the user." });
    if (payerId !== ref.paypal.payerId) return txResponse(refId, "3", { ...fields, code: "2105", text: "PayPal has rejected the transaction.Invalid Payer ID." });
    if (tr.amount !== undefined) {
      // The final amount may differ from the first call's (shipping, tax added after the return).
      const amount = cents(tr.amount);
      if (amount === null) return txResponse(refId, "3", { ...fields, code: "5", text: "A valid amount is required." });
      ref.ledger = new Ledger(amount);
    }
    ref.paypal.continued = true;
    ref.status = type === "authOnlyContinueTransaction" ? "authorizedPendingCapture" : "capturedPendingSettlement";
    if (type === "authCaptureContinueTransaction") ref.ledger.capture();
    ctx.log(`authorizedotnet paypal ${type} ${ref.transId}`);
    notify(type === "authOnlyContinueTransaction" ? "net.authorize.payment.authorization.created" : "net.authorize.payment.authcapture.created", ref, 1, ref.ledger.authorized);
    return txResponse(refId, "1", { ...fields, code: "1", text: "This transaction has been approved.", secureAcceptance: { PayerID: payerId } });
  }

  function create(req: Json): EmuResponse {
    const refId = req.refId;
    const tr = (req.transactionRequest ?? {}) as Json;
    const type = tr.transactionType;
    const paypal = (tr.payment as Json | undefined)?.payPal as Json | undefined;
    if (paypal && (type === "authOnlyTransaction" || type === "authCaptureTransaction")) return paypalStart(refId, tr, paypal);
    if (type === "authOnlyContinueTransaction" || type === "authCaptureContinueTransaction") return paypalContinue(refId, tr);
    const paid = paymentCard(tr.payment);
    if (paid === null) return apiError("E00114", "Invalid OTS Token.", refId);
    const card = paid;
    const invoiceNumber = String(((tr.order as Json | undefined)?.invoiceNumber as string | undefined) ?? "");
    if (type === "authOnlyTransaction" || type === "authCaptureTransaction") {
      const amount = cents(tr.amount);
      if (amount === null) return txResponse(refId, "3", { code: "5", text: "A valid amount is required." });
      if (tr.currencyCode !== undefined && tr.currencyCode !== "USD") {
        return txResponse(refId, "3", { code: "39", text: "The supplied currency code is either invalid, not supported, not allowed for this merchant or doesn't have an exchange rate." });
      }
      // A saved card (customer profile transaction) or the card in the request.
      let number = String(card.cardNumber ?? "");
      let expiry = String(card.expirationDate ?? "");
      let zip = ((tr.billTo as Json | undefined)?.zip as string | undefined) ?? "";
      const profile = tr.profile as Json | undefined;
      if (profile) {
        if (tr.payment) return apiError("E00003", "The element 'transactionRequest' has both 'payment' and 'profile'.", refId);
        const saved = profiles.get(String(profile.customerProfileId ?? ""))?.paymentProfiles.get(String((profile.paymentProfile as Json | undefined)?.paymentProfileId ?? ""));
        if (!saved) return apiError("E00040", "The record cannot be found.", refId);
        number = saved.number;
        expiry = saved.expiry;
        zip = saved.zip;
      }
      // eCheck.Net: a sale only, from a US bank account (routing number of nine digits).
      const bank = card.bankAccount as Json | undefined;
      if (bank) {
        if (type !== "authCaptureTransaction") return txResponse(refId, "3", { code: "245", text: "This eCheck.Net type is not allowed when using the payment gateway account." });
        if (!/^\d{9}$/.test(String(bank.routingNumber ?? ""))) return txResponse(refId, "3", { code: "9", text: "The ABA code is invalid" });
        if (!/^\d{4,17}$/.test(String(bank.accountNumber ?? ""))) return txResponse(refId, "3", { code: "10", text: "The account number is invalid" });
        if (!bank.nameOnAccount || bank.echeckType !== "WEB") return apiError("E00003", "The element 'bankAccount' is incomplete.", refId);
        number = String(bank.accountNumber);
      }
      const auth3ds = tr.cardholderAuthentication as Json | undefined;
      if (auth3ds && (typeof auth3ds.authenticationIndicator !== "string" || typeof auth3ds.cardholderAuthenticationValue !== "string")) {
        return apiError("E00003", "The element 'cardholderAuthentication' is incomplete.", refId);
      }
      const checked = bank ? null : cardCheck(number, expiry);
      if (checked) return txResponse(refId, "3", checked);
      const last4 = number.slice(-4);
      const fingerprint = [type, number, expiry, amount, invoiceNumber].join("|");
      const at = Date.now();
      while (recent.length && at - recent[0].at > 120_000) recent.shift();
      if (recent.some((r) => r.fingerprint === fingerprint)) {
        return txResponse(refId, "3", { code: "11", last4, text: "A duplicate transaction has been submitted." });
      }
      recent.push({ fingerprint, at });
      const transId = String(nextId++);
      const t: Txn = { transId, type: String(type), status: "declined", ledger: new Ledger(amount), last4, invoiceNumber, submitted: new Date().toISOString(), ...(bank ? { echeck: true } : {}) };
      txns.set(transId, t);
      const event = type === "authOnlyTransaction" ? "net.authorize.payment.authorization.created" : "net.authorize.payment.authcapture.created";
      if (zip === "46282") {
        notify(event, t, 2, amount);
        return txResponse(refId, "2", { transId, last4, code: "2", text: "This transaction has been declined." });
      }
      if (card.cardCode === "901") {
        notify(event, t, 2, amount);
        return txResponse(refId, "2", { transId, last4, code: "65", text: "This transaction has been declined." });
      }
      t.status = type === "authOnlyTransaction" ? "authorizedPendingCapture" : "capturedPendingSettlement";
      if (type === "authCaptureTransaction") t.ledger.capture();
      ctx.log(`authorizedotnet ${type} ${transId} card ${ctx.maskPan(number)}`);
      notify(event, t, 1, amount);
      const named = profile ? { customerProfileId: profile.customerProfileId, customerPaymentProfileId: (profile.paymentProfile as Json).paymentProfileId } : undefined;
      return txResponse(refId, "1", { transId, last4, code: "1", text: "This transaction has been approved.", profile: named, echeck: t.echeck });
    }
    const ref = txns.get(String(tr.refTransId ?? ""));
    if (type === "priorAuthCaptureTransaction") {
      if (!ref) return txResponse(refId, "3", { code: "16", text: "The transaction cannot be found." });
      if (ref.status !== "authorizedPendingCapture") {
        return txResponse(refId, "3", { refTransID: ref.transId, last4: ref.last4, code: "16", text: "The transaction cannot be found." });
      }
      const amount = tr.amount === undefined ? ref.ledger.authorized : cents(tr.amount);
      if (amount === null) return txResponse(refId, "3", { code: "5", text: "A valid amount is required." });
      if (amount > ref.ledger.capturable) {
        return txResponse(refId, "3", { refTransID: ref.transId, last4: ref.last4, code: "47", text: "The amount requested for settlement cannot be greater than the original amount authorized." });
      }
      ref.status = "capturedPendingSettlement";
      ref.ledger.capture(amount, true);
      notify("net.authorize.payment.priorAuthCapture.created", ref, 1, amount);
      return txResponse(refId, "1", { transId: ref.transId, refTransID: ref.transId, last4: ref.last4, code: "1", text: "This transaction has been approved.", paypal: !!ref.paypal });
    }
    if (type === "voidTransaction") {
      if (!ref) return txResponse(refId, "3", { code: "16", text: "The transaction cannot be found." });
      if (ref.status === "voided") {
        return txResponse(refId, "1", { transId: ref.transId, refTransID: ref.transId, last4: ref.last4, code: "310", text: "This transaction has already been voided." });
      }
      if (!["authorizedPendingCapture", "capturedPendingSettlement", "refundPendingSettlement"].includes(ref.status)) {
        return txResponse(refId, "3", { refTransID: ref.transId, last4: ref.last4, code: "16", text: "The transaction cannot be found." });
      }
      ref.status = "voided";
      notify("net.authorize.payment.void.created", ref, 1, ref.ledger.authorized);
      return txResponse(refId, "1", { transId: ref.transId, refTransID: ref.transId, last4: ref.last4, code: "1", text: "This transaction has been approved.", paypal: !!ref.paypal });
    }
    if (type === "refundTransaction") {
      const amount = cents(tr.amount);
      if (amount === null) return txResponse(refId, "3", { code: "5", text: "A valid amount is required." });
      const criteria = "The referenced transaction does not meet the criteria for issuing a credit.";
      // A card transaction is refunded with the card's last four digits; an eCheck.Net debit only to
      // its bank account, given in full again (routing number, account number, name on account).
      const bank = card.bankAccount as Json | undefined;
      // A PayPal transaction is refunded by its transId alone: no payment, or an empty payPal.
      const payPalRefund = (tr.payment as Json | undefined)?.payPal as Json | undefined;
      const sameInstrument = ref?.paypal
        ? tr.payment === undefined || (payPalRefund !== undefined && Object.keys(payPalRefund).every((k) => k === "successUrl" || k === "cancelUrl"))
        : ref?.echeck
        ? !!bank && /^\d{9}$/.test(String(bank.routingNumber ?? "")) && String(bank.accountNumber ?? "").endsWith(ref.last4) && !!bank.nameOnAccount && bank.echeckType === "WEB"
        : !bank && card.cardNumber === ref?.last4 && card.expirationDate === "XXXX";
      if (!ref || ref.status !== "settledSuccessfully" || !sameInstrument) {
        return txResponse(refId, "3", { code: "54", last4: ref?.last4, text: criteria });
      }
      if (amount > ref.ledger.refundable) {
        return txResponse(refId, "3", { code: "55", last4: ref.last4, text: "The sum of credits against the referenced transaction would exceed the original debit amount." });
      }
      const fingerprint = ["refund", ref.transId, amount, invoiceNumber].join("|");
      const at = Date.now();
      if (recent.some((r) => r.fingerprint === fingerprint && at - r.at <= 120_000)) {
        return txResponse(refId, "3", { code: "11", last4: ref.last4, text: "A duplicate transaction has been submitted." });
      }
      recent.push({ fingerprint, at });
      ref.ledger.refund(amount);
      const transId = String(nextId++);
      const refund: Txn = { transId, type: "refundTransaction", status: "refundPendingSettlement", ledger: new Ledger(amount, { captured: true }), last4: ref.last4, invoiceNumber, refTransId: ref.transId, submitted: new Date().toISOString(), ...(ref.echeck ? { echeck: true } : {}) };
      txns.set(transId, refund);
      notify("net.authorize.payment.refund.created", refund, 1, amount);
      return txResponse(refId, "1", { transId, refTransID: ref.transId, last4: ref.last4, code: "1", text: "This transaction has been approved.", echeck: ref.echeck, paypal: !!ref.paypal });
    }
    return apiError("E00003", `The element 'transactionType' has an invalid value.`, refId);
  }

  /** The card's own checks, shared by transactions and profile validation: number, expiry. */
  function cardCheck(number: string, expiry: string): { code: string; text: string; last4?: string } | null {
    if (!/^\d{13,19}$/.test(number)) return { code: "6", text: "The credit card number is invalid." };
    const last4 = number.slice(-4);
    const exp = /^(\d{4})-(\d{2})$/.exec(expiry);
    if (!exp) return { code: "7", last4, text: "Credit card expiration date is invalid." };
    if (expired(Number(exp[2]), Number(exp[1]))) {
      return { code: "8", last4, text: "The credit card has expired." };
    }
    return null;
  }

  /** The comma-separated direct response of a profile validation (68 fields, as the gateway's). */
  function directResponse(rc: string, reason: string, text: string, transId: string, merchantCustomerId: string, last4: string, zip: string): string {
    const f: string[] = new Array<string>(68).fill("");
    [f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12]] = [rc, "1", reason, text, rc === "1" ? "HH5414" : "000000", rc === "1" ? "Y" : "P", transId, "none", "Test transaction for ValidateCustomerPaymentProfile.", "0.00", "CC", "auth_only", merchantCustomerId];
    f[19] = zip;
    f[50] = `XXXX${last4}`;
    f[51] = "Visa";
    return f.join(",");
  }

  /**
   * Checks a payment profile's card as `validationMode` says. Returns the saved card and the
   * validation's direct response, or the error answer (nothing saved).
   */
  function validate(pp: Json, mode: unknown, merchantCustomerId: string, refId: unknown, list: boolean): { saved: SavedCard; direct?: string } | EmuResponse {
    const card = ((pp.payment as Json | undefined)?.creditCard ?? {}) as Json;
    const number = String(card.cardNumber ?? "");
    const expiry = String(card.expirationDate ?? "");
    const zip = ((pp.billTo as Json | undefined)?.zip as string | undefined) ?? "";
    if (!/^\d{13,19}$/.test(number)) return apiError("E00013", "Card Number is invalid.", refId);
    const saved: SavedCard = { number, expiry, zip };
    if (mode === "none" || mode === undefined) return { saved };
    const refused = (rc: string, reason: string, text: string): EmuResponse => {
      const direct = directResponse(rc, reason, text, "0", merchantCustomerId, number.slice(-4), zip);
      return answer({
        ...(refId ? { refId } : {}),
        ...(list ? { customerPaymentProfileIdList: [], customerShippingAddressIdList: [], validationDirectResponseList: [direct] } : { validationDirectResponse: direct }),
        messages: { resultCode: "Error", message: [{ code: "E00027", text }] },
      });
    };
    const checked = cardCheck(number, expiry);
    if (checked) return refused("3", checked.code, checked.text);
    if (mode === "testMode") {
      return { saved, direct: directResponse("1", "1", "(TESTMODE) This transaction has been approved.", "0", merchantCustomerId, number.slice(-4), zip) };
    }
    if (mode !== "liveMode") return apiError("E00003", `The 'validationMode' element is invalid - The value '${String(mode)}' is invalid.`, refId);
    // liveMode: a zero-value authorization, voided at once; the sandbox's decline trigger applies.
    if (zip === "46282") return refused("2", "2", "This transaction has been declined.");
    const transId = String(nextId++);
    ctx.log(`authorizedotnet profile validation ${transId} card ${ctx.maskPan(number)}`);
    return { saved, direct: directResponse("1", "1", "This transaction has been approved.", transId, merchantCustomerId, number.slice(-4), zip) };
  }

  function createProfile(req: Json): EmuResponse {
    const refId = req.refId;
    const p = (req.profile ?? {}) as Json;
    const fields = ["merchantCustomerId", "description", "email"].map((k) => String(p[k] ?? ""));
    if (fields.every((f) => f === "")) return apiError("E00041", "One or more fields in the profile must contain a value.", refId);
    for (const [id, existing] of profiles) {
      if (existing.fields.join("|") === fields.join("|")) return apiError("E00039", `A duplicate record with ID ${id} already exists.`, refId);
    }
    const items = p.paymentProfiles === undefined ? [] : Array.isArray(p.paymentProfiles) ? (p.paymentProfiles as Json[]) : [p.paymentProfiles as Json];
    const checked: Array<{ saved: SavedCard; direct?: string }> = [];
    for (const item of items) {
      if (!withCard(item)) return apiError("E00114", "Invalid OTS Token.", refId);
      const v = validate(item, req.validationMode, fields[0], refId, true);
      if ("status" in v) return v;
      checked.push(v);
    }
    const profileId = String(nextProfileId++);
    const profile: Profile = { fields, paymentProfiles: new Map() };
    const ids = checked.map((c) => {
      const id = String(nextPaymentProfileId++);
      profile.paymentProfiles.set(id, c.saved);
      return id;
    });
    profiles.set(profileId, profile);
    for (const id of ids) notifyPaymentProfile(profileId, id);
    return answer({
      customerProfileId: profileId,
      customerPaymentProfileIdList: ids,
      customerShippingAddressIdList: [],
      validationDirectResponseList: checked.flatMap((c) => (c.direct ? [c.direct] : [])),
      ...(refId ? { refId } : {}),
      messages: { resultCode: "Ok", message: [{ code: "I00001", text: "Successful." }] },
    });
  }

  function createPaymentProfile(req: Json): EmuResponse {
    const refId = req.refId;
    const profileId = String(req.customerProfileId ?? "");
    const profile = profiles.get(profileId);
    if (!profile) return apiError("E00040", "The record cannot be found.", refId);
    const pp = (req.paymentProfile ?? {}) as Json;
    if (!withCard(pp)) return apiError("E00114", "Invalid OTS Token.", refId);
    const number = String(((pp.payment as Json | undefined)?.creditCard as Json | undefined)?.cardNumber ?? "");
    const expiry = String(((pp.payment as Json | undefined)?.creditCard as Json | undefined)?.expirationDate ?? "");
    for (const [id, c] of profile.paymentProfiles) {
      if (c.number === number && c.expiry === expiry) {
        return answer({
          customerProfileId: profileId,
          customerPaymentProfileId: id,
          ...(refId ? { refId } : {}),
          messages: { resultCode: "Error", message: [{ code: "E00039", text: "A duplicate customer payment profile already exists." }] },
        });
      }
    }
    const v = validate(pp, req.validationMode, profile.fields[0], refId, false);
    if ("status" in v) return v;
    const id = String(nextPaymentProfileId++);
    profile.paymentProfiles.set(id, v.saved);
    notifyPaymentProfile(profileId, id);
    return answer({
      customerProfileId: profileId,
      customerPaymentProfileId: id,
      ...(v.direct ? { validationDirectResponse: v.direct } : {}),
      ...(refId ? { refId } : {}),
      messages: { resultCode: "Ok", message: [{ code: "I00001", text: "Successful." }] },
    });
  }

  // Accept Hosted: getHostedPaymentPageRequest answers a form token for the hosted payment form
  // (the API reference's shape: token, then messages Ok / I00001). The transaction is only
  // checked here; the shopper's payment on the hosted form is outside the emulator.
  function hostedPaymentPage(req: Json): EmuResponse {
    const refId = req.refId;
    const tr = (req.transactionRequest ?? {}) as Json;
    if (tr.transactionType !== "authCaptureTransaction" && tr.transactionType !== "authOnlyTransaction") {
      return apiError("E00003", `The 'transactionType' element is invalid - The value '${String(tr.transactionType)}' is invalid.`, refId);
    }
    const amount = typeof tr.amount === "string" ? parseDecimal(tr.amount, 2) : null;
    if (amount === null || amount <= 0) return apiError("E00003", "The 'amount' element is invalid.", refId);
    if (tr.payment !== undefined || tr.profile !== undefined) return apiError("E00003", "The hosted form collects the payment itself.", refId);
    const settings = (req.hostedPaymentSettings as Json | undefined)?.setting;
    for (const item of settings === undefined ? [] : Array.isArray(settings) ? (settings as Json[]) : [settings as Json]) {
      if (!HOSTED_SETTINGS.includes(String(item.settingName))) return apiError("E00003", `The setting name '${String(item.settingName)}' is invalid.`, refId);
      try {
        JSON.parse(String(item.settingValue));
      } catch {
        return apiError("E00003", `The value of setting '${String(item.settingName)}' is not JSON.`, refId);
      }
    }
    const token = randomBytes(96).toString("base64");
    return answer({ token, ...(refId ? { refId } : {}), messages: { resultCode: "Ok", message: [{ code: "I00001", text: "Successful." }] } });
  }

  function details(req: Json): EmuResponse {
    const t = txns.get(String(req.transId ?? ""));
    if (!t) return apiError("E00040", "The record cannot be found.");
    const body =
      '{"transaction":{' +
      [
        `"transId":"${t.transId}"`,
        ...(t.refTransId ? [`"refTransId":"${t.refTransId}"`] : []),
        `"submitTimeUTC":"${t.submitted}"`,
        `"transactionType":"${t.type}"`,
        `"transactionStatus":"${t.status}"`,
        `"responseCode":${t.status === "declined" ? 2 : 1}`,
        `"responseReasonCode":${t.status === "declined" ? 2 : 1}`,
        `"responseReasonDescription":"${t.status === "declined" ? "This transaction has been declined." : "Approval"}"`,
        `"order":{"invoiceNumber":"${t.invoiceNumber}","discountAmount":0.0,"taxIsAfterDiscount":false}`,
        // Amounts as Authorize.Net writes them: JSON numbers with two decimals.
        `"authAmount":${(t.ledger.authorized / 100).toFixed(2)}`,
        `"settleAmount":${(t.ledger.captured / 100).toFixed(2)}`,
        `"taxExempt":false`,
        // A PayPal transaction has no card or bank account to show (paymentMaskedType has neither).
        ...(t.paypal || !t.last4 ? [] : [`"payment":{"creditCard":{"cardNumber":"XXXX${t.last4}","expirationDate":"XXXX","cardType":"Visa"}}`]),
        `"recurringBilling":false`,
        `"product":"Card Not Present"`,
        `"marketType":"eCommerce"`,
      ].join(",") +
      '},"messages":{"resultCode":"Ok","message":[{"code":"I00001","text":"Successful."}]}}';
    return { status: 200, headers: { "Content-Type": "application/json; charset=utf-8" }, text: "\ufeff" + body };
  }

  return {
    handle(req: EmuRequest): EmuResponse {
      if (req.method === "POST" && req.path === "/_emulator/settle") {
        // The nightly batch: captured transactions settle, refunds are paid out.
        let settled = 0;
        for (const t of txns.values()) {
          if (t.status === "capturedPendingSettlement") (t.status = "settledSuccessfully"), settled++;
          else if (t.status === "refundPendingSettlement") (t.status = "refundSettledSuccessfully"), settled++;
        }
        return { status: 200, json: { settled } };
      }
      if (req.method === "GET" && req.path === "/_emulator/paypal/checkout") return paypalCheckout(req.query);
      if (req.path !== AUTHORIZEDOTNET_PATH) return { status: 404, text: "Not Found" };
      if (req.method !== "POST") return { status: 405, text: "Method Not Allowed" };
      let parsed: Json;
      try {
        parsed = JSON.parse(req.rawBody) as Json;
      } catch {
        return apiError("E00003", "Root element is missing.");
      }
      const [name] = Object.keys(parsed);
      const inner = (parsed[name] ?? {}) as Json;
      const outOfOrder = orderError(inner, name);
      if (outOfOrder) return apiError("E00003", outOfOrder);
      const auth = (inner.merchantAuthentication ?? {}) as Json;
      if (name === "securePaymentContainerRequest") {
        // Accept.js runs in the shopper's browser: the public client key, never the transaction key.
        if (auth.name !== AUTHORIZEDOTNET_CREDENTIALS.apiLoginId || auth.clientKey !== AUTHORIZEDOTNET_CLIENT_KEY) {
          return apiError("E00007", "User authentication failed due to invalid authentication values.", inner.refId);
        }
        return securePaymentContainer(inner);
      }
      if (auth.name !== AUTHORIZEDOTNET_CREDENTIALS.apiLoginId || auth.transactionKey !== AUTHORIZEDOTNET_CREDENTIALS.transactionKey) {
        return apiError("E00007", "User authentication failed due to invalid authentication values.", inner.refId);
      }
      const issue12 = authorizeDotNetIssue12(name!, inner, profiles, answer, apiError);
      if (issue12) return issue12;
      if (name === "createTransactionRequest") return create(inner);
      if (name === "getTransactionDetailsRequest") return details(inner);
      if (name === "getHostedPaymentPageRequest") return hostedPaymentPage(inner);
      if (name === "createCustomerProfileRequest") return createProfile(inner);
      if (name === "createCustomerPaymentProfileRequest") return createPaymentProfile(inner);
      return apiError("E00003", `The element '${name}' is not supported by the emulator.`);
    },
  };
}

export const emulator: ConnectorEmulator = { basePath: AUTHORIZEDOTNET_PATH, create: createAuthorizeDotNetEmulator };
