/**
 * PaymentsClient's flows: what the client adds on top of the sidecar (carrying the previous
 * result's id and state, the refund's default idempotency key, the setupMandate customer step,
 * what a lost answer means for each flow) against a scripted pool that records every call; and
 * FlowNotSupported and idempotency keys through the real sidecar and the emulator.
 */
import assert from "node:assert/strict";
import type {
  ConnectorInfo,
  FlowName,
  HttpRequest,
  HttpResponse,
  RefundRequest,
} from "../protocol/index.js";
import { SidecarError } from "../client/errors.js";
import { PaymentsClient, isFlowNotSupported, type FlowCall } from "../client/flows.js";
import { fetchExecutor, NotSentError, type HttpExecutor } from "../client/http.js";
import { SidecarPool } from "../client/pool.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { ScriptedPool, connectorInfo } from "./support/scripted-pool.js";
import { usd } from "./support/helpers.js";

const answered: HttpExecutor = async () => ({ status: 200, body: "{}" });
const neverConnects: HttpExecutor = async (req) => {
  throw new NotSentError(`could not connect to ${new URL(req.url).host} (ECONNREFUSED)`);
};
/** Sends the request and never answers: the client's deadline decides. */
const neverAnswers: HttpExecutor = (_req, { signal }) =>
  new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));

function client(pool: ScriptedPool, http: HttpExecutor = answered): PaymentsClient {
  return new PaymentsClient(pool as unknown as SidecarPool, { http, httpTimeoutMs: 50 });
}

// "acme" is the scripted pool's connector, unknown to the types: cast as a newer sidecar's would be.
const call = { connector: "acme", auth: { apiKey: "sk_test_x" } } as unknown as FlowCall;
const authorized = { status: "authorized" as const, connectorTransactionId: "pay_1", state: { captureMethod: "manual", token: "t1" }, httpStatus: 200 };

