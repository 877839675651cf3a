// Razorpay's official Node SDK (`razorpay` 2.9.8, MIT) as the oracle for the requests the sidecar
// builds, and its documents (vendored in oracles/razorpay/) for the answers it reads:
// 1. The wire: the SDK, pointed at a loopback recorder (its own axios instance, with its own Basic
//    auth and headers), makes the same call with the parameters Razorpay's docs give for the
//    merchant's request; its method, path, Authorization and JSON body must be ours.
// 2. The answers: the example responses of the SDK's documents (Create order, Create Payment Json,
//    UPI intent, Capture payment, Create a normal refund, Fetch particular refund) are read by the
//    sidecar into what those documents say they mean.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import Razorpay from "razorpay";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, TransformRequestParams, TransformResponseParams } from "../../protocol/index.js";
import { oraclePath } from "./openapi.js";
import { startRecorder, type Recorded } from "./sdk-capture.js";

const AUTH = { keyId: "rzp_test_oracle00001", keySecret: "oracle_key_secret" };
const CUSTOMER = { id: "shopper_1", email: "gaurav.kumar@example.com", phone: "9123456789" };
const BROWSER = { ipAddress: "105.106.107.108", userAgent: "Mozilla/5.0", javaEnabled: false, javascriptEnabled: false, timeZoneOffset: 11, colorDepth: 23, screenWidth: 23, screenHeight: 100 };
const CARD = { type: "card", card: { number: "4386289407660153", expMonth: "11", expYear: "2030", cvc: "100", holderName: "Gaurav" } };
const AUTHORIZE = {
  merchantTransactionId: "receipt#1",
  amount: { minorAmount: 50000, currency: "INR" },
  paymentMethod: CARD,
  captureMethod: "manual",
  customer: CUSTOMER,
  browserInfo: BROWSER,
  metadata: { key1: "value3", key2: "value2" },
};
const ORDER_ID = "order_DPzFe1Q1dEOKed";

