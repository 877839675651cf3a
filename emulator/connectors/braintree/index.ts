// Braintree emulator: the GraphQL API (`POST /graphql`, `{query, variables}`) for the operations
// the connector uses: authorizePaymentMethod, chargePaymentMethod, captureTransaction,
// voidTransaction, refundTransaction, createCustomer, vaultPaymentMethod and node(id) on a
// Transaction or a Refund; and, given a webhook URL, Braintree's signed webhook notifications.
//
// Shapes follow Braintree's GraphQL reference: every answer is HTTP 200 with `{data, errors?,
// extensions: {requestId}}`; a refused mutation is `data.<mutation>: null` plus `errors[]` with
// `extensions.errorClass` (VALIDATION, AUTHENTICATION, NOT_FOUND, ...) and `legacyCode`; a
// transaction the processor declined is created and returned with status PROCESSOR_DECLINED and a
// ProcessorDeclinedEvent (processorResponse.legacyCode) first in `statusHistory`. `Amount` values
// are decimal strings in the merchant account's currency; ids are GraphQL global ids (base64 of
// `transaction_<legacyId>`).
//
// Sandbox behaviour emulated (developer.paypal.com/braintree/docs/reference/general/testing):
// - nonces: `fake-valid-nonce` (and `fake-valid-*-nonce`) authorize; `fake-processor-declined-visa-nonce`
//   declines with 2000 Do Not Honor; `fake-gateway-rejected-fraud-nonce` is gateway rejected (FRAUD);
//   `fake-consumed-nonce` is an already used nonce (91564). The `fake-` test nonces may be reused, as in
//   the sandbox; a nonce from a client SDK (`tokencc_...`) is single-use (91564 on the second use).
// - amounts 2000.00–2999.99 are declined with the processor response code equal to the amount's
//   whole part (2001 Insufficient Funds, ...); 3000.00 answers 3000 (processor network unavailable).
// - transactions stay SUBMITTED_FOR_SETTLEMENT until settled; `POST /_emulator/settle/<id>` settles
//   one (the SDK's testing.settle); refunds need a settled (or settling) transaction, voids an
//   unsettled one.
// - `apiRequestKey`: the same key with the same input answers the first call's object in its current
//   status; with other input, a VALIDATION error.
// - customers: createCustomer answers a Customer with a global id (base64 of `customer_<legacyId>`);
//   vaultPaymentMethod under a customerId nobody created is NOT_FOUND.
// - webhooks: settling a sale or a refund through `/_emulator/settle/<id>` POSTs a
//   `transaction_settled` notification to the webhook URL before answering, as Braintree does for
//   ACH/SEPA settlements: a form with `bt_payload` (base64 of the XML `<notification>`, in 60-column
//   lines with a trailing newline, as Braintree's Ruby encoder writes it) and `bt_signature`
//   (`publicKey|hex HMAC-SHA1` over that text, keyed with SHA-1 of the private key). Ids in it are
//   legacy ids, as in Braintree's notifications.
// Unknown input fields (nested ones too: riskData, descriptor, customerDetails, shipping) are
// refused as GraphQL does (VALIDATION), and a descriptor name not `company*product` (company 3, 7
// or 12 characters, 22 in all) is 92204, so a connector sending a field
// Braintree does not have fails here as it would there.

import { createHash, randomBytes } from "node:crypto";
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import type { Json } from "../../core/json.js";
import { Ledger } from "../../core/ledger.js";
import { decimalDigits, formatDecimal, parseDecimal } from "../../core/money.js";
import { deliverToUrl, hmac } from "../../core/webhooks.js";
import { braintreeIssue12, reverseTransaction } from "./issue12.js";
import { createBraintreeDisputes } from "./disputes.js";

export const BRAINTREE_PUBLIC_KEY = "emulator_public_key";
export const BRAINTREE_PRIVATE_KEY = "emulator_private_key";