describe("PaymentsClient flows (scripted pool)", () => {
  it("a follow-up takes connectorTransactionId and state from the previous result; the request's own fields win", async () => {
    const pool = new ScriptedPool({ capture: { status: "charged", httpStatus: 200 }, psync: { status: "authorized", httpStatus: 200 } });
    const c = client(pool);
    await c.capture({ ...call, payment: authorized, request: { amountToCapture: usd(500), state: { token: "t2" } } });
    assert.deepEqual(pool.request("capture"), {
      amountToCapture: usd(500),
      connectorTransactionId: "pay_1",
      state: { captureMethod: "manual", token: "t2" },
    });
    await c.sync({ ...call, payment: authorized, request: { connectorTransactionId: "pay_other" } });
    assert.equal(pool.request("psync").connectorTransactionId, "pay_other");
  });

  it("a follow-up without any connectorTransactionId is refused before anything is sent", async () => {
    const pool = new ScriptedPool({});
    await assert.rejects(
      client(pool).void({ ...call, request: {} }),
      (e: unknown) => e instanceof SidecarError && e.code === -32602 && e.data.path === "request.connectorTransactionId" && /previous result/.test(e.message),
    );
    await assert.rejects(
      client(pool).refundSync({ ...call, payment: authorized, request: {} }),
      (e: unknown) => e instanceof SidecarError && e.data.path === "request.connectorRefundId",
    );
    await assert.rejects(
      client(pool).repeatPayment({ ...call, request: { merchantTransactionId: "o", amount: usd(100) } }),
      (e: unknown) => e instanceof SidecarError && e.data.path === "request.mandateReference",
    );
    assert.deepEqual(pool.sent, []);
  });

  it("a refund without idempotencyKey is sent with its merchantRefundId as the key; a given key is kept", async () => {
    const pool = new ScriptedPool({ refund: { status: "success", connectorRefundId: "re_1", httpStatus: 200 } });
    const c = client(pool);
    const r = await c.refund({ ...call, payment: authorized, request: { merchantRefundId: "refund-42", refundAmount: usd(100) } });
    assert.equal(r.status, "success");
    assert.equal((pool.sent[0]!.request as RefundRequest).idempotencyKey, "refund-42");
    await c.refund({ ...call, payment: authorized, request: { merchantRefundId: "refund-43", refundAmount: usd(100), idempotencyKey: "k-43" } });
    assert.equal((pool.sent[1]!.request as RefundRequest).idempotencyKey, "k-43");
  });

  it("refundSync takes the refund id from the refund's outcome", async () => {
    const pool = new ScriptedPool({ rsync: { status: "success", connectorRefundId: "re_9", httpStatus: 200 } });
    const r = await client(pool).refundSync({ ...call, payment: authorized, refund: { connectorRefundId: "re_9" }, request: {} });
    assert.equal(r.status, "success");
    assert.deepEqual(pool.request("rsync"), { connectorRefundId: "re_9", connectorTransactionId: "pay_1", state: authorized.state });
  });

  describe("an answer that never came", () => {
    it("no connection at all: failure (nothing can have happened), for payments and refunds", async () => {
      const pool = new ScriptedPool({});
      const c = client(pool, neverConnects);
      const capture = await c.capture({ ...call, payment: authorized, request: { amountToCapture: usd(100) } });
      assert.equal(capture.status, "failure");
      assert.equal(capture.error?.code, "processor_unavailable");
      const refund = await c.refund({ ...call, payment: authorized, request: { merchantRefundId: "r1", refundAmount: usd(100) } });
      assert.equal(refund.status, "failure");
    });

    it("sent, no answer: a payment flow is unresolved and says to sync first", async () => {
      const c = client(new ScriptedPool({}), neverAnswers);
      for (const result of [
        await c.authorize({ ...call, request: { merchantTransactionId: "o1", amount: usd(100), paymentMethod: { type: "upiIntent" } } }),
        await c.capture({ ...call, payment: authorized, request: { amountToCapture: usd(100) } }),
        await c.void({ ...call, payment: authorized, request: {} }),
        await c.repeatPayment({ ...call, mandate: { mandateReference: "pm_1" }, request: { merchantTransactionId: "o2", amount: usd(100) } }),
      ]) {
        assert.equal(result.status, "unresolved");
        assert.equal(result.httpStatus, 0);
        assert.match(result.error!.message, /no answer from processor\.test within 50 ms; the request may have reached the processor: sync/);
      }
    });

    it("sent, no answer: a refund is unresolved (not failure, not pending) and says never to refund anew", async () => {
      const c = client(new ScriptedPool({}), neverAnswers);
      const r = await c.refund({ ...call, payment: authorized, request: { merchantRefundId: "r1", refundAmount: usd(100) } });
      assert.equal(r.status, "unresolved");
      assert.equal(r.connectorRefundId, undefined);
      assert.match(r.error!.message, /the refund may have been made: do not create a new refund; send this one again with the same idempotencyKey/);
      const s = await c.refundSync({ ...call, payment: authorized, request: { connectorRefundId: "re_1" } });
      assert.equal(s.status, "unresolved");
    });
  });

  describe("setupMandate", () => {
    const withCustomers = [connectorInfo("acme", ["setupMandate", "repeatPayment", "createCustomer"])];
    const withoutCustomers = [connectorInfo("acme", ["setupMandate", "repeatPayment"])];
    const request = {
      merchantTransactionId: "save-1",
      amount: usd(0),
      paymentMethod: { type: "card" as const, card: { number: "4242424242424242", expMonth: "12", expYear: "2030" } },
      customer: { id: "shopper-1", email: "jane@example.com" },
      idempotencyKey: "save-1-key",
    };
    const saved = { status: "charged", mandateReference: "pm_1", httpStatus: 200 };

    it("creates the processor's customer first when the connector lists createCustomer, then saves under it", async () => {
      const pool = new ScriptedPool({ createCustomer: { status: "success", connectorCustomerId: "cus_1", httpStatus: 200 }, setupMandate: saved }, withCustomers);
      const r = await client(pool).setupMandate({ ...call, request });
      assert.deepEqual(pool.flows(), ["createCustomer", "setupMandate"]);
      // The operation's key goes to both calls; the sidecar sends `<key>:customer` for the customer step.
      assert.deepEqual(pool.request("createCustomer"), {
        customer: request.customer,
        merchantTransactionId: "save-1",
        idempotencyKey: "save-1-key",
      });
      assert.deepEqual(pool.request("setupMandate").customer, { ...request.customer, connectorCustomerId: "cus_1" });
      assert.equal(pool.request("setupMandate").idempotencyKey, "save-1-key");
      assert.equal(r.status, "charged");
      assert.equal(r.mandateReference, "pm_1");
      assert.equal(r.connectorCustomerId, "cus_1", "the result names the customer for repeatPayment");
    });

    it("skips the customer step when the caller has the customer or the connector has no such step", async () => {
      const a = new ScriptedPool({ setupMandate: saved }, withCustomers);
      const r = await client(a).setupMandate({ ...call, request: { ...request, customer: { connectorCustomerId: "cus_known" } } });
      assert.deepEqual(a.flows(), ["setupMandate"]);
      assert.equal(r.connectorCustomerId, "cus_known");
      const b = new ScriptedPool({ setupMandate: saved }, withoutCustomers);
      const r2 = await client(b).setupMandate({ ...call, request });
      assert.deepEqual(b.flows(), ["setupMandate"]);
      assert.equal(r2.connectorCustomerId, undefined);
    });

    it("a failed customer step fails the operation with the processor's error, without the mandate call", async () => {
      const error = { code: "invalid_request", message: "Invalid email address", connectorCode: "email_invalid", connectorMessage: "Invalid email address" };
      const pool = new ScriptedPool({ createCustomer: { status: "failure", error, httpStatus: 400 } }, withCustomers);
      const r = await client(pool).setupMandate({ ...call, request });
      assert.deepEqual(pool.flows(), ["createCustomer"]);
      assert.equal(r.status, "failure");
      assert.deepEqual(r.error, error);
      assert.equal(r.httpStatus, 400);
    });

    it("a customer step without an answer leaves the operation unresolved", async () => {
      const pool = new ScriptedPool({}, withCustomers);
      const r = await client(pool, neverAnswers).setupMandate({ ...call, request });
      assert.deepEqual(pool.flows(), ["createCustomer"]);
      assert.equal(r.status, "unresolved");
      assert.match(r.error!.message, /retry with the same idempotencyKey/);
    });

    it("repeatPayment takes the mandate, the customer and the state from the setupMandate result", async () => {
      const pool = new ScriptedPool({ repeatPayment: { status: "charged", connectorTransactionId: "pay_2", httpStatus: 200 } }, withCustomers);
      const r = await client(pool).repeatPayment({
        ...call,
        mandate: { mandateReference: "pm_1", connectorCustomerId: "cus_1", networkTransactionId: "ntid_1", state: { a: "1" } },
        request: { merchantTransactionId: "o-2", amount: usd(700), customer: { id: "shopper-1" } },
      });
      assert.equal(r.status, "charged");
      assert.deepEqual(pool.request("repeatPayment"), {
        merchantTransactionId: "o-2",
        amount: usd(700),
        mandateReference: "pm_1",
        customer: { id: "shopper-1", connectorCustomerId: "cus_1" },
        networkTransactionId: "ntid_1",
        state: { a: "1" },
      });
    });
  });

  it("supports() gives the processor's reason from listConnectors", async () => {
    const pool = new ScriptedPool({}, [connectorInfo("acme", ["authorize", "refund"], [{ flow: "capture", reason: "UPI payments are captured at once" }])]);
    const c = client(pool);
    assert.deepEqual(await c.supports("acme", "refund"), { supported: true });
    assert.deepEqual(await c.supports("acme", "capture"), { supported: false, reason: "UPI payments are captured at once" });
    assert.deepEqual(await c.supports("acme", "void"), { supported: false, reason: "not implemented for ACME in this version" });
    assert.equal((await c.supports("nope", "void")).supported, false);
  });
});

