// Cybersource emulator: REST Payments API (process a payment, capture, authorization reversal,
// refund) and Transaction Details (`GET /tss/v2/transactions/{id}`), with HTTP Signature
// authentication checked the way Cybersource documents it.
//
// Shapes follow Cybersource's own material: the 201 bodies of PtsV2PaymentsPost201Response,
// ...CapturesPost201Response, ...ReversalsPost201Response, ...RefundPost201Response, the 400 body
// (`{submitTimeUtc, status: "INVALID_REQUEST", reason, message, details: [{field, reason}]}`), the
// 401 body (`{response: {rmsg: "Authentication Failed"}}`) and TssV2TransactionsGet200Response
// (`applicationInformation.applications[] {name, rCode, rFlag, reasonCode}`), as published in the
// cybersource-rest-client model docs and developer.cybersource.com.
//
// Behaviour worth knowing:
// - Authentication: `v-c-merchant-id`, `Date` within 15 minutes, `Digest` over the exact body on
//   POST, and `Signature` recomputed over `host date request-target [digest] v-c-merchant-id` with
//   the merchant's shared secret. Anything off is 401.
// - Every call is a transaction of its own with its own id (22 digits). A capture, reversal or
//   refund names the authorization's id in its path.
// - A refund's Transaction Details say PENDING on the first read and TRANSMITTED after it (the
//   settlement batch ran).
// - Declines by card number (emulator conventions, not Cybersource's sandbox rules, which depend
//   on the processor): see DECLINING_CARDS.
// - Token Management Service: an authorization with `processingInformation.actionList:
//   ["TOKEN_CREATE"]` (zero amount allowed when not captured) stores the card as a payment
//   instrument, under a new customer (`actionTokenTypes` has `customer`) or the customer named
//   in `paymentInformation.customer.id`, and answers `tokenInformation` as Cybersource documents
//   it. A payment on `paymentInformation.paymentInstrument.id` charges the stored card without
//   card data or billTo; a merchant-initiated one must say `storedCredentialUsed: true`.
//   `POST /tms/v2/customers` creates a customer token.
// - Flex transient tokens (`tokenInformation.transientTokenJwt`) stand for the card: the token is
//   a JWT whose payload carries Microform v2's `content.paymentInformation.card` (`number.bin`,
//   `number.maskedValue`, `expirationMonth.value`, `expirationYear.value`); the emulator does not
//   check the JWT's signature (Cybersource checks it against its own key). A declining card is
//   recognised by its BIN and last four digits. A malformed token is 400 INVALID_DATA.
// - 3-D Secure by Payer Authentication (setup, enrollment check, validation): payer-auth.ts.
// - Webhooks: given a target for `cybersource` (its secret is the digital signature key, base64),
//   every authorization, capture, reversal and refund is followed by a notification of the
//   matching card-processing event, signed `v-c-signature: t=<ms>;keyId=...;sig=<base64
//   HMAC-SHA256(key, "<t>.<body>")>`.

import { createHash, randomInt } from "node:crypto";
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { DIGITS, randomString, UPPER_HEX } from "../../core/ids.js";
import { isObject, parseJsonObject, type Json } from "../../core/json.js";
import { decimalDigits, formatDecimal } from "../../core/money.js";
import { deliver, hmac } from "../../core/webhooks.js";
import { cybersourceIssue12Route } from "./issue12.js";
import { createPayerAuthentication } from "./payer-auth.js";


/** The emulator's merchant: what tests sign with. */
export const CYBERSOURCE_MERCHANT = {
  merchantId: "emulator_merchant",
  apiKeyId: "5f2a9c1e-3b4d-4e6f-8a7b-9c0d1e2f3a4b",
  sharedSecret: Buffer.from("emulator shared secret, 32 bytes").toString("base64"),
};

/** The digital signature key's id the emulator names in `v-c-signature`. */
export const CYBERSOURCE_WEBHOOK_KEY_ID = "bf44c857-b182-bb05-e053-34b8d30a7a72";

/** `v-c-signature` for `body` signed at `t` (ms) with the base64 digital signature key. */
export function cybersourceWebhookSignature(keyBase64: string, t: number, body: string): string {
  const sig = hmac("sha256", Buffer.from(keyBase64, "base64"), `${t}.${body}`, "base64");
  return `t=${t};keyId=${CYBERSOURCE_WEBHOOK_KEY_ID};sig=${sig}`;
}