/** Merchant accounts and their currency (Braintree fixes the currency per merchant account). */
const MERCHANT_ACCOUNTS: Record<string, string> = { acme_USD: "USD", acme_JPY: "JPY", acme_EUR: "EUR" };
const DEFAULT_MERCHANT_ACCOUNT = "acme_USD";
const EXPONENT: Record<string, number> = { USD: 2, JPY: 0, EUR: 2 };

const PROCESSOR_MESSAGES: Record<string, string> = {
  "1000": "Approved",
  "2000": "Do Not Honor",
  "2001": "Insufficient Funds",
  "2004": "Expired Card",
  "2010": "Card Issuer Declined CVV",
  "2046": "Declined",
  "3000": "Processor Network Unavailable - Try Again",
};

// Documented input fields (GraphQL refuses any other).
const PAYMENT_METHOD_INPUT = new Set(["clientMutationId", "apiRequestKey", "paymentMethodId", "transaction", "options"]);
const TRANSACTION_INPUT = new Set([
  "amount", "merchantAccountId", "orderId", "exchangeRateQuoteId", "purchaseOrderNumber", "riskData", "customFields",
  "descriptor", "vaultPaymentMethodAfterTransacting", "customerDetails", "customerId", "lineItems", "shipping", "tax",
  "discountAmount", "channel", "industry", "paymentInitiator", "threeDSecurePassThrough",
]);
const PAYMENT_INITIATOR = new Set(["ESTIMATED", "INSTALLMENT", "INSTALLMENT_FIRST", "MOTO", "RECURRING", "RECURRING_FIRST", "UNSCHEDULED"]);
const THREE_DS_PASS_THROUGH_INPUT = new Set([
  "eciFlag", "cavv", "xId", "threeDSecureServerTransactionId", "version", "authenticationResponse", "directoryServerResponse",
  "cavvAlgorithm", "directoryServerTransactionId",
]);
const RISK_DATA_INPUT = new Set(["customerBrowser", "customerIp", "deviceData"]);
const DESCRIPTOR_INPUT = new Set(["name", "phone", "url"]);
const CUSTOMER_DETAILS_INPUT = new Set(["email", "phoneNumber"]);
const SHIPPING_INPUT = new Set(["shippingAddress", "shippingAmount", "shipsFromPostalCode", "shippingMethod", "shippingTaxAmount"]);
const ADDRESS_INPUT = new Set([
  "company", "streetAddress", "addressLine1", "extendedAddress", "addressLine2", "firstName", "lastName", "locality", "adminArea2",
  "region", "adminArea1", "postalCode", "countryCode", "phone", "countryCodeAlpha3", "countryCodeAlpha2", "countryCodeNumeric", "countryName",
]);
/** Braintree's dynamic descriptor name: `company*product`, the company 3, 7 or 12 characters, 22 in all. */
const DESCRIPTOR_NAME = /^(?:[^*]{3}|[^*]{7}|[^*]{12})\*[^*]+$/;
const CAPTURE_INPUT = new Set(["clientMutationId", "apiRequestKey", "transactionId", "transaction"]);
const CAPTURE_OPTIONS = new Set(["amount", "descriptor", "discountAmount", "lineItems", "orderId", "shipping", "tax", "industry"]);
const VOID_INPUT = new Set(["clientMutationId", "transactionId"]);
const REFUND_INPUT = new Set(["clientMutationId", "apiRequestKey", "transactionId", "refund"]);
const REFUND_OPTIONS = new Set(["amount", "orderId", "reason", "refundFromMerchantAccountId"]);
const CREATE_CUSTOMER_INPUT = new Set(["clientMutationId", "customer"]);
const CUSTOMER_INPUT = new Set(["company", "customFields", "email", "firstName", "lastName", "phoneNumber", "fax", "website", "taxIdentifiers"]);
const VAULT_INPUT = new Set([
  "clientMutationId", "paymentMethodId", "verificationMerchantAccountId", "verification", "customerId", "riskData",
  "threeDSecurePassThrough", "threeDSecureAuthenticationId",
]);

