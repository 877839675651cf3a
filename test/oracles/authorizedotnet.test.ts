// Authorize.Net oracles: the official Node SDK (`authorizenet`, devDependency) builds the same
// operations with its own contract classes (APIContracts, which encode AnetApiSchema.xsd's element
// order) and posts them, via controller.setEnvironment(url), to a loopback recorder. The body it
// sends is compared with the sidecar's, as JSON text: same values AND same element order (the
// JSON API is XML underneath). The SDK adds `clientId: "sdk-node-<version>"` to every request,
// which identifies the SDK; it is dropped before comparing.
//
// The recorder answers with an approved createTransactionResponse (BOM-prefixed, as Authorize.Net
// does), so the SDK's own response parsing is exercised too.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, TransformRequestParams } from "../../protocol/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const anet: any = createRequire(import.meta.url)("authorizenet");
const { APIContracts: C, APIControllers: Ctl } = anet;

const LOGIN = "5KP3u95bQpv";
const KEY = "346HZ32z3fP4hTG2";
const APPROVED =
  "\ufeff" +
  JSON.stringify({
    transactionResponse: { responseCode: "1", authCode: "HH5414", transId: "40000000001", accountNumber: "XXXX1111", accountType: "Visa", messages: [{ code: "1", description: "This transaction has been approved." }] },
    messages: { resultCode: "Ok", message: [{ code: "I00001", text: "Successful." }] },
  });

// The API reference's createCustomerProfileResponse / createCustomerPaymentProfileResponse shapes.
const PROFILE_CREATED =
  "\ufeff" +
  JSON.stringify({ customerProfileId: "190178", customerPaymentProfileIdList: ["157497"], customerShippingAddressIdList: [], validationDirectResponseList: [], messages: { resultCode: "Ok", message: [{ code: "I00001", text: "Successful." }] } });
const PAYMENT_PROFILE_CREATED =
  "\ufeff" + JSON.stringify({ customerProfileId: "190178", customerPaymentProfileId: "157500", messages: { resultCode: "Ok", message: [{ code: "I00001", text: "Successful." }] } });

// The API reference's getHostedPaymentPageResponse shape: the form token, then messages.
const HOSTED_TOKEN = "Bu1AnsCNTn8yHwQWXBpwGhtGcYu0Qd0t4qhq4rQvvlBwYsIvh5dWvVsh3KNyZQhb9XatsHNmQ3qQ1GmSlyQjQRgdBYwNrp3qdcqiiwfpYRdHsFRjsSlAtZKPR4PIwhSI+1Z6Ti3tRPv1j7PK+Sd2OJyhHtEXampleFormToken0000=";
const HOSTED_PAGE = "\ufeff" + JSON.stringify({ token: HOSTED_TOKEN, messages: { resultCode: "Ok", message: [{ code: "I00001", text: "Successful." }] } });

// The API reference's PayPal Authorization Only answer: responseCode 5, "Need payer consent",
// with PayPal's page for the payer in secureAcceptance.SecureAcceptanceUrl.
const PAYPAL_PAGE = "https://www.sandbox.paypal.com/cgi-bin/webscr?cmd=_express-checkout&token=EC-C506B0LGTG2J800OK";
const PAYER_CONSENT =
  "\ufeff" +
  JSON.stringify({
    transactionResponse: { responseCode: "5", rawResponseCode: "0", transId: "2149186954", refTransID: "", transHash: "A719785EE9752530FDCE67695E9A56EE", accountType: "PayPal", messages: [{ code: "2000", description: "Need payer consent." }], secureAcceptance: { SecureAcceptanceUrl: PAYPAL_PAGE } },
    messages: { resultCode: "Ok", message: [{ code: "I00001", text: "Successful." }] },
  });

interface Recorder {
  url: string;
  bodies: string[];
  close(): Promise<void>;
}

async function recorder(): Promise<Recorder> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      bodies.push(text);
      const answer = text.includes('"payPal":{"successUrl"') ? PAYER_CONSENT : text.startsWith('{"createCustomerProfileRequest"') ? PROFILE_CREATED : text.startsWith('{"createCustomerPaymentProfileRequest"') ? PAYMENT_PROFILE_CREATED : text.startsWith('{"getHostedPaymentPageRequest"') ? HOSTED_PAGE : APPROVED;
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8" }).end(answer);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/xml/v1/request.api`, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

function merchant() {
  const m = new C.MerchantAuthenticationType();
  m.setName(LOGIN);
  m.setTransactionKey(KEY);
  return m;
}