/** The ```json block under the SDK document's `### heading`, after its "Response" line. */
function documentedAnswer(file: string, heading: string, nth = 0): string {
  const text = readFileSync(oraclePath("razorpay", file), "utf8");
  const start = text.indexOf(`### ${heading}\n`);
  assert.ok(start >= 0, `${file} documents "${heading}"`);
  const section = text.slice(start, text.indexOf("\n### ", start + 4) === -1 ? undefined : text.indexOf("\n### ", start + 4));
  const blocks = [...section.matchAll(/\*\*Response:\*\*[^`]*```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks[nth], `${file} "${heading}" has a JSON response`);
  JSON.parse(blocks[nth]!); // it is JSON
  return blocks[nth]!;
}

describe("razorpay: the official Node SDK and its documents as oracles", function () {
  this.timeout(60_000);
  let pool: SidecarPool;
  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => pool?.close());

  const build = (flow: string, request: unknown) =>
    pool.transformRequest({ connector: "razorpay", flow, auth: AUTH, request } as unknown as TransformRequestParams);
  /** A payment or refund result, as the assertions below read it. */
  type Read = {
    status: string;
    state?: Record<string, string>;
    connectorTransactionId?: string;
    redirection?: { url: string };
    amountCaptured?: unknown;
    connectorRefundId?: string;
    refundAmount?: unknown;
  };
  const read = async (flow: string, request: unknown, status: number, body: string): Promise<Read> =>
    (await pool.transformResponse({ connector: "razorpay", flow, auth: AUTH, request, response: { status, headers: [], body } } as unknown as TransformResponseParams)) as unknown as Read;

  /** What the SDK sends for `call`, recorded on the loopback. */
  async function sdkSends(call: (rzp: Razorpay) => Promise<unknown>): Promise<Recorded> {
    const rec = await startRecorder({});
    try {
      const rzp = new Razorpay({ key_id: AUTH.keyId, key_secret: AUTH.keySecret });
      // The SDK pins https://api.razorpay.com; its own axios instance (auth, headers) is pointed at the recorder.
      (rzp as unknown as { api: { rq: { defaults: { baseURL: string } } } }).api.rq.defaults.baseURL = `http://127.0.0.1:${rec.port}`;
      await call(rzp);
      assert.equal(rec.requests.length, 1);
      return rec.requests[0]!;
    } finally {
      await rec.close();
    }
  }

  function same(ours: HttpRequest, sdk: Recorded): void {
    assert.equal(ours.method, sdk.method);
    assert.equal(new URL(ours.url).pathname + new URL(ours.url).search, sdk.path);
    assert.equal(ours.headers.find((h) => h.name === "Authorization")?.value, sdk.headers["authorization"], "the same Basic credentials");
    if (sdk.body) assert.deepEqual(JSON.parse(ours.body!.data), JSON.parse(sdk.body));
    else assert.equal(ours.body, null);
  }

  it("authorize's first call is the SDK's orders.create", async () => {
    const ours = await build("authorize", AUTHORIZE);
    const sdk = await sdkSends((rzp) =>
      rzp.orders.create({
        amount: 50000,
        currency: "INR",
        receipt: "receipt#1",
        notes: { key1: "value3", key2: "value2" },
        // Configure Payment Capture Settings using Orders API: manual capture, default window, normal refund speed.
        payment: { capture: "manual", capture_options: { manual_expiry_period: 7200, refund_speed: "normal" } },
      } as never),
    );
    same(ours, sdk);
  });

  it("authorize's second call is the SDK's payments.createPaymentJson (card, as the S2S JSON V2 cards page)", async () => {
    const ours = await build("authorize", { ...AUTHORIZE, state: { razorpayOrderId: ORDER_ID, continueWith: "authorize" } });
    const sdk = await sdkSends((rzp) =>
      rzp.payments.createPaymentJson({
        amount: 50000,
        currency: "INR",
        order_id: ORDER_ID,
        email: "gaurav.kumar@example.com",
        contact: "9123456789",
        method: "card",
        card: { number: "4386289407660153", name: "Gaurav", expiry_month: "11", expiry_year: "30", cvv: "100" },
        authentication: { authentication_channel: "browser" },
        browser: { java_enabled: false, javascript_enabled: false, timezone_offset: 11, color_depth: 23, screen_width: 23, screen_height: 100 },
        ip: "105.106.107.108",
        user_agent: "Mozilla/5.0",
        notes: { key1: "value3", key2: "value2" },
      } as never),
    );
    same(ours, sdk);
  });

  it("UPI intent is createPaymentJson with upi.flow intent", async () => {
    const ours = await build("authorize", { ...AUTHORIZE, paymentMethod: { type: "upiIntent" }, state: { razorpayOrderId: ORDER_ID } });
    const sdk = await sdkSends((rzp) =>
      rzp.payments.createPaymentJson({
        amount: 50000, currency: "INR", order_id: ORDER_ID, email: "gaurav.kumar@example.com", contact: "9123456789",
        method: "upi", upi: { flow: "intent" }, ip: "105.106.107.108", user_agent: "Mozilla/5.0", notes: { key1: "value3", key2: "value2" },
      } as never),
    );
    same(ours, sdk);
  });

  it("capture, refund, psync and rsync are the SDK's payments.capture, payments.refund, payments.fetch, refunds.fetch", async () => {
    same(
      await build("capture", { connectorTransactionId: "pay_G8VQzjPLoAvm6D", amountToCapture: { minorAmount: 1000, currency: "INR" } }),
      await sdkSends((rzp) => rzp.payments.capture("pay_G8VQzjPLoAvm6D", 1000, "INR")),
    );
    same(
      await build("refund", { connectorTransactionId: "pay_29QQoUBi66xm2f", merchantRefundId: "Receipt No. 31", refundAmount: { minorAmount: 100, currency: "INR" } }),
      await sdkSends((rzp) => rzp.payments.refund("pay_29QQoUBi66xm2f", { amount: 100, speed: "normal", receipt: "Receipt No. 31" } as never)),
    );
    same(await build("psync", { connectorTransactionId: "pay_G8VQzjPLoAvm6D" }), await sdkSends((rzp) => rzp.payments.fetch("pay_G8VQzjPLoAvm6D")));
    same(
      await build("rsync", { connectorTransactionId: "pay_EpkFDYRirena0f", connectorRefundId: "rfnd_EqWThTE7dd7utf" }),
      await sdkSends((rzp) => rzp.refunds.fetch("rfnd_EqWThTE7dd7utf")),
    );
  });

  it("reads the documented answers: order, S2S card payment, capture, refund, refund fetch", async () => {
    const order = await read("authorize", AUTHORIZE, 200, documentedAnswer("order.md", "Create order"));
    assert.equal(order.status, "started");
    assert.equal(order.state?.["razorpayOrderId"], JSON.parse(documentedAnswer("order.md", "Create order")).id);

    const onOrder = { ...AUTHORIZE, state: { razorpayOrderId: ORDER_ID } };
    const cardAnswer = documentedAnswer("payment.md", "Create Payment Json");
    const card = await read("authorize", onOrder, 200, cardAnswer);
    const next = (JSON.parse(cardAnswer) as { razorpay_payment_id: string; next: { action: string; url: string }[] });
    assert.equal(card.status, "authentication_pending");
    assert.equal(card.connectorTransactionId, next.razorpay_payment_id);
    assert.equal(card.redirection?.url, next.next.find((n) => n.action === "redirect")!.url);

    const captureAnswer = JSON.parse(documentedAnswer("payment.md", "Capture payment")) as { id: string; amount: number; currency: string };
    const captured = await read("capture", { connectorTransactionId: captureAnswer.id, amountToCapture: { minorAmount: captureAnswer.amount, currency: captureAnswer.currency } }, 200, JSON.stringify(captureAnswer));
    assert.equal(captured.status, "charged");
    assert.deepEqual(captured.amountCaptured, { minorAmount: captureAnswer.amount, currency: captureAnswer.currency });

    const refundAnswer = JSON.parse(documentedAnswer("refund.md", "Create a normal refund")) as { id: string; amount: number };
    const refund = await read("refund", { connectorTransactionId: "pay_FCXKPFtYfPXJPy", merchantRefundId: "Receipt No. 31", refundAmount: { minorAmount: refundAnswer.amount, currency: "INR" } }, 200, JSON.stringify(refundAnswer));
    assert.equal(refund.status, "success");
    assert.equal(refund.connectorRefundId, refundAnswer.id);

    const fetched = await read("rsync", { connectorTransactionId: "pay_EpkFDYRirena0f", connectorRefundId: "rfnd_EqWThTE7dd7utf" }, 200, documentedAnswer("refund.md", "Fetch particular refund"));
    assert.equal(fetched.status, "success");
    assert.deepEqual(fetched.refundAmount, { minorAmount: 6000, currency: "INR" });
  });
  it("netbanking and wallets are createPaymentJson with method netbanking + bank, method wallet + wallet", async () => {
    const common = { amount: 50000, currency: "INR", order_id: ORDER_ID, email: "gaurav.kumar@example.com", contact: "9123456789", ip: "105.106.107.108", user_agent: "Mozilla/5.0", notes: { key1: "value3", key2: "value2" } };
    same(
      await build("authorize", { ...AUTHORIZE, paymentMethod: { type: "bankRedirect", bankRedirect: { method: "netbanking", issuer: "HDFC" } }, state: { razorpayOrderId: ORDER_ID } }),
      await sdkSends((rzp) => rzp.payments.createPaymentJson({ ...common, method: "netbanking", bank: "HDFC" } as never)),
    );
    same(
      await build("authorize", { ...AUTHORIZE, paymentMethod: { type: "walletRedirect", walletRedirect: { method: "airtelMoney" } }, state: { razorpayOrderId: ORDER_ID } }),
      await sdkSends((rzp) => rzp.payments.createPaymentJson({ ...common, method: "wallet", wallet: "airtelmoney" } as never)),
    );
  });

  it("dsync, acceptDispute, submitDisputeEvidence and defendDispute are the SDK's disputes.fetch, accept and contest", async () => {
    const id = "disp_AHfqOvkldwsbqt";
    same(await build("dsync", { connectorDisputeId: id }), await sdkSends((rzp) => rzp.disputes.fetch(id)));
    same(await build("acceptDispute", { connectorDisputeId: id }), await sdkSends((rzp) => rzp.disputes.accept(id)));
    // The SDK document's draft sample: summary, shipping_proof, others (receipt signed by the customer).
    same(
      await build("submitDisputeEvidence", {
        connectorDisputeId: id,
        submit: false,
        evidence: [
          { type: "shippingDocumentation", text: "goods delivered", file: { connectorFileId: "doc_EFtmUsbwpXwBH9" } },
          { type: "shippingDocumentation", file: { connectorFileId: "doc_EFtmUsbwpXwBH8" } },
          { type: "customerSignature", file: { connectorFileId: "doc_EFtmUsbwpXwBH1" } },
        ],
      }),
      await sdkSends((rzp) =>
        rzp.disputes.contest(id, {
          summary: "goods delivered",
          shipping_proof: ["doc_EFtmUsbwpXwBH9", "doc_EFtmUsbwpXwBH8"],
          others: [{ type: "customer_signature", document_ids: ["doc_EFtmUsbwpXwBH1"] }],
          action: "draft",
        } as never),
      ),
    );
    // Its submit sample: billing_proof, action submit.
    same(
      await build("submitDisputeEvidence", {
        connectorDisputeId: id,
        evidence: [{ type: "receipt", file: { connectorFileId: "doc_EFtmUsbwpXwBG9" } }, { type: "receipt", file: { connectorFileId: "doc_EFtmUsbwpXwBG8" } }],
      }),
      await sdkSends((rzp) => rzp.disputes.contest(id, { billing_proof: ["doc_EFtmUsbwpXwBG9", "doc_EFtmUsbwpXwBG8"], action: "submit" } as never)),
    );
    same(await build("defendDispute", { connectorDisputeId: id }), await sdkSends((rzp) => rzp.disputes.contest(id, { action: "submit" } as never)));
  });

  it("reads the documented dispute and document answers: fetched open, the draft open, the submitted under review, the document's id", async () => {
    const text = readFileSync(oraclePath("razorpay", "disputes.md"), "utf8");
    const objects = (from: string) => {
      const at = text.indexOf(from);
      assert.ok(at >= 0, `disputes.md has ${from}`);
      const start = text.indexOf("{", at);
      let depth = 0;
      for (let i = start; i < text.length; i++) {
        if (text[i] === "{") depth++;
        if (text[i] === "}" && --depth === 0) return text.slice(start, i + 1);
      }
      throw new Error("unbalanced");
    };
    const req = { connectorDisputeId: "disp_AHfqOvkldwsbqt" };
    type Dispute = { status: string; connectorTransactionId?: string; amount?: unknown; dueBy?: string };
    const fetchedAnswer = objects("### Fetch a Dispute");
    const fetched = (await read("dsync", req, 200, fetchedAnswer)) as unknown as Dispute;
    const fetchedBody = JSON.parse(fetchedAnswer) as { payment_id: string; amount: number; respond_by: number };
    assert.equal(fetched.status, "needs_response");
    assert.equal(fetched.connectorTransactionId, fetchedBody.payment_id);
    assert.deepEqual(fetched.amount, { minorAmount: fetchedBody.amount, currency: "INR" });
    assert.equal(fetched.dueBy, new Date(fetchedBody.respond_by * 1000).toISOString().replace(".000Z", "Z"));
    const draft = (await read("submitDisputeEvidence", { ...req, submit: false, evidence: [{ type: "uncategorized", text: "x" }] }, 200, objects("// Draft"))) as unknown as Dispute;
    assert.equal(draft.status, "needs_response");
    const submitted = (await read("defendDispute", req, 200, objects("//Submit"))) as unknown as Dispute;
    assert.equal(submitted.status, "under_review");
    const docs = readFileSync(oraclePath("razorpay", "documents.md"), "utf8");
    const answerAt = docs.indexOf("**Response:**", docs.indexOf("### Create a Document"));
    const docAnswer = docs.slice(docs.indexOf("{", answerAt), docs.indexOf("}", answerAt) + 1);
    const file = (await pool.transformResponse({
      connector: "razorpay", flow: "uploadDisputeFile", auth: AUTH,
      request: { file: { filename: "sample_uploaded.pdf", contentType: "application/pdf", data: "JVBERg==" } },
      response: { status: 200, headers: [], body: docAnswer },
    } as unknown as TransformResponseParams)) as unknown as { status: string; connectorFileId?: string };
    assert.equal(file.status, "success");
    assert.equal(file.connectorFileId, (JSON.parse(docAnswer) as { id: string }).id);
  });

  describe("recurring payments (cards): the SDK's customers, orders with a token, createRecurringPayment, deleteToken", function () {
    const CUSTOMER_ID = "cust_4xbQrmEoA5WJ01";
    const TOKEN = "token_1Aa00000000001";
    const customer = { id: "shopper_1", name: "Gaurav Kumar", email: "gaurav.kumar@example.com", phone: "9123456780" };
    const MANDATE = {
      merchantTransactionId: "Receipt No. 1",
      amount: { minorAmount: 100, currency: "INR" },
      maxAmount: { minorAmount: 5000, currency: "INR" },
      paymentMethod: CARD,
      customer: { ...customer, connectorCustomerId: CUSTOMER_ID },
      browserInfo: BROWSER,
      metadata: { notes_key_1: "Tea, Earl Grey, Hot" },
    };
    const REPEAT = {
      merchantTransactionId: "Receipt No. 2",
      amount: { minorAmount: 1000, currency: "INR" },
      mandateReference: TOKEN,
      customer: { email: "gaurav.kumar@example.com", phone: "9123456789", connectorCustomerId: "cust_Hwq7Ba6TDXl1ga" },
      description: "Creating recurring payment for Gaurav Kumar",
    };

    it("createCustomer is customers.create (fail_existing 0: a retry answers the same customer)", async () => {
      same(
        await build("createCustomer", { customer }),
        await sdkSends((rzp) =>
          rzp.customers.create({ name: "Gaurav Kumar", email: "gaurav.kumar@example.com", contact: "9123456780", fail_existing: "0", notes: { merchant_customer_id: "shopper_1" } } as never),
        ),
      );
    });

    it("setupMandate's first call is orders.create with customer_id, method card and the token block", async () => {
      same(
        await build("setupMandate", MANDATE),
        await sdkSends((rzp) =>
          rzp.orders.create({
            amount: 100,
            currency: "INR",
            customer_id: CUSTOMER_ID,
            method: "card",
            token: { max_amount: 5000, frequency: "as_presented" },
            receipt: "Receipt No. 1",
            notes: { notes_key_1: "Tea, Earl Grey, Hot" },
          } as never),
        ),
      );
    });

    it("setupMandate's second call is createPaymentJson with customer_id and recurring 1", async () => {
      same(
        await build("setupMandate", { ...MANDATE, state: { razorpayOrderId: ORDER_ID, continueWith: "setupMandate" } }),
        await sdkSends((rzp) =>
          rzp.payments.createPaymentJson({
            amount: 100,
            currency: "INR",
            order_id: ORDER_ID,
            email: "gaurav.kumar@example.com",
            contact: "9123456780",
            method: "card",
            card: { number: "4386289407660153", name: "Gaurav", expiry_month: "11", expiry_year: "30", cvv: "100" },
            customer_id: CUSTOMER_ID,
            authentication: { authentication_channel: "browser" },
            browser: { java_enabled: false, javascript_enabled: false, timezone_offset: 11, color_depth: 23, screen_width: 23, screen_height: 100 },
            ip: "105.106.107.108",
            recurring: "1",
            user_agent: "Mozilla/5.0",
            notes: { notes_key_1: "Tea, Earl Grey, Hot" },
          } as never),
        ),
      );
    });

    // UPI AutoPay (documents/upi.md: Create order with method upi and the token block; the
    // authorisation payment is the SDK's payments.createUpi, POST /v1/payments/create/upi).
    const UPI_COLLECT = { type: "upiCollect", upi: { vpa: "gauravkumar@exampleupi" } };
    const UPI_MANDATE = { ...MANDATE, paymentMethod: UPI_COLLECT, maxAmount: { minorAmount: 200000, currency: "INR" }, browserInfo: { ipAddress: "192.168.0.103", userAgent: "Mozilla/5.0" } };

    it("UPI AutoPay's first call is orders.create with customer_id, method upi and the token block", async () => {
      same(
        await build("setupMandate", UPI_MANDATE),
        await sdkSends((rzp) =>
          rzp.orders.create({
            amount: 100,
            currency: "INR",
            customer_id: CUSTOMER_ID,
            method: "upi",
            token: { max_amount: 200000, frequency: "as_presented" },
            receipt: "Receipt No. 1",
            notes: { notes_key_1: "Tea, Earl Grey, Hot" },
          } as never),
        ),
      );
    });

    it("UPI AutoPay's second call is payments.createUpi with recurring 1: collect with the VPA, intent without", async () => {
      const state = { razorpayOrderId: ORDER_ID, continueWith: "setupMandate" };
      same(
        await build("setupMandate", { ...UPI_MANDATE, state }),
        await sdkSends((rzp) =>
          rzp.payments.createUpi({
            amount: 100,
            currency: "INR",
            order_id: ORDER_ID,
            email: "gaurav.kumar@example.com",
            contact: "9123456780",
            customer_id: CUSTOMER_ID,
            recurring: "1",
            method: "upi",
            upi: { flow: "collect", vpa: "gauravkumar@exampleupi" },
            ip: "192.168.0.103",
            user_agent: "Mozilla/5.0",
            notes: { notes_key_1: "Tea, Earl Grey, Hot" },
          } as never),
        ),
      );
      same(
        await build("setupMandate", { ...UPI_MANDATE, paymentMethod: { type: "upiIntent" }, state }),
        await sdkSends((rzp) =>
          rzp.payments.createUpi({
            amount: 100,
            currency: "INR",
            order_id: ORDER_ID,
            email: "gaurav.kumar@example.com",
            contact: "9123456780",
            customer_id: CUSTOMER_ID,
            recurring: "1",
            method: "upi",
            upi: { flow: "intent" },
            ip: "192.168.0.103",
            user_agent: "Mozilla/5.0",
            notes: { notes_key_1: "Tea, Earl Grey, Hot" },
          } as never),
        ),
      );
    });

    it("repeatPayment is orders.create (payment_capture) then payments.createRecurringPayment", async () => {
      same(
        await build("repeatPayment", REPEAT),
        await sdkSends((rzp) => rzp.orders.create({ amount: 1000, currency: "INR", receipt: "Receipt No. 2", payment_capture: true } as never)),
      );
      same(
        await build("repeatPayment", { ...REPEAT, state: { razorpayOrderId: "order_IDts8IQBJT40aQ", continueWith: "repeatPayment" } }),
        await sdkSends((rzp) =>
          rzp.payments.createRecurringPayment({
            email: "gaurav.kumar@example.com",
            contact: "9123456789",
            amount: 1000,
            currency: "INR",
            order_id: "order_IDts8IQBJT40aQ",
            customer_id: "cust_Hwq7Ba6TDXl1ga",
            token: TOKEN,
            recurring: "1",
            description: "Creating recurring payment for Gaurav Kumar",
          } as never),
        ),
      );
    });

    it("revokeMandate is customers.deleteToken", async () => {
      same(
        await build("revokeMandate", { mandateReference: "token_FHfn3rIiM1Z8nr", customer: { connectorCustomerId: "cust_DtHaBuooGHTuyZ" } }),
        await sdkSends((rzp) => rzp.customers.deleteToken("cust_DtHaBuooGHTuyZ", "token_FHfn3rIiM1Z8nr")),
      );
    });

    it("reads card.md's and token.md's answers: the customer, the order, the recurring payment, the token on the payment, the deletion", async () => {
      const created = JSON.parse(documentedAnswer("card.md", "Create customer")) as { id: string };
      const customerRead = (await pool.transformResponse({
        connector: "razorpay", flow: "createCustomer", auth: AUTH, request: { customer },
        response: { status: 200, headers: [], body: documentedAnswer("card.md", "Create customer") },
      } as unknown as TransformResponseParams)) as unknown as { status: string; connectorCustomerId?: string };
      assert.equal(customerRead.status, "success");
      assert.equal(customerRead.connectorCustomerId, created.id);

      const orderAnswer = documentedAnswer("card.md", "Create Order");
      const order = await read("setupMandate", MANDATE, 200, orderAnswer);
      assert.equal(order.status, "started");
      assert.equal(order.state?.["razorpayOrderId"], (JSON.parse(orderAnswer) as { id: string }).id);
      assert.equal(order.state?.["continueWith"], "setupMandate");

      const recurringText = readFileSync(oraclePath("razorpay", "card.md"), "utf8");
      const at = recurringText.indexOf("## Create a recurring payment");
      assert.ok(at >= 0, "card.md documents Create a recurring payment");
      const answerAt = recurringText.indexOf("```json\n", recurringText.indexOf("**Response:**", at)) + 8;
      const recurringAnswer = recurringText.slice(answerAt, recurringText.indexOf("```", answerAt));
      const charge = (await read("repeatPayment", { ...REPEAT, state: { razorpayOrderId: "order_1Aa00000000001", continueWith: "repeatPayment" } }, 200, recurringAnswer)) as Read & { mandateReference?: string };
      assert.equal(charge.status, "pending", "the answer names the payment; its outcome comes by psync");
      assert.equal(charge.connectorTransactionId, (JSON.parse(recurringAnswer) as { razorpay_payment_id: string }).razorpay_payment_id);

      const tokenAnswer = documentedAnswer("token.md", "Fetch token by payment id");
      const fetched = (await read("psync", { connectorTransactionId: "pay_FHfqtkRzWvxky4" }, 200, tokenAnswer)) as Read & { mandateReference?: string; connectorCustomerId?: string };
      const payment = JSON.parse(tokenAnswer) as { token_id: string; customer_id: string };
      assert.equal(fetched.status, "charged");
      assert.equal(fetched.mandateReference, payment.token_id);
      assert.equal(fetched.connectorCustomerId, payment.customer_id);

      const deleted = (await pool.transformResponse({
        connector: "razorpay", flow: "revokeMandate", auth: AUTH, request: { mandateReference: payment.token_id, customer: { connectorCustomerId: payment.customer_id } },
        response: { status: 200, headers: [], body: documentedAnswer("token.md", "Delete token") },
      } as unknown as TransformResponseParams)) as unknown as { status: string };
      assert.equal(deleted.status, "revoked");
    });
  });

  // E-mandates (issue 17). The order is the SDK's documents/emandate.md "Create order"; the S2S
  // authorisation payment is in no SDK document, so its request and answer come from Razorpay's
  // S2S e-mandate page (oracles/razorpay/emandate-s2s.md), sent through the SDK's createPaymentJson.
  describe("e-mandates: orders.create with the emandate token, createPaymentJson with method emandate, the documented answers", function () {
    const CUSTOMER_ID = "cust_K39wXdBlhqNk0B";
    const ACCOUNT = ["1121431121", "541121"].join("");
    const EMANDATE = {
      type: "bankDebit",
      bankDebit: { method: "emandate", accountHolderName: "Gaurav Kumar", accountNumber: ACCOUNT, ifsc: "HDFC0000001", authType: "netbanking", accountType: "savings" },
    };
    const MANDATE = {
      merchantTransactionId: "Receipt No. 1",
      amount: { minorAmount: 0, currency: "INR" },
      maxAmount: { minorAmount: 9999900, currency: "INR" },
      paymentMethod: EMANDATE,
      customer: { id: "shopper_1", name: "Gaurav Kumar", email: "gaurav.kumar@example.com", phone: "9876543210", connectorCustomerId: CUSTOMER_ID },
      metadata: { notes_key_1: "Beam me up Scotty", notes_key_2: "Engage" },
    };
    const ORDER = "order_KigZxUK9GxJPW2";

    /** The JSON of the `curl ... -d '...'` request and the ```json answer under `### heading` of a vendored page. */
    function pageExample(file: string, heading: string): { request: Record<string, unknown>; answer: string } {
      const text = readFileSync(oraclePath("razorpay", file), "utf8");
      const at = text.indexOf(`### ${heading}\n`);
      assert.ok(at >= 0, `${file} has "${heading}"`);
      const section = text.slice(at, text.indexOf("\n## ", at));
      const req = /-d '(\{[\s\S]*?\})'/.exec(section);
      const ans = /```json: Response\n([\s\S]*?)```/.exec(section);
      assert.ok(req && ans, `${file} "${heading}" has a request and an answer`);
      return { request: JSON.parse(req[1]!) as Record<string, unknown>, answer: ans[1]! };
    }

    it("setupMandate's first call is orders.create with amount 0, method emandate and the token's auth_type, max_amount and bank_account", async () => {
      same(
        await build("setupMandate", MANDATE),
        await sdkSends((rzp) =>
          rzp.orders.create({
            amount: 0,
            currency: "INR",
            payment_capture: true,
            method: "emandate",
            customer_id: CUSTOMER_ID,
            receipt: "Receipt No. 1",
            notes: { notes_key_1: "Beam me up Scotty", notes_key_2: "Engage" },
            token: {
              auth_type: "netbanking",
              max_amount: 9999900,
              bank_account: { beneficiary_name: "Gaurav Kumar", account_number: ACCOUNT, account_type: "savings", ifsc_code: "HDFC0000001" },
            },
          } as never),
        ),
      );
    });

    it("a first charge with the registration is the order's token.first_payment_amount (emandate-s2s-first-payment.md), the order still of 0", async () => {
      const ours = JSON.parse((await build("setupMandate", { ...MANDATE, amount: { minorAmount: 100, currency: "INR" } })).body!.data) as { amount: number; token: { first_payment_amount?: number } };
      const documented = pageExample("emandate-s2s-first-payment.md", "1.1.3. Create an Authorisation Payment");
      assert.equal(ours.amount, 0);
      assert.equal(ours.token.first_payment_amount, 100);
      assert.equal(documented.request["amount"], 0, "the documented authorisation payment is of 0 too");
    });

    it("the authorisation payment is the S2S page's request, sent as the SDK's createPaymentJson", async () => {
      const documented = pageExample("emandate-s2s.md", "1.1.3. Create an Authorisation Payment");
      // The page's own customer, order and contact (a number there; a string in its parameter table).
      const request = {
        ...MANDATE,
        customer: { ...MANDATE.customer, connectorCustomerId: documented.request["customer_id"] as string, phone: String(documented.request["contact"]) },
        state: { razorpayOrderId: documented.request["order_id"] as string, continueWith: "setupMandate" },
        metadata: {},
      };
      const ours = await build("setupMandate", request);
      assert.deepEqual(JSON.parse(ours.body!.data), { ...documented.request, contact: String(documented.request["contact"]) });
      assert.equal(ours.body!.sensitive, true, "the body carries the account number");
      same(ours, await sdkSends((rzp) => rzp.payments.createPaymentJson({ ...documented.request, contact: String(documented.request["contact"]) } as never)));
    });

    it("authorize with setupFutureUsage is the same registration (the amount as first_payment_amount); without it, refused with Razorpay's reason", async () => {
      const { maxAmount: _max, ...rest } = MANDATE;
      const authorize = { ...rest, amount: { minorAmount: 100, currency: "INR" }, setupFutureUsage: "offSession" };
      const order = JSON.parse((await build("authorize", authorize)).body!.data) as Record<string, unknown>;
      assert.deepEqual(order["token"], {
        first_payment_amount: 100,
        auth_type: "netbanking",
        bank_account: { beneficiary_name: "Gaurav Kumar", account_number: ACCOUNT, account_type: "savings", ifsc_code: "HDFC0000001" },
      });
      const { setupFutureUsage: _sfu, ...oneTime } = authorize;
      await assert.rejects(build("authorize", oneTime), (e: Error & { data?: { field?: string } }) => /Recurring Payments/.test(e.message));
    });

    it("reads the documented answers: the order (started, kept), the payment (the bank page), the confirmed payment (its token)", async () => {
      const order = await read("setupMandate", MANDATE, 200, JSON.stringify({ id: ORDER, entity: "order", amount: 0, currency: "INR", status: "created" }));
      assert.equal(order.status, "started");
      assert.equal(order.state?.["razorpayOrderId"], ORDER);

      const documented = pageExample("emandate-s2s.md", "1.1.3. Create an Authorisation Payment");
      const answer = JSON.parse(documented.answer) as { razorpay_payment_id: string; next: Array<{ url: string }> };
      const paid = await read("setupMandate", { ...MANDATE, state: { razorpayOrderId: ORDER, continueWith: "setupMandate" } }, 200, documented.answer);
      assert.equal(paid.status, "authentication_pending");
      assert.equal(paid.connectorTransactionId, answer.razorpay_payment_id);
      assert.equal(paid.redirection?.url, answer.next[0]!.url);

      const tokenAnswer = documentedAnswer("emandate.md", "Fetch token by payment ID");
      const payment = JSON.parse(tokenAnswer) as { token_id: string; customer_id: string; method: string };
      assert.equal(payment.method, "emandate");
      const fetched = (await read("psync", { connectorTransactionId: "pay_FHf9a7AO0iXM9I" }, 200, tokenAnswer)) as Read & { mandateReference?: string; connectorCustomerId?: string };
      assert.equal(fetched.status, "charged");
      assert.equal(fetched.mandateReference, payment.token_id);
      assert.equal(fetched.connectorCustomerId, payment.customer_id);
    });

    it("a charge on the e-mandate's token is createRecurringPayment (emandate.md's own example)", async () => {
      const text = readFileSync(oraclePath("razorpay", "emandate.md"), "utf8");
      assert.ok(text.includes("instance.payments.createRecurringPayment"), "emandate.md charges the token with createRecurringPayment");
      const repeat = {
        merchantTransactionId: "Receipt No. 1",
        amount: { minorAmount: 1000, currency: "INR" },
        mandateReference: "token_1Aa00000000001",
        customer: { email: "gaurav.kumar@example.com", phone: "9123456789", connectorCustomerId: "cust_1Aa00000000001" },
        description: "Creating recurring payment for Gaurav Kumar",
        metadata: { "note_key 1": "Beam me up Scotty", "note_key 2": "Tea. Earl Gray. Hot." },
        state: { razorpayOrderId: "order_1Aa00000000002", continueWith: "repeatPayment" },
      };
      same(
        await build("repeatPayment", repeat),
        await sdkSends((rzp) =>
          rzp.payments.createRecurringPayment({
            email: "gaurav.kumar@example.com",
            contact: "9123456789",
            amount: 1000,
            currency: "INR",
            order_id: "order_1Aa00000000002",
            customer_id: "cust_1Aa00000000001",
            token: "token_1Aa00000000001",
            recurring: "1",
            description: "Creating recurring payment for Gaurav Kumar",
            notes: { "note_key 1": "Beam me up Scotty", "note_key 2": "Tea. Earl Gray. Hot." },
          } as never),
        ),
      );
    });
  });
});