interface StatusEvent {
  status: string;
  amount: { value: string; currencyCode: string };
  processorResponse?: { legacyCode: string; message: string };
  gatewayRejectionReason?: string;
  declineType?: string;
}

interface Payment {
  kind: "Transaction" | "Refund";
  id: string;
  legacyId: string;
  status: string;
  orderId: string | null;
  merchantAccountId: string;
  currency: string;
  /** Minor units: authorized, then captured. */
  amount: number;
  /** Authorized, captured (submitted for settlement), refunded. */
  ledger: Ledger;
  refundOf?: string;
  statusHistory: StatusEvent[];
}

class GraphQlError extends Error {
  constructor(message: string, readonly errorClass: string, readonly legacyCode?: string, readonly inputPath?: string[]) {
    super(message);
  }
}

/** An `Amount` in the account's currency format: digits, and exactly its decimals when it has any. */
function parseAmount(value: unknown, currency: string, path: string[]): number {
  const exponent = EXPONENT[currency];
  const digits = decimalDigits(value, exponent ?? 0);
  // Exactly the currency's decimals when there is a fraction at all.
  if (!digits || (digits.fraction !== "" && digits.fraction.length !== exponent)) {
    throw new GraphQlError("Amount is an invalid format.", "VALIDATION", "81503", path);
  }
  const minor = parseDecimal(value, exponent ?? 0)!;
  if (minor <= 0) throw new GraphQlError("Amount must be greater than zero.", "VALIDATION", "81531", path);
  return minor;
}

function onlyKnown(obj: unknown, known: Set<string>, path: string[]): Json {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    throw new GraphQlError(`Variable 'input' has an invalid value at ${path.join(".")}`, "VALIDATION", undefined, path);
  }
  for (const k of Object.keys(obj)) {
    if (!known.has(k)) {
      throw new GraphQlError(`Variable 'input' has an invalid value: field '${k}' is not defined by type`, "VALIDATION", undefined, [...path, k]);
    }
  }
  return obj as Json;
}