/** Runs an SDK controller against the recorder; resolves with the body it sent (clientId dropped). */
async function sdkSend(rec: Recorder, controller: { setEnvironment(u: string): void; execute(cb: () => void): void; getResponse(): unknown; getError(): unknown }): Promise<{ text: string; response: unknown }> {
  const before = rec.bodies.length;
  controller.setEnvironment(rec.url);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`SDK call did not complete: ${String(controller.getError())}`)), 5000);
    controller.execute(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  const sent = JSON.parse(rec.bodies[before]) as Record<string, Record<string, unknown>>;
  const [name] = Object.keys(sent);
  assert.equal(sent[name].clientId, `sdk-node-${(createRequire(import.meta.url)("authorizenet/package.json") as { version: string }).version}`);
  delete sent[name].clientId;
  return { text: JSON.stringify(sent), response: controller.getResponse() };
}

describe("authorizedotnet oracles: the official authorizenet SDK sends the same bodies, in the same order", function () {
  let pool: SidecarPool;
  let rec: Recorder;
  before(async () => {
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
    rec = await recorder();
  });
  after(async () => {
    await pool?.close();
    await rec?.close();
  });

  async function ours(flow: TransformRequestParams["flow"], request: unknown): Promise<HttpRequest> {
    return pool.transformRequest({ connector: "authorizedotnet", flow, auth: { apiLoginId: LOGIN, transactionKey: KEY }, request, options: { baseUrl: rec.url } } as TransformRequestParams);
  }

  it("authorize (authOnly with card, order, customer, billTo, shipTo)", async () => {
    const unified = {
      merchantTransactionId: "order-5001",
      amount: { minorAmount: 1099, currency: "USD" },
      paymentMethod: { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2030", cvc: "123" } },
      captureMethod: "manual",
      customer: { id: "cust-99", email: "ellen@example.com", phone: "5550100" },
      billingAddress: { firstName: "Ellen", lastName: "Johnson", line1: "14 Main Street", city: "Pecan Springs", state: "TX", postalCode: "44628", country: "US" },
      shippingAddress: { firstName: "China", lastName: "Bayles", line1: "12 Main Street", city: "Pecan Springs", state: "TX", postalCode: "44628", country: "US" },
      description: "Order 5001",
      idempotencyKey: "idem-5001",
    };
    const card = new C.CreditCardType();
    card.setCardNumber("4111111111111111");
    card.setExpirationDate("2030-12");
    card.setCardCode("123");
    const payment = new C.PaymentType();
    payment.setCreditCard(card);
    const order = new C.OrderType();
    order.setInvoiceNumber("order-5001");
    order.setDescription("Order 5001");
    const customer = new C.CustomerDataType();
    customer.setId("cust-99");
    customer.setEmail("ellen@example.com");
    const billTo = new C.CustomerAddressType();
    billTo.setFirstName("Ellen");
    billTo.setLastName("Johnson");
    billTo.setAddress("14 Main Street");
    billTo.setCity("Pecan Springs");
    billTo.setState("TX");
    billTo.setZip("44628");
    billTo.setCountry("US");
    billTo.setPhoneNumber("5550100");
    const shipTo = new C.NameAndAddressType();
    shipTo.setFirstName("China");
    shipTo.setLastName("Bayles");
    shipTo.setAddress("12 Main Street");
    shipTo.setCity("Pecan Springs");
    shipTo.setState("TX");
    shipTo.setZip("44628");
    shipTo.setCountry("US");
    const tr = new C.TransactionRequestType();
    tr.setTransactionType(C.TransactionTypeEnum.AUTHONLYTRANSACTION);
    tr.setAmount("10.99");
    tr.setCurrencyCode("USD");
    tr.setPayment(payment);
    tr.setOrder(order);
    tr.setCustomer(customer);
    tr.setBillTo(billTo);
    tr.setShipTo(shipTo);
    const req = new C.CreateTransactionRequest();
    req.setMerchantAuthentication(merchant());
    req.setRefId("idem-5001");
    req.setTransactionRequest(tr);
    const sdk = await sdkSend(rec, new Ctl.CreateTransactionController(req.getJSON()));

    const mine = await ours("authorize", unified);
    assert.equal(mine.method, "POST");
    assert.equal(mine.url, rec.url);
    assert.equal(mine.body?.sensitive, true);
    assert.equal(mine.body?.data, sdk.text);
    // The SDK read the BOM-prefixed answer as we do.
    const parsed = new C.CreateTransactionResponse(sdk.response);
    assert.equal(parsed.getTransactionResponse().getResponseCode(), "1");
  });

  it("authorize (authCapture, minimal)", async () => {
    const card = new C.CreditCardType();
    card.setCardNumber("4111111111111111");
    card.setExpirationDate("2031-01");
    const payment = new C.PaymentType();
    payment.setCreditCard(card);
    const order = new C.OrderType();
    order.setInvoiceNumber("o-1");
    const tr = new C.TransactionRequestType();
    tr.setTransactionType(C.TransactionTypeEnum.AUTHCAPTURETRANSACTION);
    tr.setAmount("1500");
    tr.setCurrencyCode("JPY");
    tr.setPayment(payment);
    tr.setOrder(order);
    const req = new C.CreateTransactionRequest();
    req.setMerchantAuthentication(merchant());
    req.setTransactionRequest(tr);
    const sdk = await sdkSend(rec, new Ctl.CreateTransactionController(req.getJSON()));
    const mine = await ours("authorize", {
      merchantTransactionId: "o-1",
      amount: { minorAmount: 1500, currency: "JPY" },
      paymentMethod: { type: "card", card: { number: "4111111111111111", expMonth: "01", expYear: "2031" } },
    });
    assert.equal(mine.body?.data, sdk.text);
  });

  it("authorize with an Accept.js nonce (payment.opaqueData COMMON.ACCEPT.INAPP.PAYMENT)", async () => {
    const nonce = "eyJjb2RlIjoiNTBfMl8wNjAwMDUzRkQ2QjU4MDc0MTZGMTVGOTUwNzQ1MTMyQjg3Q0M0Mjk4MEQxMTJBRjU1RjQ4MzQ2OTM3RkY2QzcwNTM4RDM4NjNBNjg0MjJCOTg5RTMwOThDQ0FEODI5MzgxMEUxRTBGIiwidG9rZW4iOiI5NDcxNDcxNTcwOTU5MDYzMDA1MDAxIiwidiI6IjEuMSJ9";
    const opaque = new C.OpaqueDataType();
    opaque.setDataDescriptor("COMMON.ACCEPT.INAPP.PAYMENT");
    opaque.setDataValue(nonce);
    const payment = new C.PaymentType();
    payment.setOpaqueData(opaque);
    const order = new C.OrderType();
    order.setInvoiceNumber("o-2");
    const tr = new C.TransactionRequestType();
    tr.setTransactionType(C.TransactionTypeEnum.AUTHONLYTRANSACTION);
    tr.setAmount("12.50");
    tr.setCurrencyCode("USD");
    tr.setPayment(payment);
    tr.setOrder(order);
    const req = new C.CreateTransactionRequest();
    req.setMerchantAuthentication(merchant());
    req.setTransactionRequest(tr);
    const sdk = await sdkSend(rec, new Ctl.CreateTransactionController(req.getJSON()));
    const mine = await ours("authorize", {
      merchantTransactionId: "o-2",
      amount: { minorAmount: 1250, currency: "USD" },
      paymentMethod: { type: "token", token: { value: nonce } },
      captureMethod: "manual",
    });
    assert.equal(mine.body?.sensitive, true);
    assert.equal(mine.body?.data, sdk.text);
  });

  it("capture (priorAuthCapture, partial), void, refund", async () => {
    const cap = new C.TransactionRequestType();
    cap.setTransactionType(C.TransactionTypeEnum.PRIORAUTHCAPTURETRANSACTION);
    cap.setAmount("5.00");
    cap.setRefTransId("40000000001");
    const capReq = new C.CreateTransactionRequest();
    capReq.setMerchantAuthentication(merchant());
    capReq.setRefId("cap-1");
    capReq.setTransactionRequest(cap);
    const capSdk = await sdkSend(rec, new Ctl.CreateTransactionController(capReq.getJSON()));
    const capMine = await ours("capture", { connectorTransactionId: "40000000001", amountToCapture: { minorAmount: 500, currency: "USD" }, idempotencyKey: "cap-1" });
    assert.equal(capMine.body?.data, capSdk.text);

    const v = new C.TransactionRequestType();
    v.setTransactionType(C.TransactionTypeEnum.VOIDTRANSACTION);
    v.setRefTransId("40000000001");
    const vReq = new C.CreateTransactionRequest();
    vReq.setMerchantAuthentication(merchant());
    vReq.setTransactionRequest(v);
    const vSdk = await sdkSend(rec, new Ctl.CreateTransactionController(vReq.getJSON()));
    assert.equal((await ours("void", { connectorTransactionId: "40000000001" })).body?.data, vSdk.text);

    const card = new C.CreditCardType();
    card.setCardNumber("1111");
    card.setExpirationDate("XXXX");
    const payment = new C.PaymentType();
    payment.setCreditCard(card);
    const order = new C.OrderType();
    order.setInvoiceNumber("rf-1");
    const r = new C.TransactionRequestType();
    r.setTransactionType(C.TransactionTypeEnum.REFUNDTRANSACTION);
    r.setAmount("3.00");
    r.setPayment(payment);
    r.setRefTransId("40000000001");
    r.setOrder(order);
    const rReq = new C.CreateTransactionRequest();
    rReq.setMerchantAuthentication(merchant());
    rReq.setTransactionRequest(r);
    const rSdk = await sdkSend(rec, new Ctl.CreateTransactionController(rReq.getJSON()));
    const rMine = await ours("refund", {
      connectorTransactionId: "40000000001",
      merchantRefundId: "rf-1",
      refundAmount: { minorAmount: 300, currency: "USD" },
      state: { cardLastFour: "1111" },
    });
    assert.equal(rMine.body?.data, rSdk.text);
  });

  it("PayPal Express Checkout: authOnly with payPal {successUrl, cancelUrl}; the SDK and we read the same SecureAcceptanceUrl and transId", async () => {
    const returnUrl = "https://shop.example.com/checkout/return?order=5001";
    const payPal = new C.PayPalType();
    payPal.setSuccessUrl(returnUrl);
    payPal.setCancelUrl(returnUrl);
    const payment = new C.PaymentType();
    payment.setPayPal(payPal);
    const order = new C.OrderType();
    order.setInvoiceNumber("order-5001");
    order.setDescription("Order 5001");
    const tr = new C.TransactionRequestType();
    tr.setTransactionType(C.TransactionTypeEnum.AUTHONLYTRANSACTION);
    tr.setAmount("10.99");
    tr.setCurrencyCode("USD");
    tr.setPayment(payment);
    tr.setOrder(order);
    const req = new C.CreateTransactionRequest();
    req.setMerchantAuthentication(merchant());
    req.setRefId("idem-5001");
    req.setTransactionRequest(tr);
    const sdk = await sdkSend(rec, new Ctl.CreateTransactionController(req.getJSON()));
    assert.match(sdk.text, /"payment":\{"payPal":\{"successUrl"/, "the recorder answered the PayPal call with payer consent");

    const unified = {
      merchantTransactionId: "order-5001",
      amount: { minorAmount: 1099, currency: "USD" },
      paymentMethod: { type: "paypal" },
      captureMethod: "manual",
      returnUrl,
      description: "Order 5001",
      idempotencyKey: "idem-5001",
    };
    const mine = await ours("authorize", unified);
    assert.equal(mine.body?.data, sdk.text);

    // Both read the same answer: the SDK's contract classes and our result.
    const parsed = new C.CreateTransactionResponse(sdk.response).getTransactionResponse();
    assert.equal(parsed.getResponseCode(), "5");
    const result = (await pool.transformResponse({
      connector: "authorizedotnet",
      flow: "authorize",
      auth: { apiLoginId: LOGIN, transactionKey: KEY },
      request: unified,
      response: { status: 200, headers: [], body: PAYER_CONSENT },
    } as never)) as { status: string; connectorTransactionId?: string; redirection?: { url: string; method: string } };
    assert.equal(result.status, "authentication_pending");
    assert.equal(result.connectorTransactionId, parsed.getTransId());
    assert.equal(result.redirection?.url, parsed.getSecureAcceptance().getSecureAcceptanceUrl());
    assert.equal(result.redirection?.method, "GET");
  });

  it("PayPal Express Checkout: authOnlyContinue and authCaptureContinue with payPal.payerID and refTransId; the refund by refTransId alone", async () => {
    for (const [captureMethod, type, amount] of [
      ["manual", C.TransactionTypeEnum.AUTHONLYCONTINUETRANSACTION, undefined],
      ["automatic", C.TransactionTypeEnum.AUTHCAPTURECONTINUETRANSACTION, "12.50"],
    ] as const) {
      const payPal = new C.PayPalType();
      payPal.setPayerID("S6D5ETGSVYX94");
      const payment = new C.PaymentType();
      payment.setPayPal(payPal);
      const tr = new C.TransactionRequestType();
      tr.setTransactionType(type);
      if (amount) tr.setAmount(amount);
      tr.setPayment(payment);
      tr.setRefTransId("2149186954");
      const req = new C.CreateTransactionRequest();
      req.setMerchantAuthentication(merchant());
      req.setRefId("idem-continue");
      req.setTransactionRequest(tr);
      const sdk = await sdkSend(rec, new Ctl.CreateTransactionController(req.getJSON()));
      const mine = await ours("completeAuthorize", {
        connectorTransactionId: "2149186954",
        captureMethod,
        ...(amount ? { amount: { minorAmount: 1250, currency: "USD" } } : {}),
        redirectPayload: { token: "EC-C506B0LGTG2J800OK", PayerID: "S6D5ETGSVYX94" },
        state: { accountType: "PayPal", captureMethod },
        idempotencyKey: "idem-continue",
      });
      assert.equal(mine.body?.sensitive, true);
      assert.equal(mine.body?.data, sdk.text, captureMethod);
    }

    const order = new C.OrderType();
    order.setInvoiceNumber("rf-pp-1");
    const r = new C.TransactionRequestType();
    r.setTransactionType(C.TransactionTypeEnum.REFUNDTRANSACTION);
    r.setAmount("3.00");
    r.setRefTransId("2149186954");
    r.setOrder(order);
    const rReq = new C.CreateTransactionRequest();
    rReq.setMerchantAuthentication(merchant());
    rReq.setTransactionRequest(r);
    const rSdk = await sdkSend(rec, new Ctl.CreateTransactionController(rReq.getJSON()));
    const rMine = await ours("refund", { connectorTransactionId: "2149186954", merchantRefundId: "rf-pp-1", refundAmount: { minorAmount: 300, currency: "USD" }, state: { accountType: "PayPal" } });
    assert.equal(rMine.body?.data, rSdk.text);
  });

  it("psync and rsync (getTransactionDetails)", async () => {
    const req = new C.GetTransactionDetailsRequest();
    req.setMerchantAuthentication(merchant());
    req.setTransId("40000000009");
    const sdk = await sdkSend(rec, new Ctl.GetTransactionDetailsController(req.getJSON()));
    assert.equal((await ours("psync", { connectorTransactionId: "40000000009" })).body?.data, sdk.text);
    assert.equal((await ours("rsync", { connectorTransactionId: "40000000001", connectorRefundId: "40000000009" })).body?.data, sdk.text);
  });

  function sdkCard(number: string, expiry: string, code?: string) {
    const card = new C.CreditCardType();
    card.setCardNumber(number);
    card.setExpirationDate(expiry);
    if (code) card.setCardCode(code);
    const payment = new C.PaymentType();
    payment.setCreditCard(card);
    return payment;
  }

  it("createCustomer (createCustomerProfileRequest, profile without payment profiles)", async () => {
    const profile = new C.CustomerProfileType();
    profile.setMerchantCustomerId("cust-99");
    profile.setDescription("VIP");
    profile.setEmail("ellen@example.com");
    const req = new C.CreateCustomerProfileRequest();
    req.setMerchantAuthentication(merchant());
    req.setRefId("k-1:customer");
    req.setProfile(profile);
    const sdk = await sdkSend(rec, new Ctl.CreateCustomerProfileController(req.getJSON()));
    const mine = await ours("createCustomer", { customer: { id: "cust-99", email: "ellen@example.com" }, description: "VIP", idempotencyKey: "k-1" });
    assert.equal(mine.body?.sensitive, true);
    assert.equal(mine.body?.data, sdk.text);
    // The SDK reads the answer we read: the profile id.
    assert.equal(new C.CreateCustomerProfileResponse(sdk.response).getCustomerProfileId(), "190178");
  });

  it("setupMandate without a customer profile (createCustomerProfileRequest with the card, validationMode liveMode)", async () => {
    const billTo = new C.CustomerAddressType();
    billTo.setFirstName("Ellen");
    billTo.setLastName("Johnson");
    billTo.setAddress("14 Main Street");
    billTo.setCity("Pecan Springs");
    billTo.setState("TX");
    billTo.setZip("44628");
    billTo.setCountry("US");
    billTo.setPhoneNumber("5550100");
    const paymentProfile = new C.CustomerPaymentProfileType();
    paymentProfile.setBillTo(billTo);
    paymentProfile.setPayment(sdkCard("4111111111111111", "2030-12", "123"));
    const profile = new C.CustomerProfileType();
    profile.setMerchantCustomerId("cust-99");
    profile.setDescription("Ellen's card");
    profile.setEmail("ellen@example.com");
    profile.setPaymentProfiles([paymentProfile]);
    const req = new C.CreateCustomerProfileRequest();
    req.setMerchantAuthentication(merchant());
    req.setRefId("idem-setup-1");
    req.setProfile(profile);
    req.setValidationMode(C.ValidationModeEnum.LIVEMODE);
    const sdk = await sdkSend(rec, new Ctl.CreateCustomerProfileController(req.getJSON()));
    const mine = await ours("setupMandate", {
      merchantTransactionId: "setup-1",
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2030", cvc: "123" } },
      customer: { id: "cust-99", email: "ellen@example.com", phone: "5550100" },
      billingAddress: { firstName: "Ellen", lastName: "Johnson", line1: "14 Main Street", city: "Pecan Springs", state: "TX", postalCode: "44628", country: "US" },
      description: "Ellen's card",
      idempotencyKey: "idem-setup-1",
    });
    assert.equal(mine.body?.data, sdk.text);
    const parsed = new C.CreateCustomerProfileResponse(sdk.response);
    assert.equal(parsed.getCustomerProfileId(), "190178");
    assert.deepEqual(parsed.getCustomerPaymentProfileIdList().getNumericString().map(String), ["157497"]);
  });

  it("setupMandate under an existing profile (createCustomerPaymentProfileRequest, state.validationMode testMode)", async () => {
    const paymentProfile = new C.CustomerPaymentProfileType();
    paymentProfile.setPayment(sdkCard("5424000000000015", "2031-01"));
    const req = new C.CreateCustomerPaymentProfileRequest();
    req.setMerchantAuthentication(merchant());
    req.setCustomerProfileId("190178");
    req.setPaymentProfile(paymentProfile);
    req.setValidationMode(C.ValidationModeEnum.TESTMODE);
    const sdk = await sdkSend(rec, new Ctl.CreateCustomerPaymentProfileController(req.getJSON()));
    const mine = await ours("setupMandate", {
      merchantTransactionId: "setup-2",
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "card", card: { number: "5424000000000015", expMonth: "01", expYear: "2031" } },
      customer: { connectorCustomerId: "190178" },
      state: { validationMode: "testMode" },
    });
    assert.equal(mine.body?.data, sdk.text);
    assert.equal(new C.CreateCustomerPaymentProfileResponse(sdk.response).getCustomerPaymentProfileId(), "157500");
  });

  it("repeatPayment (profile transaction, merchant-initiated: processingOptions, subsequentAuthInformation)", async () => {
    const paymentProfile = new C.PaymentProfile();
    paymentProfile.setPaymentProfileId("157497");
    const profile = new C.CustomerProfilePaymentType();
    profile.setCustomerProfileId("190178");
    profile.setPaymentProfile(paymentProfile);
    const order = new C.OrderType();
    order.setInvoiceNumber("sub-2026-11");
    order.setDescription("November");
    const processing = new C.ProcessingOptions();
    processing.setIsSubsequentAuth("true");
    const subsequent = new C.SubsequentAuthInformation();
    subsequent.setOriginalNetworkTransId("123456789NNNH");
    const tr = new C.TransactionRequestType();
    tr.setTransactionType(C.TransactionTypeEnum.AUTHCAPTURETRANSACTION);
    tr.setAmount("45.00");
    tr.setCurrencyCode("USD");
    tr.setProfile(profile);
    tr.setOrder(order);
    tr.setProcessingOptions(processing);
    tr.setSubsequentAuthInformation(subsequent);
    const req = new C.CreateTransactionRequest();
    req.setMerchantAuthentication(merchant());
    req.setRefId("idem-sub-11");
    req.setTransactionRequest(tr);
    const sdk = await sdkSend(rec, new Ctl.CreateTransactionController(req.getJSON()));
    const mine = await ours("repeatPayment", {
      merchantTransactionId: "sub-2026-11",
      amount: { minorAmount: 4500, currency: "USD" },
      mandateReference: "157497",
      customer: { connectorCustomerId: "190178" },
      networkTransactionId: "123456789NNNH",
      description: "November",
      idempotencyKey: "idem-sub-11",
    });
    assert.equal(mine.body?.data, sdk.text);

    // Manual capture, no network id: authOnly, no subsequentAuthInformation.
    const tr2 = new C.TransactionRequestType();
    tr2.setTransactionType(C.TransactionTypeEnum.AUTHONLYTRANSACTION);
    tr2.setAmount("1.00");
    tr2.setCurrencyCode("USD");
    tr2.setProfile(profile);
    const order2 = new C.OrderType();
    order2.setInvoiceNumber("sub-2");
    tr2.setOrder(order2);
    tr2.setProcessingOptions(processing);
    const req2 = new C.CreateTransactionRequest();
    req2.setMerchantAuthentication(merchant());
    req2.setTransactionRequest(tr2);
    const sdk2 = await sdkSend(rec, new Ctl.CreateTransactionController(req2.getJSON()));
    const mine2 = await ours("repeatPayment", { merchantTransactionId: "sub-2", amount: { minorAmount: 100, currency: "USD" }, mandateReference: "157497", customer: { connectorCustomerId: "190178" }, captureMethod: "manual" });
    assert.equal(mine2.body?.data, sdk2.text);
  });

  // Issue 10: wallets, network tokens, eCheck.Net, external 3-D Secure and recurring billing,
  // each built with the SDK's own contracts (element order included) and compared byte for byte.
  function saleOf(payment: unknown, invoice: string, extra: (tr: any) => void = () => {}) {
    const order = new C.OrderType();
    order.setInvoiceNumber(invoice);
    const tr = new C.TransactionRequestType();
    tr.setTransactionType(C.TransactionTypeEnum.AUTHCAPTURETRANSACTION);
    tr.setAmount("20.00");
    tr.setCurrencyCode("USD");
    tr.setPayment(payment);
    tr.setOrder(order);
    extra(tr);
    const req = new C.CreateTransactionRequest();
    req.setMerchantAuthentication(merchant());
    req.setTransactionRequest(tr);
    return new Ctl.CreateTransactionController(req.getJSON());
  }
  const sale = (invoice: string, paymentMethod: unknown, more: object = {}) =>
    ours("authorize", { merchantTransactionId: invoice, amount: { minorAmount: 2000, currency: "USD" }, paymentMethod, captureMethod: "automatic", ...more });

  it("Apple Pay and Google Pay as opaqueData (COMMON.APPLE.INAPP.PAYMENT, COMMON.GOOGLE.INAPP.PAYMENT)", async () => {
    const paymentData = Buffer.from('{"version":"EC_v1","data":"abc"}').toString("base64");
    for (const [descriptor, value, method] of [
      ["COMMON.APPLE.INAPP.PAYMENT", paymentData, { type: "applePay", applePay: { paymentData } }],
      ["COMMON.GOOGLE.INAPP.PAYMENT", Buffer.from('{"protocolVersion":"ECv2"}').toString("base64"), { type: "googlePay", googlePay: { token: '{"protocolVersion":"ECv2"}' } }],
    ] as const) {
      const opaque = new C.OpaqueDataType();
      opaque.setDataDescriptor(descriptor);
      opaque.setDataValue(value);
      const payment = new C.PaymentType();
      payment.setOpaqueData(opaque);
      const sdk = await sdkSend(rec, saleOf(payment, "w-1"));
      assert.equal((await sale("w-1", method)).body?.data, sdk.text, descriptor);
    }
  });

  it("a network token as creditCard with isPaymentToken and cryptogram; eCheck.Net as bankAccount (WEB)", async () => {
    const card = new C.CreditCardType();
    card.setCardNumber("4111111111111111");
    card.setExpirationDate("2031-12");
    card.setIsPaymentToken("true");
    card.setCryptogram("AgAAAAAABk4DWZ4C28yUQAAAAAA=");
    card.setTokenRequestorId("40010030273");
    const p1 = new C.PaymentType();
    p1.setCreditCard(card);
    const sdk1 = await sdkSend(rec, saleOf(p1, "nt-1"));
    const nt = { type: "networkToken", networkToken: { number: "4111111111111111", expMonth: "12", expYear: "2031", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=", tokenRequestorId: "40010030273" } };
    assert.equal((await sale("nt-1", nt)).body?.data, sdk1.text);

    const bank = new C.BankAccountType();
    bank.setAccountType(C.BankAccountTypeEnum.SAVINGS);
    bank.setRoutingNumber("121042882");
    bank.setAccountNumber("123456789");
    bank.setNameOnAccount("Jane Doe");
    bank.setEcheckType(C.EcheckTypeEnum.WEB);
    const p2 = new C.PaymentType();
    p2.setBankAccount(bank);
    const sdk2 = await sdkSend(rec, saleOf(p2, "ach-1"));
    const ach = { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "Jane Doe", accountNumber: "123456789", routingNumber: "121042882", accountType: "savings" } };
    assert.equal((await sale("ach-1", ach)).body?.data, sdk2.text);
  });

  it("an external 3-D Secure result as cardholderAuthentication, in schema order after billTo", async () => {
    const card = new C.CreditCardType();
    card.setCardNumber("4111111111111111");
    card.setExpirationDate("2031-12");
    const payment = new C.PaymentType();
    payment.setCreditCard(card);
    const auth = new C.CcAuthenticationType();
    auth.setAuthenticationIndicator("05");
    auth.setCardholderAuthenticationValue("AAIBBYNoEwAAACcKhAJkdQAAAAA=");
    const bill = new C.CustomerAddressType();
    bill.setFirstName("Jane");
    bill.setLastName("Doe");
    const sdk = await sdkSend(rec, saleOf(payment, "3ds-1", (tr) => { tr.setBillTo(bill); tr.setCardholderAuthentication(auth); }));
    const mine = await sale("3ds-1", { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2031" } }, {
      billingAddress: { firstName: "Jane", lastName: "Doe" },
      threeDs: { external: { version: "2.2.0", cavv: "AAIBBYNoEwAAACcKhAJkdQAAAAA=", eci: "05" } },
    });
    assert.equal(mine.body?.data, sdk.text);
  });

  it("repeatPayment for a subscription: transactionSettings recurringBilling true before processingOptions", async () => {
    const paymentProfile = new C.PaymentProfile();
    paymentProfile.setPaymentProfileId("157497");
    const profile = new C.CustomerProfilePaymentType();
    profile.setCustomerProfileId("190178");
    profile.setPaymentProfile(paymentProfile);
    const order = new C.OrderType();
    order.setInvoiceNumber("sub-3");
    const setting = new C.SettingType();
    setting.setSettingName(C.SettingNameEnum.RECURRINGBILLING);
    setting.setSettingValue("true");
    const settings = new C.ArrayOfSetting();
    settings.setSetting([setting]);
    const processing = new C.ProcessingOptions();
    processing.setIsSubsequentAuth("true");
    const tr = new C.TransactionRequestType();
    tr.setTransactionType(C.TransactionTypeEnum.AUTHCAPTURETRANSACTION);
    tr.setAmount("9.99");
    tr.setCurrencyCode("USD");
    tr.setProfile(profile);
    tr.setOrder(order);
    tr.setTransactionSettings(settings);
    tr.setProcessingOptions(processing);
    const req = new C.CreateTransactionRequest();
    req.setMerchantAuthentication(merchant());
    req.setTransactionRequest(tr);
    const sdk = await sdkSend(rec, new Ctl.CreateTransactionController(req.getJSON()));
    const mine = await ours("repeatPayment", { merchantTransactionId: "sub-3", amount: { minorAmount: 999, currency: "USD" }, mandateReference: "157497", customer: { connectorCustomerId: "190178" }, recurringType: "scheduled" });
    assert.equal(mine.body?.data, sdk.text);
  });

  it("createSession (getHostedPaymentPageRequest: authOnly, order, customer, return and payment options); the SDK and we read the same token", async () => {
    const order = new C.OrderType();
    order.setInvoiceNumber("hp-1");
    const customer = new C.CustomerDataType();
    customer.setId("cust-99");
    customer.setEmail("ellen@example.com");
    const tr = new C.TransactionRequestType();
    tr.setTransactionType(C.TransactionTypeEnum.AUTHONLYTRANSACTION);
    tr.setAmount("20.00");
    tr.setCurrencyCode("USD");
    tr.setOrder(order);
    tr.setCustomer(customer);
    // The option values as Accept Hosted's documentation lists their keys, written here by hand.
    const returnOptions = new C.SettingType();
    returnOptions.setSettingName(C.SettingNameEnum.HOSTEDPAYMENTRETURNOPTIONS);
    returnOptions.setSettingValue(JSON.stringify({ showReceipt: false, url: "https://shop.example/back", urlText: "Continue", cancelUrl: "https://shop.example/back", cancelUrlText: "Cancel" }));
    const paymentOptions = new C.SettingType();
    paymentOptions.setSettingName(C.SettingNameEnum.HOSTEDPAYMENTPAYMENTOPTIONS);
    paymentOptions.setSettingValue(JSON.stringify({ cardCodeRequired: true, showCreditCard: true, showBankAccount: false }));
    const settings = new C.ArrayOfSetting();
    settings.setSetting([returnOptions, paymentOptions]);
    const req = new C.GetHostedPaymentPageRequest();
    req.setMerchantAuthentication(merchant());
    req.setRefId("idem-hp-1");
    req.setTransactionRequest(tr);
    req.setHostedPaymentSettings(settings);
    const sdk = await sdkSend(rec, new Ctl.GetHostedPaymentPageController(req.getJSON()));
    const unified = {
      merchantTransactionId: "hp-1",
      amount: { minorAmount: 2000, currency: "USD" },
      captureMethod: "manual",
      customer: { id: "cust-99", email: "ellen@example.com" },
      returnUrl: "https://shop.example/back",
      paymentMethodTypes: ["card"],
      idempotencyKey: "idem-hp-1",
    };
    const mine = await ours("createSession", unified);
    assert.equal(mine.body?.data, sdk.text);
    const sdkResponse = new C.GetHostedPaymentPageResponse(sdk.response);
    assert.equal(sdkResponse.getMessages().getResultCode(), C.MessageTypeEnum.OK);
    const result = (await pool.transformResponse({
      connector: "authorizedotnet",
      flow: "createSession",
      auth: { apiLoginId: LOGIN, transactionKey: KEY },
      request: unified,
      response: { status: 200, headers: [{ name: "Content-Type", value: "application/json" }], body: HOSTED_PAGE },
    } as never)) as { status: string; clientToken?: string };
    assert.equal(result.status, "success");
    assert.equal(result.clientToken, sdkResponse.getToken());
  });

  it("the comparison can fail: a body in another element order is not the SDK's", async () => {
    const mine = await ours("void", { connectorTransactionId: "40000000001" });
    const reordered = JSON.parse(mine.body!.data) as { createTransactionRequest: { transactionRequest: Record<string, string> } };
    const t = reordered.createTransactionRequest.transactionRequest;
    reordered.createTransactionRequest.transactionRequest = { refTransId: t.refTransId, transactionType: t.transactionType };
    assert.notEqual(JSON.stringify(reordered), mine.body!.data);
  });
});