describe("PaymentsClient issue 12 flows (scripted pool)", () => {
  const disputed = { connectorDisputeId: "dp_1", connectorTransactionId: "pi_1", disputeStatus: "needs_response" as const };
  const pdf = { filename: "receipt.pdf", contentType: "application/pdf", data: "JVBERi0xLjQK" };

  it("submitDisputeEvidence uploads each file given by data first (key <key>:file<i>) and sends it by id, where the connector lists uploadDisputeFile", async () => {
    let n = 0;
    const pool = new ScriptedPool(
      {
        uploadDisputeFile: () => ({ status: "success", connectorFileId: `file_${++n}`, httpStatus: 200 }),
        submitDisputeEvidence: { status: "under_review", connectorDisputeId: "dp_1", httpStatus: 200 },
      },
      [connectorInfo("acme", ["uploadDisputeFile", "submitDisputeEvidence"])],
    );
    const r = await client(pool).submitDisputeEvidence({
      ...call,
      dispute: disputed,
      request: {
        evidence: [{ type: "productDescription", text: "A blue mug" }, { type: "receipt", file: pdf }, { type: "shippingDocumentation", file: { connectorFileId: "file_old" } }],
        idempotencyKey: "ev-1",
      },
    });
    assert.equal(r.status, "under_review");
    assert.deepEqual(pool.flows(), ["uploadDisputeFile", "submitDisputeEvidence"]);
    assert.deepEqual(pool.request("uploadDisputeFile"), { connectorDisputeId: "dp_1", file: pdf, idempotencyKey: "ev-1:file1" });
    assert.deepEqual(pool.request("submitDisputeEvidence"), {
      connectorDisputeId: "dp_1",
      connectorTransactionId: "pi_1",
      evidence: [{ type: "productDescription", text: "A blue mug" }, { type: "receipt", file: { connectorFileId: "file_1" } }, { type: "shippingDocumentation", file: { connectorFileId: "file_old" } }],
      idempotencyKey: "ev-1",
    });
  });

  it("submitDisputeEvidence sends files inline where the connector has no upload step, and stops at a failed upload", async () => {
    const inline = new ScriptedPool({ submitDisputeEvidence: { status: "under_review", httpStatus: 200 } }, [connectorInfo("acme", ["submitDisputeEvidence"])]);
    await client(inline).submitDisputeEvidence({ ...call, request: { connectorDisputeId: "dp_1", evidence: [{ type: "receipt", file: pdf }] } });
    assert.deepEqual(inline.flows(), ["submitDisputeEvidence"]);
    assert.deepEqual(inline.request("submitDisputeEvidence").evidence, [{ type: "receipt", file: pdf }]);

    const failing = new ScriptedPool(
      { uploadDisputeFile: { status: "failure", httpStatus: 400, error: { code: "invalid_request", message: "too large", connectorCode: null, connectorMessage: null } } },
      [connectorInfo("acme", ["uploadDisputeFile", "submitDisputeEvidence"])],
    );
    const r = await client(failing).submitDisputeEvidence({ ...call, request: { connectorDisputeId: "dp_1", evidence: [{ type: "receipt", file: pdf }] } });
    assert.equal(r.status, "failure");
    assert.equal(r.error?.message, "too large");
    assert.deepEqual(failing.flows(), ["uploadDisputeFile"]);
  });

  it("dispute calls take the dispute's ids from its webhook event; without one they are refused before sending", async () => {
    const pool = new ScriptedPool({ acceptDispute: { status: "accepted", httpStatus: 200 }, dsync: { status: "lost", httpStatus: 200 }, defendDispute: { status: "challenged", httpStatus: 200 } });
    const c = client(pool);
    assert.equal((await c.acceptDispute({ ...call, dispute: disputed, request: {} })).status, "accepted");
    assert.deepEqual(pool.request("acceptDispute"), { connectorDisputeId: "dp_1", connectorTransactionId: "pi_1" });
    await c.defendDispute({ ...call, dispute: disputed, request: { defenseReasonCode: "SupplyDefenseMaterial" } });
    assert.deepEqual(pool.request("defendDispute"), { connectorDisputeId: "dp_1", connectorTransactionId: "pi_1", defenseReasonCode: "SupplyDefenseMaterial" });
    await assert.rejects(c.disputeSync({ ...call, request: {} }), (e: unknown) => e instanceof SidecarError && e.data.path === "request.connectorDisputeId");
    assert.equal(pool.flows().includes("dsync"), false);
  });

  it("incrementAuthorization takes the amount authorized so far from the previous result; revokeMandate takes the mandate", async () => {
    const pool = new ScriptedPool({
      incrementalAuthorization: { status: "authorized", connectorTransactionId: "pay_1", authorizedAmount: usd(1500), httpStatus: 200 },
      revokeMandate: { status: "revoked", httpStatus: 200 },
    });
    const c = client(pool);
    const first = await c.incrementAuthorization({ ...call, payment: { ...authorized, authorizedAmount: usd(1000) }, request: { additionalAmount: usd(500) } });
    assert.deepEqual(pool.request("incrementalAuthorization"), {
      additionalAmount: usd(500),
      connectorTransactionId: "pay_1",
      paymentAmount: usd(1000),
      state: authorized.state,
    });
    assert.deepEqual(first.authorizedAmount, usd(1500));
    await c.revokeMandate({ ...call, mandate: { mandateReference: "pm_1", connectorCustomerId: "cus_1" } });
    assert.deepEqual(pool.request("revokeMandate"), { mandateReference: "pm_1", customer: { connectorCustomerId: "cus_1" } });
    await assert.rejects(c.revokeMandate({ ...call }), (e: unknown) => e instanceof SidecarError && e.data.path === "request.mandateReference");
  });

  it("a session, a dispute or a revocation whose answer was lost is unresolved, one never sent is failure", async () => {
    const pool = new ScriptedPool({});
    const lost = new PaymentsClient(pool as unknown as SidecarPool, { http: neverAnswers, httpTimeoutMs: 20 });
    assert.equal((await lost.createSession({ ...call, request: { merchantTransactionId: "o1", amount: usd(100) } })).status, "unresolved");
    assert.equal((await lost.disputeSync({ ...call, request: { connectorDisputeId: "dp_1" } })).status, "unresolved");
    const refused = client(pool, neverConnects);
    assert.equal((await refused.revokeMandate({ ...call, request: { mandateReference: "pm_1" } })).status, "failure");
    assert.equal((await refused.acceptDispute({ ...call, request: { connectorDisputeId: "dp_1" } })).status, "failure");
  });
});

