// Official-SDK differential for the issue 12 flows: what stripe-node v23 (and @adyen/api-library,
// where it has the call) sends for the same operation, against our request, with the comparison
// of sdk-differential.test.ts (method, path, auth, content type, idempotency key, body field by
// field). The SDK calls are written as a developer using that SDK would write them.
import assert from "node:assert/strict";

import { SidecarPool } from "../../client/pool.js";
import type { TransformRequestParams } from "../../protocol/index.js";
import { bodyText, headerOf } from "./helpers.js";
import { decodeMultipart, type HttpRequest } from "./openapi.js";
import adyen from "@adyen/api-library";

import { ADYEN_TEST_KEY, STRIPE_TEST_KEY, captureAdyen, captureAdyenClient, captureStripe } from "./sdk-capture.js";
import { compare, type Comparison } from "./sdk-differential.test.js";

const PI = "pi_3MtwBwLkdIwHu7ix28a3tqPa";
const DP = "dp_1Pgc71B7WZ01zgkWMevJiAUx";
const WHY_MERCHANT_TX = "we record the merchant's reference (merchantTransactionId) in metadata";

describe("SDK differential (issue 12): our requests vs stripe-node v23", () => {
  let pool: SidecarPool;
  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
  });

  const ours = async (flow: string, request: Record<string, unknown>) =>
    (await pool.transformRequest({ connector: "stripe", flow, auth: { apiKey: STRIPE_TEST_KEY }, request } as TransformRequestParams)) as HttpRequest;
  const same = (o: HttpRequest, s: Parameters<typeof compare>[1], c: Comparison) => {
    const problems = compare(o, s, c);
    assert.deepEqual(problems, [], `our request and the SDK's differ:\n  ${problems.join("\n  ")}`);
  };

  it("createSession (payment): paymentIntents.create without confirm", async () => {
    const o = await ours("createSession", {
      merchantTransactionId: "order-1001",
      amount: { minorAmount: 2000, currency: "USD" },
      captureMethod: "manual",
      description: "Order 1001",
      idempotencyKey: "session-1001",
    });
    const s = await captureStripe((stripe) =>
      stripe.paymentIntents.create(
        { amount: 2000, currency: "usd", capture_method: "manual", description: "Order 1001" },
        { idempotencyKey: "session-1001" },
      ),
    );
    same(o, s, { processor: "stripe", idempotencyKey: "session-1001", expected: [{ path: "metadata.merchant_transaction_id", kind: "ours only", why: WHY_MERCHANT_TX }] });
  });

  it("createSession (setup): setupIntents.create for the customer, off_session", async () => {
    const o = await ours("createSession", { merchantTransactionId: "save-1", amount: { minorAmount: 0, currency: "USD" }, mode: "setup", customer: { connectorCustomerId: "cus_NffrFeUfNV2Hib" }, idempotencyKey: "save-1" });
    const s = await captureStripe((stripe) => stripe.setupIntents.create({ customer: "cus_NffrFeUfNV2Hib", usage: "off_session" }, { idempotencyKey: "save-1" }));
    same(o, s, { processor: "stripe", idempotencyKey: "save-1", expected: [{ path: "metadata.merchant_transaction_id", kind: "ours only", why: WHY_MERCHANT_TX }] });
  });

  it("incrementalAuthorization: paymentIntents.incrementAuthorization(id, {amount: new total})", async () => {
    const o = await ours("incrementalAuthorization", { connectorTransactionId: PI, additionalAmount: { minorAmount: 500, currency: "USD" }, paymentAmount: { minorAmount: 2000, currency: "USD" }, idempotencyKey: "incr-1" });
    const s = await captureStripe((stripe) => stripe.paymentIntents.incrementAuthorization(PI, { amount: 2500 }, { idempotencyKey: "incr-1" }));
    same(o, s, { processor: "stripe", idempotencyKey: "incr-1", expected: [] });
  });

  it("revokeMandate: paymentMethods.detach", async () => {
    const o = await ours("revokeMandate", { mandateReference: "pm_1Pgc75B7WZ01zgkWlHVgdEGJ", idempotencyKey: "revoke-1" });
    const s = await captureStripe((stripe) => stripe.paymentMethods.detach("pm_1Pgc75B7WZ01zgkWlHVgdEGJ", {}, { idempotencyKey: "revoke-1" }));
    same(o, s, { processor: "stripe", idempotencyKey: "revoke-1", expected: [] });
  });

  it("acceptDispute: disputes.close; dsync: disputes.retrieve", async () => {
    same(await ours("acceptDispute", { connectorDisputeId: DP, idempotencyKey: "accept-1" }), await captureStripe((stripe) => stripe.disputes.close(DP, {}, { idempotencyKey: "accept-1" })), {
      processor: "stripe",
      idempotencyKey: "accept-1",
      expected: [],
    });
    same(await ours("dsync", { connectorDisputeId: DP }), await captureStripe((stripe) => stripe.disputes.retrieve(DP)), { processor: "stripe", expected: [] });
  });

  it("submitDisputeEvidence / defendDispute: disputes.update with evidence and submit", async () => {
    const o = await ours("submitDisputeEvidence", {
      connectorDisputeId: DP,
      evidence: [
        { type: "productDescription", text: "Blue ceramic mug, 350 ml" },
        { type: "receipt", file: { connectorFileId: "file_1Pgag2B7WZ01zgkWITx3dIQc" } },
        { type: "cancellationPolicy", text: "Cancel up to 24 hours before" },
      ],
      submit: false,
      idempotencyKey: "evidence-1",
    });
    const s = await captureStripe((stripe) =>
      stripe.disputes.update(
        DP,
        {
          evidence: { product_description: "Blue ceramic mug, 350 ml", receipt: "file_1Pgag2B7WZ01zgkWITx3dIQc", cancellation_policy_disclosure: "Cancel up to 24 hours before" },
          submit: false,
        },
        { idempotencyKey: "evidence-1" },
      ),
    );
    same(o, s, { processor: "stripe", idempotencyKey: "evidence-1", expected: [] });
    same(await ours("defendDispute", { connectorDisputeId: DP, idempotencyKey: "defend-1" }), await captureStripe((stripe) => stripe.disputes.update(DP, { submit: true }, { idempotencyKey: "defend-1" })), {
      processor: "stripe",
      idempotencyKey: "defend-1",
      expected: [],
    });
  });

  it("uploadDisputeFile: files.create({purpose: dispute_evidence, file}): the same multipart fields and file", async () => {
    const pdf = "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";
    const o = await ours("uploadDisputeFile", { file: { filename: "receipt.pdf", contentType: "application/pdf", data: Buffer.from(pdf).toString("base64") }, idempotencyKey: "file-1" });
    const s = await captureStripe((stripe) =>
      stripe.files.create({ purpose: "dispute_evidence", file: { data: Buffer.from(pdf), name: "receipt.pdf", type: "application/pdf" } }, { idempotencyKey: "file-1" }),
    );
    assert.equal(o.method, "POST");
    assert.equal(new URL(o.url).pathname, new URL(s.url).pathname);
    assert.equal(new URL(o.url).origin, "https://files.stripe.com", "the SDK's files base address (DEFAULT_BASE_ADDRESSES.files)");
    assert.equal(headerOf(o, "authorization"), `Bearer ${STRIPE_TEST_KEY}`);
    assert.equal(s.headers["authorization"], `Bearer ${STRIPE_TEST_KEY}`);
    assert.equal(headerOf(o, "idempotency-key"), "file-1");
    assert.equal(s.headers["idempotency-key"], "file-1");
    assert.match(o.body!.contentType, /^multipart\/form-data; boundary=/);
    assert.match(s.headers["content-type"] ?? "", /^multipart\/form-data; boundary=/);
    const ourFields = decodeMultipart(Buffer.from(o.body!.data, "base64"), o.body!.contentType);
    const sdkFields = decodeMultipart(Buffer.from(s.body, "utf8"), s.headers["content-type"]!);
    assert.deepEqual(ourFields, sdkFields);
    assert.deepEqual(ourFields, { purpose: "dispute_evidence", file: `<file receipt.pdf, ${pdf.length} bytes, application/pdf>` });
    // negative: the comparison sees another purpose
    const other = Buffer.from(o.body!.data, "base64").toString("latin1").replace("dispute_evidence", "identity_document");
    assert.notDeepEqual(decodeMultipart(Buffer.from(other, "latin1"), o.body!.contentType), sdkFields);
    assert.ok(bodyText(o).length > 0);
  });
});

