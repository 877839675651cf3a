// Cybersource 3-D Secure by Payer Authentication through the real client (SidecarPool, zod on)
// against the loopback emulator (emulator/connectors/cybersource/payer-auth.ts), one authorize per
// step with the previous result's state: setup (device data collection form) → enrollment check
// with the authorization (frictionless: authorized; challenge: the step-up form) → validation
// with the authorization (authorized, or authentication_failed). Then the payment lives on as any
// other: capture and psync by its id.
import assert from "node:assert/strict";

import { fetchExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { PaymentResult, TransformRequestParams } from "../../protocol/index.js";
import { CYBERSOURCE_MERCHANT } from "../../emulator/connectors/cybersource/index.js";
import { FAILING_CHALLENGE_CARD, FRICTIONLESS_CARD } from "../../emulator/connectors/cybersource/payer-auth.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

type Flow = TransformRequestParams["flow"];
const RETURN_URL = "https://shop.example.com/3ds/return";

describe("cybersource Payer Authentication (threeDs.mode challenge) through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let seq = 0;
  const unique = (p: string) => `${p}-${process.pid}-${++seq}`;

  before(async () => {
    emu = await startEmulator({ log: () => {} });
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
  });

  async function run(flow: Flow, req: unknown): Promise<{ result: PaymentResult; url: string; body: unknown }> {
    const params = { connector: "cybersource", flow, auth: CYBERSOURCE_MERCHANT, request: req, options: { baseUrl: emu.baseUrls.cybersource } };
    const http = await pool.transformRequest(params as TransformRequestParams);
    const response = await fetchExecutor(http, { signal: AbortSignal.timeout(5000) });
    const result = (await pool.transformResponse({ ...params, response } as never)) as PaymentResult;
    return { result, url: http.url, body: http.body ? JSON.parse(http.body.data) : null };
  }

  function authorize(number: string, extra: Record<string, unknown> = {}) {
    return {
      merchantTransactionId: unique("order3ds"),
      amount: { minorAmount: 10221, currency: "USD" },
      paymentMethod: { type: "card", card: { number, expMonth: "12", expYear: "2031", cvc: "123" } },
      captureMethod: "manual",
      customer: { email: "jane@example.com" },
      billingAddress: { firstName: "Jane", lastName: "Doe", line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
      returnUrl: RETURN_URL,
      threeDs: { mode: "challenge" },
      ...extra,
    };
  }

  /** Step 1: the setup; its result is the device data collection form. */
  async function setup(request: Record<string, unknown>) {
    const { result, url } = await run("authorize", request);
    assert.ok(url.endsWith("/risk/v1/authentication-setups"), url);
    assert.equal(result.status, "authentication_pending");
    assert.equal(result.connectorStatus, "COMPLETED");
    assert.equal(result.redirection?.method, "POST");
    assert.match(result.redirection?.url ?? "", /^https:\/\/.+\/Cruise\/Collect$/);
    assert.match(result.redirection?.form?.JWT ?? "", /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(result.state?.cybersource3ds, "enroll");
    assert.match(result.state?.referenceId ?? "", /^[0-9a-f-]{36}$/);
    return result;
  }

  it("challenge: setup → enrollment check (PENDING_AUTHENTICATION, step-up form) → validation → authorized → capture → psync", async () => {
    const request = authorize("4111111111111111");
    const first = await setup(request);

    const enroll = await run("authorize", { ...request, state: first.state });
    assert.ok(enroll.url.endsWith("/pts/v2/payments"));
    assert.deepEqual((enroll.body as { processingInformation: { actionList: string[] } }).processingInformation.actionList, ["CONSUMER_AUTHENTICATION"]);
    assert.equal(enroll.result.status, "authentication_pending");
    assert.equal(enroll.result.connectorStatus, "PENDING_AUTHENTICATION");
    assert.equal(enroll.result.error, undefined, "a pending authentication is the next step, not an error");
    assert.match(enroll.result.redirection?.url ?? "", /\/Cruise\/StepUp$/);
    assert.ok(enroll.result.redirection?.form?.JWT);
    assert.equal(enroll.result.nextAction?.type, "redirect");
    assert.equal(enroll.result.state?.cybersource3ds, "validate");
    assert.ok(enroll.result.state?.authenticationTransactionId);

    const validated = await run("authorize", { ...request, state: enroll.result.state });
    assert.deepEqual((validated.body as { processingInformation: { actionList: string[] } }).processingInformation.actionList, ["VALIDATE_CONSUMER_AUTHENTICATION"]);
    assert.equal(validated.result.status, "authorized");
    assert.equal(validated.result.state, undefined, "nothing left to carry");
    const id = validated.result.connectorTransactionId!;
    assert.match(id, /^\d{22}$/);

    // The same authenticationTransactionId is good once.
    const again = await run("authorize", { ...request, state: enroll.result.state });
    assert.equal(again.result.status, "failure");
    assert.equal(again.result.error?.code, "invalid_request");

    const capture = await run("capture", { connectorTransactionId: id, amountToCapture: { minorAmount: 10221, currency: "USD" } });
    assert.equal(capture.result.status, "charged");
    const synced = await run("psync", { connectorTransactionId: id, state: capture.result.state });
    assert.equal(synced.result.status, "charged");
  });

  it("frictionless: setup → enrollment check authorizes in the same call (automatic capture: charged)", async () => {
    const request = authorize(FRICTIONLESS_CARD, { captureMethod: "automatic" });
    const first = await setup(request);
    const enroll = await run("authorize", { ...request, state: first.state });
    assert.equal(enroll.result.status, "charged");
    assert.equal(enroll.result.connectorStatus, "AUTHORIZED");
    assert.equal(enroll.result.redirection, undefined);
    assert.match(enroll.result.connectorTransactionId ?? "", /^\d{22}$/);
  });

  it("a failed challenge: the validation answers CONSUMER_AUTHENTICATION_FAILED → authentication_failed, nothing authorized", async () => {
    const request = authorize(FAILING_CHALLENGE_CARD);
    const first = await setup(request);
    const enroll = await run("authorize", { ...request, state: first.state });
    assert.equal(enroll.result.status, "authentication_pending");
    const validated = await run("authorize", { ...request, state: enroll.result.state });
    assert.equal(validated.result.status, "authentication_failed");
    assert.equal(validated.result.error?.code, "authentication_failed");
    assert.equal(validated.result.error?.connectorCode, "CONSUMER_AUTHENTICATION_FAILED");
  });

  it("refused before sending: no returnUrl for the enrollment check, a state without its referenceId, a token with challenge", async () => {
    const request = authorize("4111111111111111");
    const first = await setup(request);
    const { returnUrl: _, ...withoutReturn } = request;
    await assert.rejects(run("authorize", { ...withoutReturn, state: first.state }), (e: { code?: number; data?: { field?: string } }) => {
      assert.equal(e.code, 1004);
      assert.equal(e.data?.field, "request.returnUrl");
      return true;
    });
    await assert.rejects(run("authorize", { ...request, state: { cybersource3ds: "enroll" } }), (e: { data?: { field?: string } }) => {
      assert.equal(e.data?.field, "request.state.referenceId");
      return true;
    });
    await assert.rejects(
      run("authorize", { ...request, paymentMethod: { type: "token", token: { value: "eyJraWQiOiIwOGQ.eyJkYXRhIjp7.c2lnbmF0dXJl" } } }),
      (e: { code?: number; data?: { field?: string } }) => {
        assert.equal(e.code, 1005);
        assert.equal(e.data?.field, "request.threeDs.mode");
        return true;
      },
    );
  });
});