/** Card number → the decline Cybersource answers (201 DECLINED with errorInformation). */
const DECLINING_CARDS: Record<string, { reason: string; message: string; rFlag: string; reasonCode: string }> = {
  "4000000000000002": { reason: "PROCESSOR_DECLINED", message: "Decline - General decline of the card. No other information provided by the issuing bank.", rFlag: "DCARDREFUSED", reasonCode: "203" },
  "4000000000009995": { reason: "INSUFFICIENT_FUND", message: "Decline - Insufficient funds in the account.", rFlag: "DINSUFFICIENTFUNDS", reasonCode: "204" },
  "4000000000000069": { reason: "EXPIRED_CARD", message: "Decline - Expired card. You might also receive this if the expiration date you provided does not match the date the issuing bank has on file.", rFlag: "DCARDEXPIRED", reasonCode: "202" },
};

/** ISO 4217 decimals of the currencies the emulator takes (others: 2). */
const DECIMALS: Record<string, number> = { JPY: 0, KRW: 0, KWD: 3, BHD: 3, JOD: 3, OMR: 3, TND: 3, CLF: 4 };

interface Amount {
  minor: bigint;
  currency: string;
}

interface Transaction {
  id: string;
  kind: "auth" | "capture" | "reversal" | "refund";
  applications: Array<{ name: string; rCode: string; rFlag: string; reasonCode: string; rMessage: string }>;
  status: string;
  amount: Amount;
  code: string;
  reads: number;
}

interface StoredCard {
  number: string;
  expirationMonth: string;
  expirationYear: string;
  billTo: Json;
}

interface Instrument {
  id: string;
  customerId: string | null;
  card: StoredCard;
}

interface Payment {
  id: string;
  authorized: Amount;
  captured: bigint;
  refunded: bigint;
  reversed: boolean;
  declined: boolean;
}

function decimals(currency: string): number {
  return DECIMALS[currency] ?? 2;
}

function parseAmount(text: unknown, currency: unknown): Amount | null {
  if (typeof currency !== "string") return null;
  const d = decimals(currency);
  const digits = decimalDigits(text, d);
  return digits && { minor: BigInt(digits.whole + digits.fraction.padEnd(d, "0")), currency };
}

function formatAmount(a: Amount): string {
  return formatDecimal(a.minor, decimals(a.currency));
}

/** A TMS token id: 32 upper-case hex characters. */
/** A TMS token id: 32 upper-case hex characters. */
const tokenId = (): string => randomString(32, UPPER_HEX);

/** 22 digits, the first not 0. */
const transactionId = (): string => randomString(1, "123456789") + randomString(21, DIGITS);

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}


function invalid(reason: string, message: string, details: Array<{ field: string; reason: string }> = []): EmuResponse {
  return { status: 400, json: { submitTimeUtc: now(), status: "INVALID_REQUEST", reason, message, ...(details.length ? { details } : {}) } };
}