export function createBraintreeEmulator(ctx: EmuContext): EmuMount {
  const payments = new Map<string, Payment>();
  const usedNonces = new Set<string>();
  const vaulted = new Map<string, { customerId: string | null }>();
  const customers = new Set<string>();
  const requestKeys = new Map<string, { input: string; id: string }>();
  let requestSeq = 0;
  const isNonceId = (id: string) => id.startsWith("fake-") || id.startsWith("tokencc_");
  /** The sandbox's `fake-` nonces are reusable test values; a real client-SDK nonce is single-use. */
  const consumed = (id: string) => id === "fake-consumed-nonce" || (!id.startsWith("fake-") && usedNonces.has(id));

  const newIds = (kind: string) => {
    const legacyId = randomBytes(4).toString("hex");
    return { legacyId, id: Buffer.from(`${kind}_${legacyId}`).toString("base64").replace(/=+$/, "") };
  };

  const view = (p: Payment) => ({
    __typename: p.kind,
    id: p.id,
    legacyId: p.legacyId,
    status: p.status,
    orderId: p.orderId,
    merchantAccountId: p.merchantAccountId,
    amount: { value: formatDecimal(p.amount, EXPONENT[p.currency]), currencyCode: p.currency },
    statusHistory: p.statusHistory,
  });

  const event = (p: Payment, status: string, extra: Partial<StatusEvent> = {}): void => {
    p.status = status;
    p.statusHistory.unshift({ status, amount: { value: formatDecimal(p.amount, EXPONENT[p.currency]), currencyCode: p.currency }, ...extra });
  };

  /** apiRequestKey: the same key and input → the first object, now; other input → VALIDATION. */
  const replay = (input: Json): Payment | null => {
    const key = input.apiRequestKey;
    if (typeof key !== "string") return null;
    const seen = requestKeys.get(key);
    if (!seen) return null;
    if (seen.input !== JSON.stringify(input)) {
      throw new GraphQlError("apiRequestKey has already been used with different input values.", "VALIDATION", undefined, ["input", "apiRequestKey"]);
    }
    return payments.get(seen.id) ?? null;
  };
  const remember = (input: Json, p: Payment) => {
    if (typeof input.apiRequestKey === "string") requestKeys.set(input.apiRequestKey, { input: JSON.stringify(input), id: p.id });
  };

  /** ThreeDSecurePassThroughInput: known fields, `eciFlag` (non-null) two digits, `version` digits and dots. */
  function checkPassThrough(value: unknown, path: string[]): void {
    const p = onlyKnown(value, THREE_DS_PASS_THROUGH_INPUT, path);
    if (typeof p.eciFlag !== "string" || !/^\d{2}$/.test(p.eciFlag)) throw new GraphQlError("Variable 'input' has an invalid value: eciFlag", "VALIDATION", undefined, [...path, "eciFlag"]);
    if (p.version !== undefined && (typeof p.version !== "string" || !/^\d+(\.\d+)*$/.test(p.version))) {
      throw new GraphQlError("Variable 'input' has an invalid value: version", "VALIDATION", undefined, [...path, "version"]);
    }
  }

  /** The nested inputs the connector sends: known fields only, and the descriptor's format. */
  function checkRiskFields(tx: Json, path: string[]): void {
    if (tx.threeDSecurePassThrough !== undefined) checkPassThrough(tx.threeDSecurePassThrough, [...path, "threeDSecurePassThrough"]);
    if (tx.paymentInitiator !== undefined && !PAYMENT_INITIATOR.has(String(tx.paymentInitiator))) {
      throw new GraphQlError("Variable 'input' has an invalid value: paymentInitiator", "VALIDATION", undefined, [...path, "paymentInitiator"]);
    }
    if (tx.riskData !== undefined) onlyKnown(tx.riskData, RISK_DATA_INPUT, [...path, "riskData"]);
    if (tx.customerDetails !== undefined) onlyKnown(tx.customerDetails, CUSTOMER_DETAILS_INPUT, [...path, "customerDetails"]);
    if (tx.shipping !== undefined) {
      const shipping = onlyKnown(tx.shipping, SHIPPING_INPUT, [...path, "shipping"]);
      if (shipping.shippingAddress !== undefined) onlyKnown(shipping.shippingAddress, ADDRESS_INPUT, [...path, "shipping", "shippingAddress"]);
    }
    if (tx.descriptor !== undefined) {
      const d = onlyKnown(tx.descriptor, DESCRIPTOR_INPUT, [...path, "descriptor"]);
      const name = typeof d.name === "string" ? d.name : "";
      if (d.name !== undefined && (!DESCRIPTOR_NAME.test(name) || name.length > 22)) {
        throw new GraphQlError("Descriptor name format is invalid.", "VALIDATION", "92204", [...path, "descriptor", "name"]);
      }
    }
  }

  function createTransaction(input: Json, submit: boolean): Json {
    onlyKnown(input, PAYMENT_METHOD_INPUT, ["input"]);
    const again = replay(input);
    if (again) return { transaction: view(again) };
    const tx = onlyKnown(input.transaction, TRANSACTION_INPUT, ["input", "transaction"]);
    checkRiskFields(tx, ["input", "transaction"]);
    const accountId = typeof tx.merchantAccountId === "string" ? tx.merchantAccountId : DEFAULT_MERCHANT_ACCOUNT;
    const currency = MERCHANT_ACCOUNTS[accountId];
    if (!currency) throw new GraphQlError("Merchant account ID is invalid.", "VALIDATION", "91513", ["input", "transaction", "merchantAccountId"]);
    const amount = parseAmount(tx.amount, currency, ["input", "transaction", "amount"]);
    const methodId = String(input.paymentMethodId ?? "");
    const isNonce = isNonceId(methodId);
    if (isNonce && consumed(methodId)) {
      throw new GraphQlError("Cannot use a single-use payment method more than once.", "VALIDATION", "91564", ["input", "paymentMethodId"]);
    }
    if (!isNonce && !vaulted.has(methodId)) {
      throw new GraphQlError("Unknown or expired payment method ID.", "VALIDATION", "91565", ["input", "paymentMethodId"]);
    }
    if (isNonce) usedNonces.add(methodId);
    const p: Payment = {
      kind: "Transaction", ...newIds("transaction"), status: "AUTHORIZING", orderId: typeof tx.orderId === "string" ? tx.orderId : null,
      merchantAccountId: accountId, currency, amount, ledger: new Ledger(amount), statusHistory: [],
    };
    payments.set(p.id, p);
    remember(input, p);
    const whole = Math.floor(amount / 10 ** EXPONENT[currency]);
    if (methodId === "fake-processor-declined-visa-nonce" || (whole >= 2000 && whole <= 3000)) {
      const code = methodId === "fake-processor-declined-visa-nonce" ? "2000" : String(whole);
      event(p, "PROCESSOR_DECLINED", {
        processorResponse: { legacyCode: code, message: PROCESSOR_MESSAGES[code] ?? "Processor Declined" },
        declineType: code === "2004" ? "HARD" : "SOFT",
      });
    } else if (methodId === "fake-gateway-rejected-fraud-nonce") {
      event(p, "GATEWAY_REJECTED", { gatewayRejectionReason: "FRAUD" });
    } else {
      event(p, "AUTHORIZED", { processorResponse: { legacyCode: "1000", message: "Approved" } });
      if (submit) {
        p.ledger.capture();
        event(p, "SUBMITTED_FOR_SETTLEMENT");
      }
    }
    return { transaction: view(p) };
  }

  function transaction(id: unknown, path: string[]): Payment {
    const p = typeof id === "string" ? payments.get(id) : undefined;
    if (!p || p.kind !== "Transaction") throw new GraphQlError("An object with this ID was not found.", "NOT_FOUND", undefined, path);
    return p;
  }

  function capture(input: Json): Json {
    onlyKnown(input, CAPTURE_INPUT, ["input"]);
    const again = replay(input);
    if (again) return { transaction: view(again) };
    const p = transaction(input.transactionId, ["input", "transactionId"]);
    const opts = onlyKnown(input.transaction ?? {}, CAPTURE_OPTIONS, ["input", "transaction"]);
    if (p.status !== "AUTHORIZED") {
      throw new GraphQlError("Cannot submit for settlement unless status is authorized.", "VALIDATION", "91507", ["input", "transactionId"]);
    }
    const amount = opts.amount === undefined ? p.amount : parseAmount(opts.amount, p.currency, ["input", "transaction", "amount"]);
    if (amount > p.amount) {
      throw new GraphQlError("Settlement amount cannot be more than the authorized amount.", "VALIDATION", "91522", ["input", "transaction", "amount"]);
    }
    p.amount = amount;
    p.ledger.capture(amount, true);
    event(p, "SUBMITTED_FOR_SETTLEMENT");
    remember(input, p);
    return { transaction: view(p) };
  }

  function voidTx(input: Json): Json {
    onlyKnown(input, VOID_INPUT, ["input"]);
    const p = transaction(input.transactionId, ["input", "transactionId"]);
    if (p.status !== "AUTHORIZED" && p.status !== "SUBMITTED_FOR_SETTLEMENT") {
      throw new GraphQlError(
        "Transaction can only be voided if status is authorized, submitted_for_settlement, or - for PayPal - settlement_pending.",
        "VALIDATION", "91504", ["input", "transactionId"],
      );
    }
    event(p, "VOIDED");
    return { transaction: view(p) };
  }

  function refund(input: Json): Json {
    onlyKnown(input, REFUND_INPUT, ["input"]);
    const again = replay(input);
    if (again) return { refund: view(again) };
    const p = transaction(input.transactionId, ["input", "transactionId"]);
    const opts = onlyKnown(input.refund ?? {}, REFUND_OPTIONS, ["input", "refund"]);
    if (p.status !== "SETTLED" && p.status !== "SETTLING") {
      throw new GraphQlError("Cannot refund a transaction unless it is settled.", "VALIDATION", "91506", ["input", "transactionId"]);
    }
    const amount = opts.amount === undefined ? p.ledger.refundable : parseAmount(opts.amount, p.currency, ["input", "refund", "amount"]);
    const refused = p.ledger.refund(amount);
    if (refused?.kind === "fully_refunded") {
      throw new GraphQlError("Transaction has already been fully refunded.", "VALIDATION", "91512", ["input", "transactionId"]);
    }
    if (refused) throw new GraphQlError("Refund amount is too large.", "VALIDATION", "91521", ["input", "refund", "amount"]);
    const r: Payment = {
      kind: "Refund", ...newIds("refund"), status: "SUBMITTED_FOR_SETTLEMENT", orderId: typeof opts.orderId === "string" ? opts.orderId : null,
      merchantAccountId: p.merchantAccountId, currency: p.currency, amount, ledger: new Ledger(amount, { captured: true }), refundOf: p.id, statusHistory: [],
    };
    event(r, "SUBMITTED_FOR_SETTLEMENT");
    payments.set(r.id, r);
    remember(input, r);
    return { refund: view(r) };
  }

  function vault(input: Json): Json {
    onlyKnown(input, VAULT_INPUT, ["input"]);
    if (input.riskData !== undefined) onlyKnown(input.riskData, RISK_DATA_INPUT, ["input", "riskData"]);
    if (input.threeDSecurePassThrough !== undefined) checkPassThrough(input.threeDSecurePassThrough, ["input", "threeDSecurePassThrough"]);
    const nonce = String(input.paymentMethodId ?? "");
    if (!isNonceId(nonce)) throw new GraphQlError("Unknown or expired payment method ID.", "VALIDATION", "91565", ["input", "paymentMethodId"]);
    if (consumed(nonce)) throw new GraphQlError("Cannot use a single-use payment method more than once.", "VALIDATION", "91564", ["input", "paymentMethodId"]);
    usedNonces.add(nonce);
    const verificationId = Buffer.from(`verification_${randomBytes(4).toString("hex")}`).toString("base64").replace(/=+$/, "");
    if (nonce === "fake-processor-declined-visa-nonce") {
      return {
        paymentMethod: null,
        verification: { id: verificationId, status: "PROCESSOR_DECLINED", gatewayRejectionReason: null, processorResponse: { legacyCode: "2000", message: "Do Not Honor" } },
      };
    }
    const customerId = typeof input.customerId === "string" ? input.customerId : null;
    if (customerId !== null && !customers.has(customerId)) {
      throw new GraphQlError("An object with this ID was not found.", "NOT_FOUND", undefined, ["input", "customerId"]);
    }
    const id = Buffer.from(`paymentmethod_cc_${randomBytes(4).toString("hex")}`).toString("base64").replace(/=+$/, "");
    vaulted.set(id, { customerId });
    return {
      paymentMethod: { id, usage: "MULTI_USE", customer: customerId ? { id: customerId } : null },
      verification: { id: verificationId, status: "VERIFIED", gatewayRejectionReason: null, processorResponse: { legacyCode: "1000", message: "Approved" } },
    };
  }

  function createCustomer(input: unknown): Json {
    const given = onlyKnown(input ?? {}, CREATE_CUSTOMER_INPUT, ["input"]);
    const customer = onlyKnown(given.customer ?? {}, CUSTOMER_INPUT, ["input", "customer"]);
    for (const [k, v] of Object.entries(customer)) {
      if (typeof v === "string" && v.length > 255) throw new GraphQlError(`${k} is too long.`, "VALIDATION", undefined, ["input", "customer", k]);
    }
    if (customer.email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(customer.email))) {
      throw new GraphQlError("Email is an invalid format.", "VALIDATION", "81604", ["input", "customer", "email"]);
    }
    const { id } = newIds("customer");
    customers.add(id);
    return { customer: { id } };
  }

  /** A `transaction_settled` notification of a settled sale or refund, signed, as Braintree posts it. */
  async function notifySettled(p: Payment): Promise<void> {
    if (!ctx.webhookUrl) return;
    const refunded = p.refundOf ? payments.get(p.refundOf) : undefined;
    const xml = [
      "<notification>",
      `  <timestamp type="datetime">${new Date().toISOString().replace(/\.\d{3}Z$/, "Z")}</timestamp>`,
      "  <kind>transaction_settled</kind>",
      "  <subject>",
      "    <transaction>",
      `      <id>${p.legacyId}</id>`,
      `      <status>settled</status>`,
      `      <type>${p.kind === "Refund" ? "credit" : "sale"}</type>`,
      `      <currency-iso-code>${p.currency}</currency-iso-code>`,
      `      <amount>${formatDecimal(p.amount, EXPONENT[p.currency])}</amount>`,
      `      <merchant-account-id>${p.merchantAccountId}</merchant-account-id>`,
      p.orderId ? `      <order-id>${p.orderId}</order-id>` : `      <order-id nil="true"/>`,
      refunded ? `      <refunded-transaction-id>${refunded.legacyId}</refunded-transaction-id>` : `      <refunded-transaction-id nil="true"/>`,
      "    </transaction>",
      "  </subject>",
      "</notification>",
    ].join("\n");
    const payload = (Buffer.from(xml).toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n";
    const key = createHash("sha1").update(BRAINTREE_PRIVATE_KEY).digest();
    const signature = `${BRAINTREE_PUBLIC_KEY}|${hmac("sha1", key, payload, "hex")}`;
    const body = new URLSearchParams({ bt_signature: signature, bt_payload: payload }).toString();
    ctx.log(`braintree webhook transaction_settled ${p.kind}`);
    await deliverToUrl(ctx, () => ({ body, headers: { "Content-Type": "application/x-www-form-urlencoded" } }));
  }

  function answer(data: Json | null, errors?: GraphQlError[]): EmuResponse {
    const body: Json = { data };
    if (errors?.length) {
      body.errors = errors.map((e) => ({
        message: e.message,
        locations: [{ line: 1, column: 1 }],
        path: data ? Object.keys(data) : undefined,
        extensions: { errorClass: e.errorClass, ...(e.legacyCode ? { legacyCode: e.legacyCode } : {}), ...(e.inputPath ? { inputPath: e.inputPath } : {}) },
      }));
    }
    body.extensions = { requestId: `emu-${++requestSeq}` };
    return { status: 200, json: body };
  }

  // Issue 12: client tokens and disputes (disputes.ts).
  const disputes = createBraintreeDisputes(ctx, {
    transaction: (id) => {
      const p = payments.get(id);
      return p && p.kind === "Transaction" ? { legacyId: p.legacyId, amount: p.amount, currency: p.currency } : undefined;
    },
    merchantAccounts: MERCHANT_ACCOUNTS,
    customers,
    publicKey: BRAINTREE_PUBLIC_KEY,
    privateKey: BRAINTREE_PRIVATE_KEY,
  });

  return {
    async handle(req: EmuRequest): Promise<EmuResponse> {
      const disputeRoute = await disputes.route(req);
      if (disputeRoute) return disputeRoute;
      const settle = /^\/_emulator\/settle\/([^/]+)$/.exec(req.path);
      if (req.method === "POST" && settle) {
        const p = payments.get(decodeURIComponent(settle[1]));
        if (!p || (p.status !== "SUBMITTED_FOR_SETTLEMENT" && p.status !== "SETTLING")) return { status: 409, json: { error: "not settleable" } };
        event(p, "SETTLED");
        await notifySettled(p);
        return { status: 200, json: view(p) };
      }
      if (req.method !== "POST" || req.path !== "/graphql") return { status: 404, json: { error: "not found" } };
      const expected = "Basic " + Buffer.from(`${BRAINTREE_PUBLIC_KEY}:${BRAINTREE_PRIVATE_KEY}`).toString("base64");
      if (req.headers.authorization !== expected) {
        return answer(null, [new GraphQlError("Authentication credentials are invalid", "AUTHENTICATION")]);
      }
      const version = req.headers["braintree-version"];
      if (typeof version !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(version)) {
        return answer(null, [new GraphQlError("Braintree-Version header is missing or invalid", "UNSUPPORTED_CLIENT")]);
      }
      const upload = disputes.upload(req);
      if (upload) return upload;
      let body: { query?: unknown; variables?: Json };
      try {
        body = JSON.parse(req.rawBody);
      } catch {
        return answer(null, [new GraphQlError("Request body is not valid JSON", "VALIDATION")]);
      }
      const query = typeof body.query === "string" ? body.query : "";
      const variables = body.variables ?? {};
      const disputeCall = await disputes.graphql(query, variables as Record<string, unknown>);
      if (disputeCall) return disputeCall;
      const issue12 = braintreeIssue12(query, variables, vaulted);
      if (issue12) {
        if ("payload" in issue12) return answer({ [issue12.op]: issue12.payload });
        const e = issue12.error;
        return answer({ [issue12.op]: null }, [new GraphQlError(e.message, e.errorClass, undefined, e.inputPath)]);
      }
      const op = /\b(authorizePaymentMethod|chargePaymentMethod|captureTransaction|voidTransaction|refundTransaction|reverseTransaction|createCustomer|vaultPaymentMethod|node)\(/.exec(query)?.[1];
      const inputTypes: Record<string, string> = {
        authorizePaymentMethod: "AuthorizePaymentMethodInput!",
        chargePaymentMethod: "ChargePaymentMethodInput!",
        captureTransaction: "CaptureTransactionInput!",
        voidTransaction: "VoidTransactionInput!",
        refundTransaction: "RefundTransactionInput!",
        reverseTransaction: "ReverseTransactionInput!",
        vaultPaymentMethod: "VaultPaymentMethodInput!",
        // Nullable in Braintree's schema: `$input: CreateCustomerInput` (a `!` would be accepted too).
        createCustomer: "CreateCustomerInput",
        node: "ID!",
      };
      if (!op || !query.includes(inputTypes[op])) {
        return answer(null, [new GraphQlError("Unknown operation or variable type", "VALIDATION")]);
      }
      try {
        if (op === "node") {
          const p = payments.get(String(variables.id ?? ""));
          if (!p) throw new GraphQlError("An object with this ID was not found.", "NOT_FOUND");
          ctx.log(`braintree node ${p.kind} -> ${p.status}`);
          return answer({ node: view(p) });
        }
        const input = variables.input as Json;
        const result =
          op === "authorizePaymentMethod" ? createTransaction(input, false)
          : op === "chargePaymentMethod" ? createTransaction(input, true)
          : op === "captureTransaction" ? capture(input)
          : op === "voidTransaction" ? voidTx(input)
          : op === "refundTransaction" ? refund(input)
          : op === "reverseTransaction" ? reverseTransaction(
              input,
              (id) => {
                const t = transaction(id, ["input", "transactionId"]);
                return { status: t.status, refundable: t.ledger.refundable };
              },
              voidTx,
              refund,
              (message, errorClass, legacyCode, path) => {
                throw new GraphQlError(message, errorClass, legacyCode, path);
              },
            )
          : op === "createCustomer" ? createCustomer(input)
          : vault(input);
        ctx.log(`braintree ${op} ok`);
        return answer({ [op]: result });
      } catch (e) {
        if (e instanceof GraphQlError) {
          ctx.log(`braintree ${op} -> ${e.errorClass} ${e.legacyCode ?? ""}`);
          return answer({ [op]: null }, [e]);
        }
        throw e;
      }
    },
  };
}

export const emulator: ConnectorEmulator = { create: createBraintreeEmulator };