// ---------- the real sidecar ----------

/** A minimal valid request for each flow (the connector refuses the flow before reading it). */
const SAMPLE: Record<FlowName, Record<string, unknown>> = {
  authorize: { merchantTransactionId: "o1", amount: usd(1000), paymentMethod: { type: "card", card: { number: "4242424242424242", expMonth: "12", expYear: "2030", cvc: "123" } } },
  psync: { connectorTransactionId: "pay_1" },
  capture: { connectorTransactionId: "pay_1", amountToCapture: usd(100) },
  void: { connectorTransactionId: "pay_1" },
  refund: { connectorTransactionId: "pay_1", merchantRefundId: "r1", refundAmount: usd(100) },
  rsync: { connectorTransactionId: "pay_1", connectorRefundId: "re_1" },
  setupMandate: { merchantTransactionId: "o1", amount: usd(0), paymentMethod: { type: "card", card: { number: "4242424242424242", expMonth: "12", expYear: "2030", cvc: "123" } } },
  repeatPayment: { merchantTransactionId: "o1", amount: usd(100), mandateReference: "pm_1" },
  createCustomer: { customer: { email: "jane@example.com" } },
  createAccessToken: {},
  completeAuthorize: { connectorTransactionId: "pay_1", redirectPayload: { redirectResult: "x" } },
  verifyWebhook: { headers: [], body: "{}", webhookId: "WH1" },
  createSession: { merchantTransactionId: "o1", amount: usd(1000) },
  incrementalAuthorization: { connectorTransactionId: "pay_1", additionalAmount: usd(500), paymentAmount: usd(1000) },
  revokeMandate: { mandateReference: "pm_1", customer: { id: "shopper-1" } },
  reverse: { connectorTransactionId: "pay_1" },
  acceptDispute: { connectorDisputeId: "dp_1" },
  uploadDisputeFile: { file: { filename: "receipt.pdf", contentType: "application/pdf", data: "JVBERi0xLjQK" } },
  submitDisputeEvidence: { connectorDisputeId: "dp_1", evidence: [{ type: "uncategorized", text: "Delivered on 1 May" }] },
  defendDispute: { connectorDisputeId: "dp_1", defenseReasonCode: "GoodsOrServicesProvided" },
  dsync: { connectorDisputeId: "dp_1" },
};

