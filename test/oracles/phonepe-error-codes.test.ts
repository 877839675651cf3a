/**
 * Every PhonePe code the connector's tables know (mapping.rs: payment codes, the UPI/bank reasons
 * in `data.responseCode`, refund codes, refund reasons), each read from a PhonePe-shaped body
 * (`{success, code, message, data}` as PhonePe's pay, status and refund APIs answer) through the
 * real binary, against the unified status, error code and soft/hard decline written out here.
 * The Rust side tests the same tables by row; this side pins the values independently.
 */
import assert from "node:assert/strict";
import { SidecarPool } from "../../client/pool.js";
import type { PaymentResult, RefundResult } from "../../protocol/index.js";

const auth = { merchantId: "PGTESTPAYUAT", saltKey: "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399", saltIndex: "1" };
const MTID = "MT7850590068188104";
const REFUND_ID = "MT7850590068188104-R1";

type Decline = "soft" | "hard" | undefined;

/** `data` of a status answer in `state` (a payment's has the paymentInstrument key). */
function statusData(id: string, state: string, responseCode: string | null, payment: boolean): Record<string, unknown> {
  return {
    merchantId: auth.merchantId,
    merchantTransactionId: id,
    transactionId: payment ? "T2203091323362627236127" : "TR620471739210623",
    amount: 10000,
    state,
    responseCode,
    ...(payment ? { paymentInstrument: state === "COMPLETED" ? { type: "UPI", utr: "206850679072" } : null } : {}),
  };
}

function body(code: string, data: Record<string, unknown> | undefined): string {
  const success = ["PAYMENT_SUCCESS", "PAYMENT_PENDING", "PAYMENT_INITIATED"].includes(code);
  return JSON.stringify({ success, code, message: `PhonePe says ${code}`, ...(data ? { data } : {}) });
}