describe("SDK differential (issue 12): our requests vs @adyen/api-library v32", () => {
  let pool: SidecarPool;
  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
  });
  const AUTH = { apiKey: ADYEN_TEST_KEY, merchantAccount: "YOUR_MERCHANT_ACCOUNT" };
  const ours = async (flow: string, request: Record<string, unknown>) =>
    (await pool.transformRequest({ connector: "adyen", flow, auth: AUTH, request } as TransformRequestParams)) as HttpRequest;
  const same = (o: HttpRequest, s: Parameters<typeof compare>[1], c: Comparison) => {
    const problems = compare(o, s, c);
    assert.deepEqual(problems, [], `our request and the library's differ:\n  ${problems.join("\n  ")}`);
  };
  const PSP = "993617894903480A";

  it("createSession: PaymentsApi.sessions (Adyen's enableOneClick example)", async () => {
    const o = await ours("createSession", {
      merchantTransactionId: "YOUR_PAYMENT_REFERENCE",
      amount: { minorAmount: 100, currency: "EUR" },
      returnUrl: "https://your-company.example.com/checkout?shopperOrder=12xy..",
      countryCode: "NL",
      setupFutureUsage: "onSession",
      customer: { id: "YOUR_SHOPPER_REFERENCE" },
      idempotencyKey: "session-1",
    });
    const s = await captureAdyen((payments) =>
      payments.sessions(
        {
          merchantAccount: "YOUR_MERCHANT_ACCOUNT",
          amount: { value: 100, currency: "EUR" },
          shopperReference: "YOUR_SHOPPER_REFERENCE",
          returnUrl: "https://your-company.example.com/checkout?shopperOrder=12xy..",
          reference: "YOUR_PAYMENT_REFERENCE",
          countryCode: "NL",
          storePaymentMethodMode: adyen.Types.checkout.CreateCheckoutSessionRequest.StorePaymentMethodModeEnum.Enabled,
          shopperInteraction: adyen.Types.checkout.CreateCheckoutSessionRequest.ShopperInteractionEnum.Ecommerce,
          recurringProcessingModel: adyen.Types.checkout.CreateCheckoutSessionRequest.RecurringProcessingModelEnum.CardOnFile,
        },
        { idempotencyKey: "session-1" },
      ),
    );
    same(o, s, { processor: "adyen", idempotencyKey: "session-1", expected: [] });
  });

  it("createSession with applePayMerchantValidation: UtilityApi.getApplePaySession (Adyen's post-applePay-sessions-basic)", async () => {
    const o = await ours("createSession", {
      merchantTransactionId: "YOUR_PAYMENT_REFERENCE",
      amount: { minorAmount: 1000, currency: "EUR" },
      applePayMerchantValidation: { displayName: "YOUR_MERCHANT_NAME", domainName: "YOUR_DOMAIN_NAME", merchantIdentifier: "YOUR_MERCHANT_ID" },
      idempotencyKey: "applepay-1",
    });
    const s = await captureAdyen((_p, checkout) =>
      checkout.UtilityApi.getApplePaySession(
        { displayName: "YOUR_MERCHANT_NAME", domainName: "YOUR_DOMAIN_NAME", merchantIdentifier: "YOUR_MERCHANT_ID" },
        { idempotencyKey: "applepay-1" },
      ),
    );
    same(o, s, { processor: "adyen", idempotencyKey: "applepay-1", expected: [] });
  });

  it("incrementalAuthorization: ModificationsApi.updateAuthorisedAmount with the new total", async () => {
    const o = await ours("incrementalAuthorization", { connectorTransactionId: PSP, additionalAmount: { minorAmount: 500, currency: "EUR" }, paymentAmount: { minorAmount: 2000, currency: "EUR" }, merchantTransactionId: "YOUR_UNIQUE_REFERENCE", idempotencyKey: "incr-1" });
    const s = await captureAdyen((_p, checkout) =>
      checkout.ModificationsApi.updateAuthorisedAmount(PSP, { merchantAccount: "YOUR_MERCHANT_ACCOUNT", amount: { currency: "EUR", value: 2500 }, reference: "YOUR_UNIQUE_REFERENCE" }, { idempotencyKey: "incr-1" }),
    );
    same(o, s, { processor: "adyen", idempotencyKey: "incr-1", expected: [] });
  });

  it("reverse: ModificationsApi.refundOrCancelPayment", async () => {
    const o = await ours("reverse", { connectorTransactionId: PSP, merchantReverseId: "YOUR_UNIQUE_REFERENCE", idempotencyKey: "rev-1" });
    const s = await captureAdyen((_p, checkout) =>
      checkout.ModificationsApi.refundOrCancelPayment(PSP, { merchantAccount: "YOUR_MERCHANT_ACCOUNT", reference: "YOUR_UNIQUE_REFERENCE" }, { idempotencyKey: "rev-1" }),
    );
    same(o, s, { processor: "adyen", idempotencyKey: "rev-1", expected: [] });
  });

  it("revokeMandate: RecurringApi.deleteTokenForStoredPaymentDetails (DELETE with the query)", async () => {
    const o = await ours("revokeMandate", { mandateReference: "8415718415172204", customer: { id: "YOUR_SHOPPER_REFERENCE" } });
    const s = await captureAdyen((_p, checkout) => checkout.RecurringApi.deleteTokenForStoredPaymentDetails("8415718415172204", "YOUR_SHOPPER_REFERENCE", "YOUR_MERCHANT_ACCOUNT"));
    same(o, s, { processor: "adyen", expected: [] });
  });

  it("accept, supply documents, defend: DisputesAPI (its own base URL, the same paths and bodies)", async () => {
    const disputes = (client: ConstructorParameters<typeof adyen.DisputesAPI>[0]) => new adyen.DisputesAPI(client).DisputesApi;
    const DP = "DZ4DPSHB4WD2WN82";
    const pairs: [HttpRequest, Parameters<typeof compare>[1]][] = [
      [
        await ours("acceptDispute", { connectorDisputeId: DP }),
        await captureAdyenClient((c) => disputes(c).acceptDispute({ disputePspReference: DP, merchantAccountCode: "YOUR_MERCHANT_ACCOUNT" })),
      ],
      [
        await ours("defendDispute", { connectorDisputeId: DP, defenseReasonCode: "SupplyDefenseMaterial" }),
        await captureAdyenClient((c) => disputes(c).defendDispute({ defenseReasonCode: "SupplyDefenseMaterial", disputePspReference: DP, merchantAccountCode: "YOUR_MERCHANT_ACCOUNT" })),
      ],
      [
        await ours("submitDisputeEvidence", { connectorDisputeId: DP, evidence: [{ type: "uncategorized", file: { filename: "d.pdf", contentType: "application/pdf", data: "JVBERi0xLjQK" } }] }),
        await captureAdyenClient((c) =>
          disputes(c).supplyDefenseDocument({
            defenseDocuments: [{ content: "JVBERi0xLjQK", contentType: "application/pdf", defenseDocumentTypeCode: "DefenseMaterial" }],
            disputePspReference: DP,
            merchantAccountCode: "YOUR_MERCHANT_ACCOUNT",
          }),
        ),
      ],
    ];
    for (const [o, s] of pairs) {
      // the library's Disputes API is unversioned in its path comparison: compare the whole URL
      assert.equal(o.url, s.url);
      assert.equal(o.method, s.method.toUpperCase());
      assert.equal(headerOf(o, "x-api-key"), ADYEN_TEST_KEY);
      assert.equal(s.headers["x-api-key"], ADYEN_TEST_KEY);
      assert.deepEqual(JSON.parse(bodyText(o)), JSON.parse(s.body));
    }
  });
});