function header(req: EmuRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

const AUTH_FAILED: EmuResponse = { status: 401, json: { response: { rmsg: "Authentication Failed" } } };

export function createCybersourceEmulator(ctx: EmuContext, mountPrefix = "/cybersource"): EmuMount {
  const payments = new Map<string, Payment>();
  const payerAuth = createPayerAuthentication({ invalid, transactionId, now });
  const transactions = new Map<string, Transaction>();
  /** Issue 12 (void of a capture): the payment each capture was made on. */
  const captureParents = new Map<string, { paymentId: string; amount: Amount }>();
  const customers = new Map<string, Json>();
  const instruments = new Map<string, Instrument>();

  /** A signed notification of `eventType` about `payload` (the transaction in the REST shape). */
  function notify(eventType: string, payload: Json): void {
    const body = JSON.stringify({
      notificationId: `emu-${String(payload.id)}-${eventType}`,
      retryNumber: 0,
      eventType,
      eventDate: new Date().toISOString(),
      webhookId: "emu-webhook-1",
      transactionTraceId: `emu-trace-${randomInt(1, 1_000_000)}`,
      productId: "cardProcessing",
      organizationId: CYBERSOURCE_MERCHANT.merchantId,
      requestType: "NEW",
      payload,
    });
    void deliver(ctx, (secret) => ({
      body,
      headers: {
        "Content-Type": "application/json",
        "v-c-signature": cybersourceWebhookSignature(secret, Date.now(), body),
        "v-c-event-type": eventType,
        "v-c-organization-id": CYBERSOURCE_MERCHANT.merchantId,
        "v-c-product-name": "cardProcessing",
        "v-c-request-type": "NEW",
        "v-c-webhook-id": "emu-webhook-1",
      },
    }));
  }

  function createCustomer(body: Json): EmuResponse {
    const buyer = isObject(body.buyerInformation) ? body.buyerInformation : {};
    if (buyer.email !== undefined && (typeof buyer.email !== "string" || !buyer.email.includes("@"))) {
      return { status: 400, json: { errors: [{ type: "invalidRequest", message: "Invalid Request", details: [{ name: "buyerInformation.email", location: "body" }] }] } };
    }
    const id = tokenId();
    const customer = { id, buyerInformation: buyer, clientReferenceInformation: body.clientReferenceInformation ?? {}, metadata: { creator: CYBERSOURCE_MERCHANT.merchantId } };
    customers.set(id, customer);
    ctx.log(`cybersource customer create ${id}`);
    return { status: 201, json: { _links: { self: { href: `/tms/v2/customers/${id}` } }, ...customer } };
  }

  /** Cybersource's HTTP Signature check. */
  function authenticate(req: EmuRequest): boolean {
    if (header(req, "v-c-merchant-id") !== CYBERSOURCE_MERCHANT.merchantId) return false;
    const date = header(req, "date");
    if (!date || Number.isNaN(Date.parse(date)) || Math.abs(Date.parse(date) - Date.now()) > 15 * 60 * 1000) return false;
    const sig = header(req, "signature");
    if (!sig) return false;
    const params = Object.fromEntries([...sig.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (params.keyid !== CYBERSOURCE_MERCHANT.apiKeyId || params.algorithm !== "HmacSHA256") return false;
    // GET and DELETE carry no body: their signature has no digest (Cybersource's HTTP Signature rules).
    const post = req.method !== "GET" && req.method !== "DELETE";
    const expectedHeaders = post ? "host date request-target digest v-c-merchant-id" : "host date request-target v-c-merchant-id";
    if (params.headers !== expectedHeaders) return false;
    const digest = `SHA-256=${createHash("sha256").update(req.rawBody, "utf8").digest("base64")}`;
    if (post && header(req, "digest") !== digest) return false;
    const query = req.query.toString();
    const target = `${req.method.toLowerCase()} ${mountPrefix}${req.path}${query ? `?${query}` : ""}`;
    const lines = [`host: ${header(req, "host")}`, `date: ${date}`, `request-target: ${target}`];
    if (post) lines.push(`digest: ${digest}`);
    lines.push(`v-c-merchant-id: ${CYBERSOURCE_MERCHANT.merchantId}`);
    const expected = hmac("sha256", Buffer.from(CYBERSOURCE_MERCHANT.sharedSecret, "base64"), lines.join("\n"), "base64");
    return params.signature === expected;
  }

  function record(kind: Transaction["kind"], name: string, status: string, amount: Amount, code: string, extra: Transaction["applications"] = []): Transaction {
    const t: Transaction = {
      id: transactionId(),
      kind,
      applications: [...extra, { name, rCode: "1", rFlag: "SOK", reasonCode: "100", rMessage: "Request was processed successfully." }],
      status,
      amount,
      code,
      reads: 0,
    };
    transactions.set(t.id, t);
    return t;
  }

  function links(path: string) {
    return { self: { href: path, method: "GET" } };
  }

  /**
   * The card a Flex transient token stands for: `bin` + `maskedValue` with the masked digits as
   * zeros (the emulator never sees the whole number, as the merchant never does).
   */
  function transientCard(jwt: unknown): Json | undefined {
    if (typeof jwt !== "string") return undefined;
    const parts = jwt.split(".");
    if (parts.length !== 3) return undefined;
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
    } catch {
      return undefined;
    }
    const at = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), o);
    const card = at(payload, "content", "paymentInformation", "card");
    const bin = at(card, "number", "bin");
    const masked = at(card, "number", "maskedValue");
    const month = at(card, "expirationMonth", "value");
    const year = at(card, "expirationYear", "value");
    if (typeof bin !== "string" || typeof masked !== "string" || !/^\d{6,8}$/.test(bin) || !/^X+\d{4}$/.test(masked)) return undefined;
    if (typeof month !== "string" || typeof year !== "string") return undefined;
    const number = bin + "0".repeat(Math.max(0, masked.length - bin.length - 4)) + masked.slice(-4);
    return { number, expirationMonth: month, expirationYear: year };
  }

  /** The decline for a card: by its whole number, or by BIN and last four for a transient token's. */
  function declineFor(number: string) {
    return DECLINING_CARDS[number] ?? Object.entries(DECLINING_CARDS).find(([n]) => n.slice(0, 6) === number.slice(0, 6) && n.slice(-4) === number.slice(-4))?.[1];
  }

  function echeckDebit(body: Json, paymentInfo: Json, order: Json, amounts: Json, code: unknown): EmuResponse {
    const bank = isObject(paymentInfo.bank) ? paymentInfo.bank : {};
    const account = isObject(bank.account) ? bank.account : {};
    const billTo = isObject(order.billTo) ? order.billTo : {};
    const missing: Array<{ field: string; reason: string }> = [];
    for (const f of ["totalAmount", "currency"]) if (amounts[f] === undefined) missing.push({ field: `orderInformation.amountDetails.${f}`, reason: "MISSING_FIELD" });
    for (const f of ["firstName", "lastName", "address1", "locality", "administrativeArea", "postalCode", "country", "email"]) {
      if (!billTo[f]) missing.push({ field: `orderInformation.billTo.${f}`, reason: "MISSING_FIELD" });
    }
    if (bank.routingNumber === undefined) missing.push({ field: "paymentInformation.bank.routingNumber", reason: "MISSING_FIELD" });
    if (account.number === undefined) missing.push({ field: "paymentInformation.bank.account.number", reason: "MISSING_FIELD" });
    if (missing.length) return invalid("MISSING_FIELD", "Declined - The request is missing one or more fields", missing);
    const bad = (field: string) => invalid("INVALID_DATA", "Declined - One or more fields in the request contains invalid data", [{ field, reason: "INVALID_DATA" }]);
    if (typeof bank.routingNumber !== "string" || !/^\d{9}$/.test(bank.routingNumber)) return bad("paymentInformation.bank.routingNumber");
    if (typeof account.number !== "string" || !/^\d{1,17}$/.test(account.number)) return bad("paymentInformation.bank.account.number");
    if (account.type !== undefined && !["C", "S", "X", "G"].includes(String(account.type))) return bad("paymentInformation.bank.account.type");
    if (isObject(body.processingInformation) && body.processingInformation.capture === false) return bad("processingInformation.capture");
    const amount = parseAmount(amounts.totalAmount, amounts.currency);
    if (!amount || amount.minor <= 0n || amount.currency !== "USD") return bad("orderInformation.amountDetails.totalAmount");
    const reference = typeof code === "string" ? code : "";
    ctx.log(`cybersource echeck debit ****${String(account.number).slice(-4)} ${formatAmount(amount)} ${amount.currency}`);
    const t = record("auth", "ecp_debit", "PENDING", amount, reference);
    payments.set(t.id, { id: t.id, authorized: amount, captured: amount.minor, refunded: 0n, reversed: false, declined: false });
    const answer: Json = {
      _links: links(`/pts/v2/payments/${t.id}`),
      id: t.id,
      reconciliationId: t.id,
      submitTimeUtc: now(),
      status: "PENDING",
      clientReferenceInformation: { code: reference },
      orderInformation: { amountDetails: { currency: amount.currency, totalAmount: formatAmount(amount) } },
    };
    return { status: 201, json: answer };
  }

  function createPayment(body: Json): EmuResponse {
    const missing: Array<{ field: string; reason: string }> = [];
    const order = isObject(body.orderInformation) ? body.orderInformation : {};
    const amounts = isObject(order.amountDetails) ? order.amountDetails : {};
    const paymentInfo = isObject(body.paymentInformation) ? body.paymentInformation : {};
    const processing = isObject(body.processingInformation) ? body.processingInformation : {};
    const initiator =
      isObject(processing.authorizationOptions) && isObject(processing.authorizationOptions.initiator) ? processing.authorizationOptions.initiator : {};
    const code = isObject(body.clientReferenceInformation) ? body.clientReferenceInformation.code : undefined;
    const tokenCreate = Array.isArray(processing.actionList) && processing.actionList.includes("TOKEN_CREATE");
    // 3-D Secure by Payer Authentication (payer-auth.ts): a challenge or a failed validation
    // answers here; otherwise the authorization goes on.
    const payerAuthAnswer = payerAuth.payment(body, Array.isArray(processing.actionList) ? processing.actionList : []);
    if (payerAuthAnswer) return payerAuthAnswer;
    const tokenTypes = Array.isArray(processing.actionTokenTypes) ? processing.actionTokenTypes : [];
    const instrumentId = isObject(paymentInfo.paymentInstrument) ? paymentInfo.paymentInstrument.id : undefined;
    const customerId = isObject(paymentInfo.customer) ? paymentInfo.customer.id : undefined;
    const badToken = (field: string) =>
      invalid("INVALID_DATA", "Declined - One or more fields in the request contains invalid data", [{ field, reason: "INVALID_DATA" }]);
    if (customerId !== undefined && (typeof customerId !== "string" || !customers.has(customerId))) return badToken("paymentInformation.customer.id");
    // A stored payment instrument stands in for the card and the billing address.
    let stored: Instrument | undefined;
    if (instrumentId !== undefined) {
      stored = typeof instrumentId === "string" ? instruments.get(instrumentId) : undefined;
      if (!stored || (customerId !== undefined && stored.customerId !== customerId)) return badToken("paymentInformation.paymentInstrument.id");
      if (initiator.type === "merchant" && initiator.storedCredentialUsed !== true) {
        return badToken("processingInformation.authorizationOptions.initiator.storedCredentialUsed");
      }
    }
    // eCheck (ACH) debit (the eCheck guide's REST example): paymentInformation.bank with
    // paymentType check; a sale that Cybersource answers PENDING (it settles with the batch).
    const paymentType = isObject(paymentInfo.paymentType) ? paymentInfo.paymentType.name : undefined;
    if (typeof paymentType === "string" && paymentType.toLowerCase() === "check") return echeckDebit(body, paymentInfo, order, amounts, code);
    const jwt = isObject(body.tokenInformation) ? body.tokenInformation.transientTokenJwt : undefined;
    const transient = jwt !== undefined ? transientCard(jwt) : undefined;
    if (jwt !== undefined && !transient) return badToken("tokenInformation.transientTokenJwt");
    const billTo = stored ? stored.card.billTo : isObject(order.billTo) ? order.billTo : {};
    // Network tokens and decrypted wallet tokens: `tokenizedCard` with its cryptogram. Encrypted
    // Apple Pay / Google Pay: `fluidData` (base64) with the matching `paymentSolution` (001 / 012);
    // the emulator cannot decrypt, so a well-formed blob stands for its Visa test DPAN.
    const tokenized = isObject(paymentInfo.tokenizedCard) ? paymentInfo.tokenizedCard : undefined;
    if (tokenized && (typeof tokenized.cryptogram !== "string" || !["1", "2", "3"].includes(String(tokenized.transactionType)))) {
      return badToken(typeof tokenized.cryptogram !== "string" ? "paymentInformation.tokenizedCard.cryptogram" : "paymentInformation.tokenizedCard.transactionType");
    }
    const fluid = isObject(paymentInfo.fluidData) ? paymentInfo.fluidData : undefined;
    let fluidCard: Json | undefined;
    if (fluid) {
      const solution = processing.paymentSolution;
      const apple = solution === "001";
      let decoded = "";
      try {
        decoded = typeof fluid.value === "string" && /^[A-Za-z0-9+/]+={0,2}$/.test(fluid.value) ? Buffer.from(fluid.value, "base64").toString("utf8") : "";
      } catch {
        decoded = "";
      }
      if (solution !== "001" && solution !== "012") return badToken("processingInformation.paymentSolution");
      if (!decoded.startsWith("{")) return badToken("paymentInformation.fluidData.value");
      if (apple && fluid.descriptor !== "RklEPUNPTU1PTi5BUFBMRS5JTkFQUC5QQVlNRU5U") return badToken("paymentInformation.fluidData.descriptor");
      fluidCard = { number: "4111111111111111", expirationMonth: "12", expirationYear: "2031" };
    }
    // A 3-D Secure result from elsewhere must carry what its commerce indicator says.
    const auth = isObject(body.consumerAuthenticationInformation) ? body.consumerAuthenticationInformation : undefined;
    const indicator = processing.commerceIndicator;
    if (indicator === "vbv" || indicator === "vbv_attempted" || indicator === "aesk" || indicator === "dipb" || indicator === "js") {
      if (!auth || typeof auth.cavv !== "string") return badToken("consumerAuthenticationInformation.cavv");
    }
    if (indicator === "spa" && (!auth || typeof auth.ucafAuthenticationData !== "string" || !["1", "2"].includes(String(auth.ucafCollectionIndicator)))) {
      return badToken("consumerAuthenticationInformation.ucafAuthenticationData");
    }
    const card: Json = stored ? { ...stored.card } : transient ?? fluidCard ?? tokenized ?? (isObject(paymentInfo.card) ? paymentInfo.card : {});
    for (const f of ["totalAmount", "currency"]) if (amounts[f] === undefined) missing.push({ field: `orderInformation.amountDetails.${f}`, reason: "MISSING_FIELD" });
    for (const f of ["firstName", "lastName", "address1", "locality", "country", "email"]) if (!billTo[f]) missing.push({ field: `orderInformation.billTo.${f}`, reason: "MISSING_FIELD" });
    if (billTo.country === "US" || billTo.country === "CA") {
      for (const f of ["administrativeArea", "postalCode"]) if (!billTo[f]) missing.push({ field: `orderInformation.billTo.${f}`, reason: "MISSING_FIELD" });
    }
    for (const f of ["number", "expirationMonth", "expirationYear"]) if (!card[f]) missing.push({ field: `paymentInformation.card.${f}`, reason: "MISSING_FIELD" });
    if (missing.length) return invalid("MISSING_FIELD", "Declined - The request is missing one or more fields", missing);
    const capture = processing.capture === true;
    const amount = parseAmount(amounts.totalAmount, amounts.currency);
    // Zero is a card verification (zero amount authorization): never a sale.
    if (!amount || amount.minor < 0n || (amount.minor === 0n && capture)) return badToken("orderInformation.amountDetails.totalAmount");
    if (tokenCreate && (!tokenTypes.includes("paymentInstrument") || (tokenTypes.includes("customer") === (customerId !== undefined)))) {
      return badToken("processingInformation.actionTokenTypes");
    }
    const number = String(card.number);
    ctx.log(`cybersource authorize ${ctx.maskPan(number)} ${formatAmount(amount)} ${amount.currency} capture=${capture}`);
    const decline = declineFor(number);
    const reference = typeof code === "string" ? code : "";
    if (decline) {
      const t: Transaction = {
        id: transactionId(),
        kind: "auth",
        applications: [{ name: "ics_auth", rCode: "0", rFlag: decline.rFlag, reasonCode: decline.reasonCode, rMessage: decline.message }],
        status: "DECLINED",
        amount,
        code: reference,
        reads: 0,
      };
      transactions.set(t.id, t);
      payments.set(t.id, { id: t.id, authorized: amount, captured: 0n, refunded: 0n, reversed: false, declined: true });
      const declined = {
        _links: links(`/pts/v2/payments/${t.id}`),
        id: t.id,
        submitTimeUtc: now(),
        status: "DECLINED",
        clientReferenceInformation: { code: reference },
        errorInformation: { reason: decline.reason, message: decline.message },
        processorInformation: { responseCode: decline.reasonCode },
      };
      notify("payments.payments.reject", declined);
      return { status: 201, json: declined };
    }
    const extra = capture ? [{ name: "ics_auth", rCode: "1", rFlag: "SOK", reasonCode: "100", rMessage: "Request was processed successfully." }] : [];
    const t = capture ? record("auth", "ics_bill", "PENDING", amount, reference, extra) : record("auth", "ics_auth", "AUTHORIZED", amount, reference);
    payments.set(t.id, { id: t.id, authorized: amount, captured: capture ? amount.minor : 0n, refunded: 0n, reversed: false, declined: false });
    const answer: Json = {
      _links: links(`/pts/v2/payments/${t.id}`),
      id: t.id,
      submitTimeUtc: now(),
      status: "AUTHORIZED",
      reconciliationId: t.id,
      clientReferenceInformation: { code: reference },
      orderInformation: { amountDetails: { authorizedAmount: formatAmount(amount), currency: amount.currency } },
      paymentAccountInformation: { card: { type: "001" } },
      processorInformation: { approvalCode: "888888", networkTransactionId: "123456789619999", transactionId: "123456789619999", responseCode: "100", avs: { code: "X", codeRaw: "I1" } },
    };
    if (tokenCreate) {
      // The documented layout: new tokens in tokenInformation; an existing customer in paymentInformation.
      const owner = customerId !== undefined ? String(customerId) : tokenId();
      if (customerId === undefined) customers.set(owner, { id: owner, buyerInformation: { email: billTo.email } });
      const instrument: Instrument = {
        id: tokenId(),
        customerId: owner,
        card: { number, expirationMonth: String(card.expirationMonth), expirationYear: String(card.expirationYear), billTo: { ...billTo } },
      };
      instruments.set(instrument.id, instrument);
      answer.tokenInformation = {
        instrumentidentifierNew: true,
        instrumentIdentifier: { id: `70100000000${number.slice(-8)}`, state: "ACTIVE" },
        paymentInstrument: { id: instrument.id },
        ...(customerId === undefined ? { customer: { id: owner } } : {}),
      };
      if (customerId !== undefined) answer.paymentInformation = { card: { type: "001" }, customer: { id: owner } };
      ctx.log(`cybersource token create ${ctx.maskPan(number)} instrument=${instrument.id}`);
    }
    notify("payments.payments.accept", { id: t.id, status: "AUTHORIZED", clientReferenceInformation: { code: reference }, orderInformation: answer.orderInformation });
    return { status: 201, json: answer };
  }

  function amountOf(body: Json, section: string): Amount | null {
    const s = isObject(body[section]) ? body[section] : {};
    const a = isObject(s.amountDetails) ? s.amountDetails : {};
    return parseAmount(a.totalAmount, a.currency);
  }

  function capturePayment(p: Payment, body: Json): EmuResponse {
    const amount = amountOf(body, "orderInformation");
    if (!amount || amount.currency !== p.authorized.currency) return invalid("INVALID_DATA", "Declined - One or more fields in the request contains invalid data", [{ field: "orderInformation.amountDetails.totalAmount", reason: "INVALID_DATA" }]);
    if (p.reversed) return invalid("AUTH_ALREADY_REVERSED", "Declined - The authorization has already been reversed.");
    if (p.captured + amount.minor > p.authorized.minor) return invalid("EXCEEDS_AUTH_AMOUNT", "Declined - The capture amount exceeds the authorized amount.");
    p.captured += amount.minor;
    const code = isObject(body.clientReferenceInformation) ? String(body.clientReferenceInformation.code ?? "") : "";
    const t = record("capture", "ics_bill", "PENDING", amount, code);
    captureParents.set(t.id, { paymentId: p.id, amount });
    const answer = {
      _links: links(`/pts/v2/captures/${t.id}`),
      id: t.id,
      submitTimeUtc: now(),
      status: "PENDING",
      reconciliationId: p.id,
      clientReferenceInformation: { code },
      orderInformation: { amountDetails: { totalAmount: formatAmount(amount), currency: amount.currency } },
    };
    notify("payments.captures.accept", answer);
    return { status: 201, json: answer };
  }

  function reversePayment(p: Payment, body: Json): EmuResponse {
    const amount = amountOf(body, "reversalInformation");
    if (!amount || amount.currency !== p.authorized.currency) return invalid("INVALID_DATA", "Declined - One or more fields in the request contains invalid data", [{ field: "reversalInformation.amountDetails.totalAmount", reason: "INVALID_DATA" }]);
    if (p.reversed) return invalid("AUTH_ALREADY_REVERSED", "Declined - The authorization has already been reversed.");
    if (p.captured > 0n) return invalid("TRANSACTION_ALREADY_SETTLED", "Declined - The authorization has been captured.");
    p.reversed = true;
    const code = isObject(body.clientReferenceInformation) ? String(body.clientReferenceInformation.code ?? "") : "";
    const t = record("reversal", "ics_auth_reversal", "REVERSED", amount, code);
    const answer = {
      _links: links(`/pts/v2/reversals/${t.id}`),
      id: t.id,
      submitTimeUtc: now(),
      status: "REVERSED",
      clientReferenceInformation: { code },
      reversalAmountDetails: { reversedAmount: formatAmount(amount), currency: amount.currency },
      processorInformation: { responseCode: "100" },
    };
    notify("payments.reversals.accept", answer);
    return { status: 201, json: answer };
  }

  function refundPayment(p: Payment, body: Json): EmuResponse {
    const amount = amountOf(body, "orderInformation");
    if (!amount || amount.currency !== p.authorized.currency) return invalid("INVALID_DATA", "Declined - One or more fields in the request contains invalid data", [{ field: "orderInformation.amountDetails.totalAmount", reason: "INVALID_DATA" }]);
    if (p.refunded + amount.minor > p.captured) return invalid("INVALID_AMOUNT", "Declined - The refund amount exceeds the captured amount.");
    p.refunded += amount.minor;
    const code = isObject(body.clientReferenceInformation) ? String(body.clientReferenceInformation.code ?? "") : "";
    const t = record("refund", "ics_credit", "PENDING", amount, code);
    const answer = {
      _links: links(`/pts/v2/refunds/${t.id}`),
      id: t.id,
      submitTimeUtc: now(),
      status: "PENDING",
      reconciliationId: t.id,
      clientReferenceInformation: { code },
      refundAmountDetails: { refundAmount: formatAmount(amount), currency: amount.currency },
      processorInformation: { approvalCode: "888888" },
    };
    notify("payments.refunds.accept", answer);
    return { status: 201, json: answer };
  }

  function transactionDetails(t: Transaction): EmuResponse {
    t.reads += 1;
    // A refund settles with the batch: PENDING when first read, TRANSMITTED after.
    if (t.kind === "refund" && t.reads > 1) t.status = "TRANSMITTED";
    const last = t.applications[t.applications.length - 1]!;
    return {
      status: 200,
      json: {
        id: t.id,
        submitTimeUtc: now(),
        applicationInformation: { status: t.status, reasonCode: last.reasonCode, rCode: last.rCode, rFlag: last.rFlag, applications: t.applications },
        clientReferenceInformation: { code: t.code },
        orderInformation: { amountDetails: { totalAmount: formatAmount(t.amount), currency: t.amount.currency, ...(t.kind === "auth" ? { authorizedAmount: formatAmount(t.amount) } : {}) } },
        processorInformation: { networkTransactionId: "123456789619999" },
      },
    };
  }

  return {
    handle(req: EmuRequest): EmuResponse {
      if (!authenticate(req)) return AUTH_FAILED;
      let body: Json = {};
      if (req.method === "POST" || req.method === "PATCH") {
        const parsed = parseJsonObject(req.rawBody);
        if (!parsed) return invalid("INVALID_DATA", "Declined - The request body is not valid JSON");
        body = parsed;
      }
      const issue12 = cybersourceIssue12Route(req, body, {
        payments,
        instruments,
        parseAmount,
        formatAmount,
        recordIncrement: (amount, code) => record("auth", "ics_incremental_auth", "AUTHORIZED", amount, code).id,
        captureOf: (id) => captureParents.get(id),
        recordVoid: (amount, code) => record("reversal", "ics_void", "VOIDED", amount, code).id,
        invalid,
        now,
      });
      if (issue12) return issue12;
      if (req.method === "POST" && req.path === "/pts/v2/payments") return createPayment(body);
      if (req.method === "POST" && req.path === "/risk/v1/authentication-setups") return payerAuth.setup(body);
      if (req.method === "POST" && req.path === "/tms/v2/customers") return createCustomer(body);
      const action = /^\/pts\/v2\/payments\/([^/]+)\/(captures|reversals|refunds)$/.exec(req.path);
      if (req.method === "POST" && action) {
        const p = payments.get(decodeURIComponent(action[1]!));
        if (!p || p.declined) return { status: 404, json: { submitTimeUtc: now(), status: "NOT_FOUND", reason: "MISSING_AUTH", message: "The requested resource does not exist" } };
        if (action[2] === "captures") return capturePayment(p, body);
        if (action[2] === "reversals") return reversePayment(p, body);
        return refundPayment(p, body);
      }
      const tss = /^\/tss\/v2\/transactions\/([^/]+)$/.exec(req.path);
      if (req.method === "GET" && tss) {
        const t = transactions.get(decodeURIComponent(tss[1]!));
        if (!t) return { status: 404, json: { message: "The requested resource does not exist" } };
        return transactionDetails(t);
      }
      return { status: 404, json: { message: "The requested resource does not exist" } };
    },
  };
}

export const emulator: ConnectorEmulator = { create: (ctx) => createCybersourceEmulator(ctx, ctx.mountPrefix) };