describe("PaymentsClient flows (real sidecar)", function () {
  let pool: SidecarPool;
  let emulator: Emulator;
  let connectors: ConnectorInfo[];

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    emulator = await startEmulator();
    connectors = await pool.listConnectors();
  });
  after(async () => {
    await pool?.close();
    await emulator?.close();
  });

  it("every flow a connector does not list throws FlowNotSupported (1002), with the processor's reason when listed", async function () {
    const c = new PaymentsClient(pool, { http: answered });
    const methods: Record<FlowName, (cl: PaymentsClient, a: FlowCall & { request: never }) => Promise<unknown>> = {
      authorize: (cl, a) => cl.authorize(a),
      psync: (cl, a) => cl.sync(a),
      capture: (cl, a) => cl.capture(a),
      void: (cl, a) => cl.void(a),
      refund: (cl, a) => cl.refund(a),
      rsync: (cl, a) => cl.refundSync(a),
      setupMandate: (cl, a) => cl.setupMandate(a),
      repeatPayment: (cl, a) => cl.repeatPayment(a),
      createCustomer: (cl, a) => cl.createCustomer(a),
      createAccessToken: (cl, a) => cl.createAccessToken(a),
      completeAuthorize: (cl, a) => cl.completeAuthorize(a),
      verifyWebhook: (cl, a) => cl.verifyWebhook(a),
      createSession: (cl, a) => cl.createSession(a),
      incrementalAuthorization: (cl, a) => cl.incrementAuthorization(a),
      revokeMandate: (cl, a) => cl.revokeMandate(a),
      reverse: (cl, a) => cl.reverse(a),
      acceptDispute: (cl, a) => cl.acceptDispute(a),
      uploadDisputeFile: (cl, a) => cl.uploadDisputeFile(a),
      submitDisputeEvidence: (cl, a) => cl.submitDisputeEvidence(a),
      defendDispute: (cl, a) => cl.defendDispute(a),
      dsync: (cl, a) => cl.disputeSync(a),
    };
    let checked = 0;
    for (const info of connectors) {
      for (const flow of Object.keys(SAMPLE) as FlowName[]) {
        if (info.flows.includes(flow)) continue;
        const reason = info.unsupportedFlows.find((u) => u.flow === flow)?.reason;
        await assert.rejects(
          methods[flow](c, { ...({ connector: info.name, auth: {} } as FlowCall), request: SAMPLE[flow] as never }),
          (e: unknown) => {
            assert.ok(isFlowNotSupported(e), `${info.name} ${flow}: ${String(e)}`);
            assert.equal(e.code, 1002);
            if (reason) assert.ok(e.message.includes(reason), `${info.name} ${flow}: the reason is in "${e.message}"`);
            return true;
          },
        );
        checked++;
      }
    }
    assert.ok(checked > 0, "no connector leaves a flow out, so nothing was checked");
  });

  it("idempotency keys on the wire (Stripe, emulator): the operation's key unchanged on its main call, `<key>:customer` on the customer step, merchantRefundId for a keyless refund", async function () {
    const stripe = connectors.find((c) => c.name === "stripe")!;
    const needed: FlowName[] = ["authorize", "capture", "refund", "setupMandate", "createCustomer"];
    const missing = needed.filter((f) => !stripe.flows.includes(f));
    assert.deepEqual(missing, [], "the Stripe connector lists every flow this test drives");
    const sent: HttpRequest[] = [];
    const recording: HttpExecutor = async (req, init): Promise<HttpResponse> => {
      sent.push(req);
      return fetchExecutor(req, init);
    };
    const c = new PaymentsClient(pool, { http: recording });
    const on: FlowCall = { connector: "stripe", auth: { apiKey: "sk_test_emulator" }, options: { baseUrl: emulator.baseUrls.stripe } };
    const key = (r: HttpRequest) => r.headers.find((h) => h.name.toLowerCase() === "idempotency-key")?.value;
    const card = { type: "card" as const, card: { number: "4242424242424242", expMonth: "12", expYear: "2030", cvc: "123" } };

    const auth = await c.authorize({ ...on, request: { merchantTransactionId: "idem-1", amount: usd(5000), paymentMethod: card, captureMethod: "manual", idempotencyKey: "op-authorize" } });
    assert.equal(auth.status, "authorized");
    assert.equal(key(sent.at(-1)!), "op-authorize");
    const capture = await c.capture({ ...on, payment: auth, request: { amountToCapture: usd(3000), idempotencyKey: "op-capture" } });
    assert.ok(["partial_charged", "charged"].includes(capture.status), capture.status);
    assert.equal(key(sent.at(-1)!), "op-capture");
    const refund = await c.refund({ ...on, payment: auth, request: { merchantRefundId: "refund-op-1", refundAmount: usd(1000) } });
    assert.ok(["success", "pending"].includes(refund.status), refund.status);
    assert.equal(key(sent.at(-1)!), "refund-op-1");

    sent.length = 0;
    const mandate = await c.setupMandate({
      ...on,
      request: { merchantTransactionId: "save-1", amount: usd(0), paymentMethod: card, customer: { email: "jane@example.com" }, idempotencyKey: "op-save" },
    });
    assert.ok(mandate.mandateReference, JSON.stringify(mandate));
    assert.match(mandate.connectorCustomerId ?? "", /^cus_/);
    assert.deepEqual(sent.map(key), ["op-save:customer", "op-save"]);
  });
});