describe("PhonePe code tables through the binary, from PhonePe-shaped bodies", function () {
  let pool: SidecarPool;
  before(async () => {
    pool = await SidecarPool.start({ size: 1, validate: true, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
  });

  function parse<R>(flow: string, request: Record<string, unknown>, status: number, text: string): Promise<R> {
    return pool.transformResponse({
      connector: "phonepe",
      flow,
      auth,
      request,
      response: { status, headers: [{ name: "Content-Type", value: "application/json" }], body: text },
    } as never) as Promise<R>;
  }

  const authorize = {
    merchantTransactionId: MTID,
    amount: { minorAmount: 10000, currency: "INR" },
    paymentMethod: { type: "upiIntent" },
    webhookUrl: "https://shop.example/cb",
  };
  const psync = { connectorTransactionId: MTID, amount: { minorAmount: 10000, currency: "INR" } };
  const refund = {
    connectorTransactionId: MTID,
    merchantRefundId: REFUND_ID,
    refundAmount: { minorAmount: 10000, currency: "INR" },
  };
  const rsync = { connectorTransactionId: MTID, connectorRefundId: REFUND_ID, refundAmount: { minorAmount: 10000, currency: "INR" } };

  // [code, HTTP status, state in data (undefined: no data), status on pay, status on status check, unified error, decline]
  const PAYMENT_CODES: [string, number, string | undefined, string, string, string | undefined, Decline][] = [
    ["PAYMENT_INITIATED", 200, undefined, "authentication_pending", "authentication_pending", undefined, undefined],
    ["PAYMENT_SUCCESS", 200, "COMPLETED", "charged", "charged", undefined, undefined],
    ["PAYMENT_PENDING", 200, "PENDING", "pending", "pending", undefined, undefined],
    ["PAYMENT_ERROR", 200, "FAILED", "failure", "failure", "processing_error", "soft"],
    ["PAYMENT_DECLINED", 200, "FAILED", "failure", "failure", "authentication_failed", "soft"],
    ["PAYMENT_CANCELLED", 200, "FAILED", "failure", "failure", "authentication_failed", "soft"],
    ["TIMED_OUT", 200, "FAILED", "failure", "failure", "authentication_failed", "soft"],
    ["TRANSACTION_NOT_FOUND", 404, undefined, "failure", "failure", "not_found", undefined],
    ["BAD_REQUEST", 400, undefined, "failure", "unresolved", "invalid_request", undefined],
    ["AUTHORIZATION_FAILED", 401, undefined, "failure", "unresolved", "invalid_credentials", undefined],
    ["KEY_NOT_CONFIGURED", 400, undefined, "failure", "unresolved", "invalid_credentials", undefined],
    ["INVALID_TRANSACTION_ID", 400, undefined, "unresolved", "unresolved", "duplicate_transaction", undefined],
    ["INTERNAL_SERVER_ERROR", 200, undefined, "unresolved", "unresolved", "processor_unavailable", undefined],
  ];

  for (const [code, http, state, onPay, onStatus, unified, decline] of PAYMENT_CODES) {
    it(`payment ${code}`, async function () {
      const data = state ? statusData(MTID, state, state === "FAILED" ? null : state === "COMPLETED" ? "SUCCESS" : null, true) : {};
      const payData = code === "PAYMENT_INITIATED" ? { merchantId: auth.merchantId, merchantTransactionId: MTID, instrumentResponse: { type: "UPI_COLLECT" } } : {};
      for (const [flow, request, want, text] of [
        ["authorize", authorize, onPay, body(code, payData)],
        ["psync", psync, onStatus, body(code, data)],
      ] as const) {
        const r = await parse<PaymentResult>(flow, request, http, text);
        assert.equal(r.status, want, `${code} on ${flow}`);
        assert.equal(r.error?.code, unified, `${code} on ${flow}`);
        if (r.error) {
          assert.equal(r.error.connectorCode, code);
          assert.equal(r.error.connectorMessage, `PhonePe says ${code}`);
          assert.equal(r.error.declineType, r.status === "failure" ? decline : undefined, `${code} on ${flow}`);
        }
      }
    });
  }

  // responseCode of a failed payment → [unified, decline]
  const RESPONSE_CODES: [string, string, Decline][] = [
    ["Z9", "insufficient_funds", "soft"],
    ["INSUFFICIENT_BALANCE", "insufficient_funds", "soft"],
    ["ZM", "authentication_failed", "soft"],
    ["INVALID_MPIN", "authentication_failed", "soft"],
    ["Z6", "authentication_failed", "soft"],
    ["ZA", "authentication_failed", "soft"],
    ["REQUEST_DECLINE_BY_REQUESTEE", "authentication_failed", "soft"],
    ["U69", "authentication_failed", "soft"],
    ["Z8", "limit_exceeded", "soft"],
    ["Z7", "limit_exceeded", "soft"],
    ["ZU", "limit_exceeded", "soft"],
    ["U90", "processor_unavailable", "soft"],
    ["UT", "processor_unavailable", "soft"],
    ["U28", "processor_unavailable", "soft"],
    ["TXN_AUTO_FAILED", "processing_error", "soft"],
    ["U30", "processing_error", "soft"],
    ["YE", "transaction_not_allowed", "hard"],
    ["B3", "transaction_not_allowed", "hard"],
    ["ZH", "invalid_request", "hard"],
    ["59", "fraud_suspected", "hard"],
  ];
  for (const [responseCode, unified, decline] of RESPONSE_CODES) {
    it(`payment failure reason ${responseCode}`, async function () {
      const r = await parse<PaymentResult>("psync", psync, 200, body("PAYMENT_ERROR", statusData(MTID, "FAILED", responseCode, true)));
      assert.equal(r.status, "failure");
      assert.equal(r.error?.code, unified);
      assert.equal(r.error?.declineType, decline);
      assert.equal(r.error?.declineCode, responseCode);
      assert.equal(r.error?.connectorCode, "PAYMENT_ERROR");
    });
  }

  // [code, HTTP status, state (undefined: no data), status on refund, status on rsync, unified error, decline]
  const REFUND_CODES: [string, number, string | undefined, string, string, string | undefined, Decline][] = [
    ["PAYMENT_SUCCESS", 200, "COMPLETED", "success", "success", undefined, undefined],
    ["PAYMENT_PENDING", 200, "PENDING", "pending", "pending", undefined, undefined],
    ["PAYMENT_ERROR", 200, "FAILED", "failure", "failure", "processing_error", "soft"],
    ["REVERSAL_WINDOW_EXCEEDED", 400, undefined, "failure", "failure", "transaction_not_allowed", "hard"],
    ["TRANSACTION_NOT_FOUND", 400, undefined, "failure", "failure", "not_found", undefined],
    ["TIMED_OUT", 200, undefined, "pending", "pending", "processor_unavailable", undefined],
    ["INTERNAL_SERVER_ERROR", 200, undefined, "pending", "pending", "processor_unavailable", undefined],
    ["INVALID_TRANSACTION_ID", 400, undefined, "pending", "pending", "duplicate_transaction", undefined],
    ["BAD_REQUEST", 400, undefined, "failure", "pending", "invalid_request", undefined],
    ["AUTHORIZATION_FAILED", 401, undefined, "failure", "pending", "invalid_credentials", undefined],
    ["KEY_NOT_CONFIGURED", 400, undefined, "failure", "pending", "invalid_credentials", undefined],
  ];
  for (const [code, http, state, onRefund, onRsync, unified, decline] of REFUND_CODES) {
    it(`refund ${code}`, async function () {
      const data = state ? statusData(REFUND_ID, state, state === "COMPLETED" ? "SUCCESS" : state === "PENDING" ? "PAYMENT_PENDING" : null, false) : {};
      for (const [flow, request, want] of [
        ["refund", refund, onRefund],
        ["rsync", rsync, onRsync],
      ] as const) {
        const r = await parse<RefundResult>(flow, request, http, body(code, data));
        assert.equal(r.status, want, `${code} on ${flow}`);
        assert.equal(r.connectorRefundId, REFUND_ID);
        assert.equal(r.error?.code, unified, `${code} on ${flow}`);
        if (r.error) {
          assert.equal(r.error.connectorCode, code);
          if (r.status === "failure") assert.equal(r.error.declineType, decline, `${code} on ${flow}`);
        }
        if (r.status === "success") assert.deepEqual(r.refundAmount, { minorAmount: 10000, currency: "INR" });
      }
    });
  }

  it("refund failure reason EXCESS_REFUND_AMOUNT", async function () {
    for (const [flow, request] of [
      ["refund", refund],
      ["rsync", rsync],
    ] as const) {
      const r = await parse<RefundResult>(flow, request, 200, body("PAYMENT_ERROR", statusData(REFUND_ID, "FAILED", "EXCESS_REFUND_AMOUNT", false)));
      assert.equal(r.status, "failure");
      assert.equal(r.error?.code, "invalid_amount");
      assert.equal(r.error?.declineType, "hard");
      assert.equal(r.error?.declineCode, "EXCESS_REFUND_AMOUNT");
    }
  });
});
