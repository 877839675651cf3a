// Official-SDK differential for Cybersource: cybersource-rest-client (Cybersource's own Node SDK)
// sends the same operations to a loopback recorder, and the sidecar's requests are compared with
// what it put on the wire: method, path, the HTTP Signature scheme (keyid, algorithm, the signed
// header list, and a signature valid under the same recipe, checked here with node:crypto for
// both), Digest, and the JSON body field by field. Each of our bodies also goes through the SDK's
// own request model (CreatePaymentRequest, PostCustomerRequest, ...), which keeps only the fields
// it declares: a field name we misread from the docs would not survive it.
//
// The SDK builds its URL from `intermediateHost` when given (http:// allowed) and signs the
// `runEnvironment` host, so it can be captured without any network: it signs
// apitest.cybersource.com, sends to 127.0.0.1. Nothing leaves the machine. The SDK adds
// `clientReferenceInformation.partner.developerId` (its own partner id) and
// `v-c-client-id`/`v-c-sdk-telemetry-merchant-id`/`Accept` headers; those are the SDK's, not
// Cybersource's requirements, and are left out of the comparison.
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, TransformRequestParams } from "../../protocol/index.js";

const require = createRequire(import.meta.url);

const AUTH = { merchantId: "testrest", apiKeyId: "08c94330-f618-42a3-b09d-e1e43be5efda", sharedSecret: "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=" };
const HOST = "apitest.cybersource.com";
const PAYMENT_ID = "6461731521426399003473";
const REFUND_ID = "6461731521426399003477";

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Cybersource's HTTP Signature, checked from the outside: true when `signature` is valid. */
function signatureValid(method: string, path: string, headers: Record<string, string>, body: string): boolean {
  const params = Object.fromEntries([...(headers.signature ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  const lines = (params.headers ?? "").split(" ").map((name) => {
    if (name === "request-target") return `request-target: ${method.toLowerCase()} ${path}`;
    return `${name}: ${headers[name]}`;
  });
  if (headers.digest !== undefined && headers.digest !== `SHA-256=${createHash("sha256").update(body, "utf8").digest("base64")}`) return false;
  const expected = createHmac("sha256", Buffer.from(AUTH.sharedSecret, "base64")).update(lines.join("\n"), "utf8").digest("base64");
  return params.keyid === AUTH.apiKeyId && params.algorithm === "HmacSHA256" && params.signature === expected;
}

function signatureParams(value: string | undefined): Record<string, string> {
  const p = Object.fromEntries([...(value ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  delete p.signature;
  return p;
}

function withoutSdkPartner(body: string): unknown {
  if (!body) return null;
  const b = JSON.parse(body) as { clientReferenceInformation?: Record<string, unknown> };
  delete b.clientReferenceInformation?.partner;
  return b;
}

describe("cybersource: official SDK (cybersource-rest-client) differential", function () {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let cs: any;
  let server: http.Server;
  let port = 0;
  const seen: Captured[] = [];
  let pool: SidecarPool;

  before(async function () {
    // A devDependency (npm ci installs it): when it is missing, this fails instead of skipping.
    cs = require("cybersource-rest-client");
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
        seen.push({ method: req.method ?? "", path: req.url ?? "", headers, body });
        res.writeHead(req.method === "GET" ? 200 : 201, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: "1", status: "PENDING" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
    server?.close();
  });

  function config() {
    return {
      authenticationType: "http_signature",
      runEnvironment: HOST,
      merchantID: AUTH.merchantId,
      merchantKeyId: AUTH.apiKeyId,
      merchantsecretKey: AUTH.sharedSecret,
      intermediateHost: `http://127.0.0.1:${port}`,
      logConfiguration: { enableLog: false },
    };
  }

  /** Runs one SDK call and returns the request it sent. */
  async function sdk(call: (done: (err: unknown) => void) => void): Promise<Captured> {
    const before = seen.length;
    await new Promise<void>((resolve) => call(() => resolve()));
    assert.equal(seen.length, before + 1, "the SDK sent one request");
    return seen[seen.length - 1]!;
  }

  /** The sidecar's request for the same operation, signed at the SDK's Date. */
  async function ours(flow: TransformRequestParams["flow"], request: unknown, sdkDate: string): Promise<HttpRequest> {
    const now = new Date(sdkDate).toISOString();
    return pool.transformRequest({ connector: "cybersource", flow, auth: AUTH, request, options: { now } } as TransformRequestParams);
  }

  /**
   * Every field of our body is one the SDK's own request model knows: constructFromObject keeps
   * the fields its model declares and drops any other, so a misspelt or invented field (our
   * reading of the docs) makes the round trip differ.
   */
  function knownToSdkModel(model: string, mine: HttpRequest) {
    const body: unknown = JSON.parse(mine.body!.data);
    assert.deepEqual(JSON.parse(JSON.stringify(cs[model].constructFromObject(body))), body, `every field is in the SDK's ${model}`);
  }

  function compare(theirs: Captured, mine: HttpRequest) {
    const url = new URL(mine.url);
    assert.equal(url.host, HOST);
    assert.equal(mine.method, theirs.method);
    assert.equal(url.pathname + url.search, theirs.path);
    const h = Object.fromEntries(mine.headers.map((x) => [x.name.toLowerCase(), x.value]));
    for (const name of ["v-c-merchant-id", "date", "host", "signature"]) assert.equal(typeof h[name], "string", `we send ${name}`);
    assert.equal(h["v-c-merchant-id"], theirs.headers["v-c-merchant-id"]);
    assert.equal(h.host, theirs.headers.host);
    assert.equal(h.date, theirs.headers.date);
    assert.equal("digest" in h, "digest" in theirs.headers, "Digest on the same requests");
    assert.deepEqual(signatureParams(h.signature), signatureParams(theirs.headers.signature), "same keyid, algorithm and signed headers");
    assert.ok(signatureValid(theirs.method, theirs.path, theirs.headers, theirs.body), "the SDK's signature checks out under the recipe");
    assert.ok(signatureValid(mine.method, url.pathname + url.search, h, mine.body?.data ?? ""), "ours checks out under the same recipe");
    assert.deepEqual(withoutSdkPartner(mine.body?.data ?? ""), withoutSdkPartner(theirs.body), "same body fields");
    if (theirs.body) assert.match(theirs.headers["content-type"] ?? "", new RegExp(`^${mine.body!.contentType.replace("/", "\\/")}`));
  }

  it("authorize: Process a Payment", async () => {
    const body = {
      clientReferenceInformation: { code: "order-1001" },
      processingInformation: { capture: false, commerceIndicator: "internet" },
      paymentInformation: { card: { number: "4111111111111111", expirationMonth: "12", expirationYear: "2031", type: "001", securityCode: "123" } },
      orderInformation: {
        amountDetails: { totalAmount: "102.21", currency: "USD" },
        billTo: { firstName: "Jane", lastName: "Doe", address1: "1 Market St", locality: "San Francisco", administrativeArea: "CA", postalCode: "94105", country: "US", email: "jane@example.com" },
      },
    };
    const theirs = await sdk((done) => new cs.PaymentsApi(config(), new cs.ApiClient()).createPayment(body, done));
    const mine = await ours(
      "authorize",
      {
        merchantTransactionId: "order-1001",
        amount: { minorAmount: 10221, currency: "USD" },
        paymentMethod: { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2031", cvc: "123" } },
        captureMethod: "manual",
        customer: { email: "jane@example.com" },
        billingAddress: { firstName: "Jane", lastName: "Doe", line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
      },
      theirs.headers.date!,
    );
    compare(theirs, mine);
    knownToSdkModel("CreatePaymentRequest", mine);
  });

  it("authorize with the risk fields: shipTo, deviceInformation (IP and browser), merchant descriptor, Mastercard card.type", async () => {
    const body = {
      clientReferenceInformation: { code: "order-1003" },
      processingInformation: { capture: true, commerceIndicator: "internet" },
      paymentInformation: { card: { number: "5555555555554444", expirationMonth: "03", expirationYear: "2030", type: "002" } },
      orderInformation: {
        amountDetails: { totalAmount: "25.00", currency: "USD" },
        billTo: BILL_TO,
        shipTo: { firstName: "John", lastName: "Roe", address1: "2 Mission St", address2: "Apt 4", locality: "San Francisco", administrativeArea: "CA", postalCode: "94105", country: "US" },
      },
      deviceInformation: {
        ipAddress: "203.0.113.7",
        userAgentBrowserValue: "Mozilla/5.0",
        httpAcceptBrowserValue: "text/html",
        httpBrowserLanguage: "en-US",
        httpBrowserJavaEnabled: false,
        httpBrowserJavaScriptEnabled: true,
        httpBrowserColorDepth: "24",
        httpBrowserScreenHeight: "1080",
        httpBrowserScreenWidth: "1920",
        httpBrowserTimeDifference: "-60",
      },
      merchantInformation: { merchantDescriptor: { name: "ACME WIDGETS" } },
    };
    const theirs = await sdk((done) => new cs.PaymentsApi(config(), new cs.ApiClient()).createPayment(body, done));
    const mine = await ours(
      "authorize",
      {
        merchantTransactionId: "order-1003",
        amount: { minorAmount: 2500, currency: "USD" },
        paymentMethod: { type: "card", card: { number: "5555555555554444", expMonth: "03", expYear: "2030" } },
        customer: { email: "jane@example.com" },
        billingAddress: UNIFIED_ADDRESS,
        shippingAddress: { firstName: "John", lastName: "Roe", line1: "2 Mission St", line2: "Apt 4", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
        browserInfo: { ipAddress: "203.0.113.7", userAgent: "Mozilla/5.0", acceptHeader: "text/html", language: "en-US", colorDepth: 24, screenHeight: 1080, screenWidth: 1920, timeZoneOffset: -60, javaEnabled: false, javascriptEnabled: true },
        statementDescriptor: "ACME WIDGETS",
      },
      theirs.headers.date!,
    );
    compare(theirs, mine);
    knownToSdkModel("CreatePaymentRequest", mine);
  });

  it("authorize with a Flex transient token (tokenInformation.transientTokenJwt, no card)", async () => {
    const jwt = "eyJraWQiOiIwOHZTM0xlZyIsImFsZyI6IlJTMjU2In0.eyJpc3MiOiJGbGV4LzA4In0.c2lnbmF0dXJl";
    const body = {
      clientReferenceInformation: { code: "order-1004" },
      processingInformation: { capture: false, commerceIndicator: "internet" },
      orderInformation: { amountDetails: { totalAmount: "10.00", currency: "USD" }, billTo: BILL_TO },
      tokenInformation: { transientTokenJwt: jwt },
    };
    const theirs = await sdk((done) => new cs.PaymentsApi(config(), new cs.ApiClient()).createPayment(body, done));
    const mine = await ours(
      "authorize",
      {
        merchantTransactionId: "order-1004",
        amount: { minorAmount: 1000, currency: "USD" },
        paymentMethod: { type: "token", token: { value: jwt } },
        captureMethod: "manual",
        customer: { email: "jane@example.com" },
        billingAddress: UNIFIED_ADDRESS,
      },
      theirs.headers.date!,
    );
    compare(theirs, mine);
    knownToSdkModel("CreatePaymentRequest", mine);
  });

  it("authorize, ACH (bankDebit ach): Process an eCheck Debit (paymentInformation.bank, paymentType check, SEC code WEB)", async () => {
    // The eCheck debit of Cybersource's official samples (cybersource-rest-samples, Payments/
    // ElectronicCheckDebits) and its REST eCheck guide: account type C (checking), the account and
    // routing numbers, payment type "check", an internet entry (bankTransferOptions.secCode WEB, the
    // SDK model's field), no capture flag (a debit settles by itself).
    const body = {
      clientReferenceInformation: { code: "TC123" },
      processingInformation: { commerceIndicator: "internet", bankTransferOptions: { secCode: "WEB" } },
      paymentInformation: { bank: { account: { type: "C", number: "12345678901234567" }, routingNumber: "071923284" }, paymentType: { name: "check" } },
      orderInformation: {
        amountDetails: { totalAmount: "12.00", currency: "USD" },
        billTo: { firstName: "Jane", lastName: "Doe", address1: "112 12 Ave", locality: "Bellevue", administrativeArea: "WA", postalCode: "98004", country: "US", email: "jane@example.com", phoneNumber: "2053040804" },
      },
    };
    const theirs = await sdk((done) => new cs.PaymentsApi(config(), new cs.ApiClient()).createPayment(body, done));
    const mine = await ours(
      "authorize",
      {
        merchantTransactionId: "TC123",
        amount: { minorAmount: 1200, currency: "USD" },
        paymentMethod: { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "Jane Doe", accountNumber: "12345678901234567", routingNumber: "071923284", accountType: "checking" } },
        customer: { email: "jane@example.com", phone: "2053040804" },
        billingAddress: { firstName: "Jane", lastName: "Doe", line1: "112 12 Ave", city: "Bellevue", state: "WA", postalCode: "98004", country: "US" },
      },
      theirs.headers.date!,
    );
    compare(theirs, mine);
    knownToSdkModel("CreatePaymentRequest", mine);
  });

  it("capture: Capture a Payment (partial)", async () => {
    const body = { clientReferenceInformation: { code: "order-1001" }, orderInformation: { amountDetails: { totalAmount: "50.00", currency: "USD" } } };
    const theirs = await sdk((done) => new cs.CaptureApi(config(), new cs.ApiClient()).capturePayment(body, PAYMENT_ID, done));
    const mine = await ours(
      "capture",
      { connectorTransactionId: PAYMENT_ID, merchantTransactionId: "order-1001", amountToCapture: { minorAmount: 5000, currency: "USD" } },
      theirs.headers.date!,
    );
    compare(theirs, mine);
    knownToSdkModel("CapturePaymentRequest", mine);
  });

  it("void: Process an Authorization Reversal", async () => {
    const body = { clientReferenceInformation: { code: "order-1001" }, reversalInformation: { amountDetails: { totalAmount: "102.21", currency: "USD" }, reason: "customer cancelled" } };
    const theirs = await sdk((done) => new cs.ReversalApi(config(), new cs.ApiClient()).authReversal(PAYMENT_ID, body, done));
    const mine = await ours(
      "void",
      { connectorTransactionId: PAYMENT_ID, merchantTransactionId: "order-1001", amount: { minorAmount: 10221, currency: "USD" }, reason: "customer cancelled" },
      theirs.headers.date!,
    );
    compare(theirs, mine);
    knownToSdkModel("AuthReversalRequest", mine);
  });

  it("refund: Refund a Payment (partial)", async () => {
    const body = { clientReferenceInformation: { code: "refund-1" }, orderInformation: { amountDetails: { totalAmount: "10.00", currency: "USD" } } };
    const theirs = await sdk((done) => new cs.RefundApi(config(), new cs.ApiClient()).refundPayment(body, PAYMENT_ID, done));
    const mine = await ours(
      "refund",
      { connectorTransactionId: PAYMENT_ID, merchantRefundId: "refund-1", refundAmount: { minorAmount: 1000, currency: "USD" } },
      theirs.headers.date!,
    );
    compare(theirs, mine);
    knownToSdkModel("RefundPaymentRequest", mine);
  });

  it("psync and rsync: Retrieve a Transaction", async () => {
    const payment = await sdk((done) => new cs.TransactionDetailsApi(config(), new cs.ApiClient()).getTransaction(PAYMENT_ID, done));
    compare(payment, await ours("psync", { connectorTransactionId: PAYMENT_ID }, payment.headers.date!));
    const refund = await sdk((done) => new cs.TransactionDetailsApi(config(), new cs.ApiClient()).getTransaction(REFUND_ID, done));
    compare(refund, await ours("rsync", { connectorTransactionId: PAYMENT_ID, connectorRefundId: REFUND_ID }, refund.headers.date!));
  });

  const BILL_TO = { firstName: "Jane", lastName: "Doe", address1: "1 Market St", locality: "San Francisco", administrativeArea: "CA", postalCode: "94105", country: "US", email: "jane@example.com" };
  const UNIFIED_ADDRESS = { firstName: "Jane", lastName: "Doe", line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" };
  const UNIFIED_CARD = { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2031", cvc: "123" } };

  it("setupMandate: Process a Payment with TOKEN_CREATE (zero amount, customer-initiated, stored on file)", async () => {
    const body = {
      clientReferenceInformation: { code: "order-1001" },
      processingInformation: {
        actionList: ["TOKEN_CREATE"],
        actionTokenTypes: ["customer", "paymentInstrument"],
        capture: false,
        commerceIndicator: "internet",
        authorizationOptions: { initiator: { type: "customer", credentialStoredOnFile: true } },
      },
      paymentInformation: { card: { number: "4111111111111111", expirationMonth: "12", expirationYear: "2031", type: "001", securityCode: "123" } },
      orderInformation: { amountDetails: { totalAmount: "0.00", currency: "USD" }, billTo: BILL_TO },
    };
    const theirs = await sdk((done) => new cs.PaymentsApi(config(), new cs.ApiClient()).createPayment(body, done));
    const mine = await ours(
      "setupMandate",
      {
        merchantTransactionId: "order-1001",
        amount: { minorAmount: 0, currency: "USD" },
        paymentMethod: UNIFIED_CARD,
        customer: { email: "jane@example.com" },
        billingAddress: UNIFIED_ADDRESS,
      },
      theirs.headers.date!,
    );
    compare(theirs, mine);
    knownToSdkModel("CreatePaymentRequest", mine);
  });

  it("setupMandate under an existing customer token: only a payment instrument, paymentInformation.customer.id", async () => {
    const body = {
      clientReferenceInformation: { code: "order-1002" },
      processingInformation: {
        actionList: ["TOKEN_CREATE"],
        actionTokenTypes: ["paymentInstrument"],
        capture: false,
        commerceIndicator: "internet",
        authorizationOptions: { initiator: { type: "customer", credentialStoredOnFile: true } },
      },
      paymentInformation: {
        card: { number: "4111111111111111", expirationMonth: "12", expirationYear: "2031", type: "001", securityCode: "123" },
        customer: { id: "28907456CBDCCBBFE063AF598E0A8A5F" },
      },
      orderInformation: { amountDetails: { totalAmount: "1.00", currency: "USD" }, billTo: BILL_TO },
    };
    const theirs = await sdk((done) => new cs.PaymentsApi(config(), new cs.ApiClient()).createPayment(body, done));
    const mine = await ours(
      "setupMandate",
      {
        merchantTransactionId: "order-1002",
        amount: { minorAmount: 100, currency: "USD" },
        paymentMethod: UNIFIED_CARD,
        customer: { email: "jane@example.com", connectorCustomerId: "28907456CBDCCBBFE063AF598E0A8A5F" },
        billingAddress: UNIFIED_ADDRESS,
      },
      theirs.headers.date!,
    );
    compare(theirs, mine);
    knownToSdkModel("CreatePaymentRequest", mine);
  });

  it("repeatPayment: Process a Payment on the TMS payment instrument, merchant-initiated (unscheduled COF)", async () => {
    const body = {
      clientReferenceInformation: { code: "order-2002" },
      processingInformation: {
        capture: true,
        commerceIndicator: "internet",
        authorizationOptions: {
          initiator: { type: "merchant", storedCredentialUsed: true, merchantInitiatedTransaction: { reason: "10", previousTransactionId: "123456789619999" } },
        },
      },
      paymentInformation: { customer: { id: "28907456CBDCCBBFE063AF598E0A8A5F" }, paymentInstrument: { id: "28906F4B4175D130E063AF598E0A1E0C" } },
      orderInformation: { amountDetails: { totalAmount: "19.99", currency: "USD" } },
    };
    const theirs = await sdk((done) => new cs.PaymentsApi(config(), new cs.ApiClient()).createPayment(body, done));
    const mine = await ours(
      "repeatPayment",
      {
        merchantTransactionId: "order-2002",
        amount: { minorAmount: 1999, currency: "USD" },
        mandateReference: "28906F4B4175D130E063AF598E0A1E0C",
        customer: { connectorCustomerId: "28907456CBDCCBBFE063AF598E0A8A5F" },
        networkTransactionId: "123456789619999",
      },
      theirs.headers.date!,
    );
    compare(theirs, mine);
    knownToSdkModel("CreatePaymentRequest", mine);
  });

  // Issue 10: the bodies below are written from the REST field reference (tokenizedCard,
  // fluidData with Apple Pay's descriptor, consumerAuthenticationInformation, the
  // merchant-initiated reason codes), then sent by the SDK and compared with ours.
  const CARD_REQUEST = {
    merchantTransactionId: "order-3001",
    amount: { minorAmount: 5000, currency: "USD" },
    captureMethod: "manual",
    customer: { email: "jane@example.com" },
    billingAddress: { firstName: "Jane", lastName: "Doe", line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
  };
  const CARD_ORDER = { amountDetails: { totalAmount: "50.00", currency: "USD" }, billTo: BILL_TO };

  const methodCases: { what: string; body: object; request: object }[] = [
    {
      what: "network token → paymentInformation.tokenizedCard (transactionType 3, cryptogram, requestorId)",
      body: {
        clientReferenceInformation: { code: "order-3001" },
        processingInformation: { capture: false, commerceIndicator: "internet" },
        paymentInformation: { tokenizedCard: { number: "4111111111111111", expirationMonth: "12", expirationYear: "2031", type: "001", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=", transactionType: "3", requestorId: "40010030273" } },
        orderInformation: CARD_ORDER,
      },
      request: { paymentMethod: { type: "networkToken", networkToken: { number: "4111111111111111", expMonth: "12", expYear: "2031", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=", tokenRequestorId: "40010030273" } } },
    },
    {
      what: "Apple Pay encrypted → paymentSolution 001 and fluidData with the Apple Pay descriptor",
      body: {
        clientReferenceInformation: { code: "order-3001" },
        processingInformation: { capture: false, commerceIndicator: "internet", paymentSolution: "001" },
        paymentInformation: { fluidData: { value: "eyJ2ZXJzaW9uIjoiRUNfdjEifQ==", descriptor: "RklEPUNPTU1PTi5BUFBMRS5JTkFQUC5QQVlNRU5U", encoding: "Base64" } },
        orderInformation: CARD_ORDER,
      },
      request: { paymentMethod: { type: "applePay", applePay: { paymentData: "eyJ2ZXJzaW9uIjoiRUNfdjEifQ==" } } },
    },
    {
      what: "Google Pay encrypted → paymentSolution 012 and fluidData.value = base64 of the token",
      body: {
        clientReferenceInformation: { code: "order-3001" },
        processingInformation: { capture: false, commerceIndicator: "internet", paymentSolution: "012" },
        paymentInformation: { fluidData: { value: Buffer.from('{"protocolVersion":"ECv2"}').toString("base64"), encoding: "Base64" } },
        orderInformation: CARD_ORDER,
      },
      request: { paymentMethod: { type: "googlePay", googlePay: { token: '{"protocolVersion":"ECv2"}' } } },
    },
    {
      what: "external 3-D Secure, Visa ECI 05 → consumerAuthenticationInformation and commerceIndicator vbv",
      body: {
        clientReferenceInformation: { code: "order-3001" },
        processingInformation: { capture: false, commerceIndicator: "vbv" },
        paymentInformation: { card: { number: "4111111111111111", expirationMonth: "12", expirationYear: "2031", type: "001" } },
        orderInformation: CARD_ORDER,
        consumerAuthenticationInformation: { cavv: "AAIBBYNoEwAAACcKhAJkdQAAAAA=", directoryServerTransactionId: "f25084f0-5b16-4c0a-ae5d-b24808a95e4b", paSpecificationVersion: "2.2.0", eciRaw: "05" },
      },
      request: {
        paymentMethod: { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2031" } },
        threeDs: { external: { version: "2.2.0", cavv: "AAIBBYNoEwAAACcKhAJkdQAAAAA=", eci: "05", dsTransactionId: "f25084f0-5b16-4c0a-ae5d-b24808a95e4b" } },
      },
    },
    {
      what: "external 3-D Secure, Mastercard ECI 02 → ucafAuthenticationData, ucafCollectionIndicator 2, commerceIndicator spa",
      body: {
        clientReferenceInformation: { code: "order-3001" },
        processingInformation: { capture: false, commerceIndicator: "spa" },
        paymentInformation: { card: { number: "5555555555554444", expirationMonth: "12", expirationYear: "2031", type: "002" } },
        orderInformation: CARD_ORDER,
        consumerAuthenticationInformation: { ucafAuthenticationData: "kAAAAAAAAAAAAAAAAAAAAAAAAAA=", ucafCollectionIndicator: "2", paSpecificationVersion: "2.1.0", eciRaw: "02" },
      },
      request: {
        paymentMethod: { type: "card", card: { number: "5555555555554444", expMonth: "12", expYear: "2031" } },
        threeDs: { external: { version: "2.1.0", cavv: "kAAAAAAAAAAAAAAAAAAAAAAAAAA=", eci: "02" } },
      },
    },
  ];
  for (const c of methodCases) {
    it(`authorize: ${c.what}`, async () => {
      const theirs = await sdk((done) => new cs.PaymentsApi(config(), new cs.ApiClient()).createPayment(c.body, done));
      const mine = await ours("authorize", { ...CARD_REQUEST, ...c.request }, theirs.headers.date!);
      compare(theirs, mine);
      knownToSdkModel("CreatePaymentRequest", mine);
    });
  }

  for (const [recurringType, reason, indicator] of [["scheduled", "7", "recurring"], ["installment", "9", "install"]] as const) {
    it(`repeatPayment, recurringType ${recurringType}: merchantInitiatedTransaction.reason ${reason}, commerceIndicator ${indicator}`, async () => {
      const body = {
        clientReferenceInformation: { code: "order-2002" },
        processingInformation: {
          capture: true,
          commerceIndicator: indicator,
          authorizationOptions: { initiator: { type: "merchant", storedCredentialUsed: true, merchantInitiatedTransaction: { reason } } },
        },
        paymentInformation: { paymentInstrument: { id: "28906F4B4175D130E063AF598E0A1E0C" } },
        orderInformation: { amountDetails: { totalAmount: "19.99", currency: "USD" } },
      };
      const theirs = await sdk((done) => new cs.PaymentsApi(config(), new cs.ApiClient()).createPayment(body, done));
      const mine = await ours(
        "repeatPayment",
        { merchantTransactionId: "order-2002", amount: { minorAmount: 1999, currency: "USD" }, mandateReference: "28906F4B4175D130E063AF598E0A1E0C", recurringType },
        theirs.headers.date!,
      );
      compare(theirs, mine);
      knownToSdkModel("CreatePaymentRequest", mine);
    });
  }

  it("createCustomer: Create a Customer (TMS, POST /tms/v2/customers)", async () => {
    const body = { buyerInformation: { merchantCustomerID: "shopper-77", email: "jane@example.com" }, clientReferenceInformation: { code: "order-1001" } };
    const theirs = await sdk((done) => new cs.CustomerApi(config(), new cs.ApiClient()).postCustomer(body, {}, done));
    const mine = await ours(
      "createCustomer",
      { customer: { id: "shopper-77", email: "jane@example.com", name: "Jane Doe" }, merchantTransactionId: "order-1001" },
      theirs.headers.date!,
    );
    compare(theirs, mine);
    knownToSdkModel("PostCustomerRequest", mine);
  });

  it("createSession: Microform Integration v2 capture context (POST /microform/v2/sessions)", async () => {
    const body = {
      clientVersion: "v2",
      targetOrigins: ["https://shop.example:8443"],
      allowedCardNetworks: ["VISA", "MASTERCARD", "AMEX", "DISCOVER", "DINERSCLUB", "JCB", "CUP", "MAESTRO"],
      allowedPaymentTypes: ["CARD"],
    };
    const theirs = await sdk((done) => new cs.MicroformIntegrationApi(config(), new cs.ApiClient()).generateCaptureContext(body, done));
    const mine = await ours(
      "createSession",
      { merchantTransactionId: "order-2001", amount: { minorAmount: 4500, currency: "USD" }, returnUrl: "https://shop.example:8443/checkout/return?order=2001", paymentMethodTypes: ["card"] },
      theirs.headers.date!,
    );
    compare(theirs, mine);
    knownToSdkModel("GenerateCaptureContextRequest", mine);
    // The answer is the JWT itself: both ask for application/jwt.
    assert.equal(theirs.headers.accept, "application/jwt");
    assert.equal(mine.headers.find((h) => h.name.toLowerCase() === "accept")?.value, "application/jwt");
  });

  describe("3-D Secure by Payer Authentication (threeDs.mode challenge on a card): one authorize per step", () => {
    const CARD_IN = { number: "4111111111111111", expMonth: "12", expYear: "2031", cvc: "123" };
    const request = (extra: Record<string, unknown> = {}) => ({
      merchantTransactionId: "order-3ds-1",
      amount: { minorAmount: 10221, currency: "USD" },
      paymentMethod: { type: "card", card: CARD_IN },
      captureMethod: "manual",
      customer: { email: "jane@example.com" },
      billingAddress: { firstName: "Jane", lastName: "Doe", line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
      returnUrl: "https://shop.example.com/3ds/return",
      threeDs: { mode: "challenge" },
      ...extra,
    });
    // The authorization of steps 2 and 3: Cybersource's "Validate Authentication Request" sample
    // (card, billTo, amount and the Payer Authentication field) on our order.
    const payment = (actionList: string[], consumerAuthenticationInformation: Record<string, string>) => ({
      clientReferenceInformation: { code: "order-3ds-1" },
      processingInformation: { actionList, capture: false, commerceIndicator: "internet" },
      paymentInformation: { card: { number: "4111111111111111", expirationMonth: "12", expirationYear: "2031", type: "001", securityCode: "123" } },
      orderInformation: {
        amountDetails: { totalAmount: "102.21", currency: "USD" },
        billTo: { firstName: "Jane", lastName: "Doe", address1: "1 Market St", locality: "San Francisco", administrativeArea: "CA", postalCode: "94105", country: "US", email: "jane@example.com" },
      },
      consumerAuthenticationInformation,
    });

    it("step 1, Setup: PayerAuthenticationApi.payerAuthSetup (POST /risk/v1/authentication-setups, the card without its security code)", async () => {
      const body = {
        clientReferenceInformation: { code: "order-3ds-1" },
        paymentInformation: { card: { type: "001", expirationMonth: "12", expirationYear: "2031", number: "4111111111111111" } },
      };
      const theirs = await sdk((done) => new cs.PayerAuthenticationApi(config(), new cs.ApiClient()).payerAuthSetup(body, done));
      assert.equal(theirs.path, "/risk/v1/authentication-setups");
      const mine = await ours("authorize", request(), theirs.headers.date!);
      compare(theirs, mine);
      knownToSdkModel("PayerAuthSetupRequest", mine);
    });

    it("step 2, enrollment check with the authorization: actionList CONSUMER_AUTHENTICATION, referenceId, returnUrl, challengeCode 04", async () => {
      const referenceId = "f13fe5e0-9b47-4ea1-a03a-ec360f4d0f9f";
      const body = payment(["CONSUMER_AUTHENTICATION"], { referenceId, returnUrl: "https://shop.example.com/3ds/return", challengeCode: "04" });
      const theirs = await sdk((done) => new cs.PaymentsApi(config(), new cs.ApiClient()).createPayment(body, done));
      const mine = await ours("authorize", request({ state: { cybersource3ds: "enroll", referenceId } }), theirs.headers.date!);
      compare(theirs, mine);
      knownToSdkModel("CreatePaymentRequest", mine);
    });

    it("step 3, validation with the authorization: actionList VALIDATE_CONSUMER_AUTHENTICATION, authenticationTransactionId", async () => {
      const authenticationTransactionId = "ZaoFJW8bnItpbqXQDbg0";
      const body = payment(["VALIDATE_CONSUMER_AUTHENTICATION"], { authenticationTransactionId });
      const theirs = await sdk((done) => new cs.PaymentsApi(config(), new cs.ApiClient()).createPayment(body, done));
      const mine = await ours("authorize", request({ state: { cybersource3ds: "validate", authenticationTransactionId } }), theirs.headers.date!);
      compare(theirs, mine);
      knownToSdkModel("CreatePaymentRequest", mine);
    });
  });

  it("the model check can fail: a field the SDK's model does not know is caught", () => {
    const invented = { url: "https://x/pts/v2/payments", method: "POST", headers: [], body: { contentType: "application/json", data: JSON.stringify({ processingInformation: { capture: false, tokenCreate: true } }), sensitive: false } };
    assert.throws(() => knownToSdkModel("CreatePaymentRequest", invented as unknown as HttpRequest), /every field is in the SDK's CreatePaymentRequest/);
  });

  it("the recipe check can fail: a changed body or secret does not verify", async () => {
    const theirs = seen.find((s) => s.method === "POST")!;
    assert.equal(signatureValid(theirs.method, theirs.path, theirs.headers, theirs.body + " "), false);
    assert.equal(signatureValid(theirs.method, "/pts/v2/other", theirs.headers, theirs.body), false);
  });
});