/** A pool whose transformRequest copies the credential and the idempotency key into headers unchecked (an older sidecar). */
class HeaderCopyingPool extends ScriptedPool {
  override async transformRequest(params: Parameters<ScriptedPool["transformRequest"]>[0]): Promise<HttpRequest> {
    const http = await super.transformRequest(params);
    const auth = params.auth as { apiKey: string };
    const key = (params.request as { idempotencyKey?: string }).idempotencyKey;
    return {
      ...http,
      url: "http://127.0.0.1:9/never",
      headers: [
        { name: "Authorization", value: `Bearer ${auth.apiKey}`, sensitive: true },
        ...(key ? [{ name: "Idempotency-Key", value: key, sensitive: false }] : []),
      ],
    };
  }
}

describe("PaymentsClient: requests the HTTP stack refuses (issue 14 items 4 and 6)", () => {
  it("a refund whose key fetch cannot send as a header is a failure with the reason, not unresolved (nothing was sent)", async () => {
    for (const key of ["refund-€-1", "refund-😀", "refund-\u200b"]) {
      const pool = new HeaderCopyingPool({ refund: { status: "success", connectorRefundId: "re_1", httpStatus: 200 } });
      const c = new PaymentsClient(pool as unknown as SidecarPool, { httpTimeoutMs: 2000 });
      const r = await c.refund({ ...call, payment: authorized, request: { merchantRefundId: key, refundAmount: usd(100) } });
      assert.equal(r.status, "failure", `${JSON.stringify(key)}: ${JSON.stringify(r)}`);
      assert.match(r.error!.message, /Idempotency-Key/);
      assert.ok(!r.error!.message.includes(key), r.error!.message);
    }
  });

  it("an HTTP-stack error message never carries a credential, even one with an embedded CR/LF", async () => {
    const secret = "sk_live_51Hx9embeddedSecretKey";
    for (const apiKey of [`${secret}\r\nX-Injected: 1`, `${secret}\n`, `${secret}\0`]) {
      const pool = new HeaderCopyingPool({ authorize: authorized });
      const c = new PaymentsClient(pool as unknown as SidecarPool, { httpTimeoutMs: 2000 });
      const r = await c.authorize({
        connector: "acme",
        auth: { apiKey },
        request: { merchantTransactionId: "o1", amount: usd(100), paymentMethod: { type: "card", card: { number: "4242424242424242", expMonth: "12", expYear: "2030" } } },
      } as never);
      assert.equal(r.status, "failure", JSON.stringify(r));
      assert.ok(!JSON.stringify(r).includes(secret), JSON.stringify(r));
    }
    // A custom executor whose error quotes the header: masked all the same.
    const pool = new HeaderCopyingPool({ authorize: authorized });
    const quoting: HttpExecutor = async (req) => {
      throw new TypeError(`Headers.append: "${req.headers[0]!.value}" is an invalid header value.`);
    };
    const r = await new PaymentsClient(pool as unknown as SidecarPool, { http: quoting, httpTimeoutMs: 2000 }).authorize({
      connector: "acme",
      auth: { apiKey: `${secret}\r\n` },
      request: { merchantTransactionId: "o1", amount: usd(100), paymentMethod: { type: "card", card: { number: "4242424242424242", expMonth: "12", expYear: "2030" } } },
    } as never);
    assert.ok(!JSON.stringify(r).includes(secret), JSON.stringify(r));
  });
});
