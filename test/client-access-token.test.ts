/**
 * PaymentsClient's access tokens for connectors that list `createAccessToken` (PayPal): fetched
 * before the first flow that needs one, kept per connector + credentials + environment until
 * shortly before expiry, fetched again once when the processor refuses it, never in a log line or
 * an error. A scripted pool (with a clock the test moves) for the rules; the real sidecar and the
 * PayPal emulator for a real 401 and for what a redacted log shows.
 */
import assert from "node:assert/strict";
import type { HttpRequest, TransformResponseParams } from "../protocol/index.js";
import { PaymentsClient, type FlowCall, type FlowStep } from "../client/flows.js";
import { fetchExecutor, type HttpExecutor } from "../client/http.js";
import { SidecarPool } from "../client/pool.js";
import { redact } from "../client/redact.js";
import { startEmulator, type Emulator } from "../emulator/index.js";
import { ScriptedPool, connectorInfo } from "./support/scripted-pool.js";
import { usd } from "./support/helpers.js";

const OAUTH_FLOWS = ["createAccessToken", "authorize", "psync", "capture", "void", "refund", "rsync"];
// "oauthy" is the scripted pool's connector, unknown to the types.
const call = { connector: "oauthy", auth: { clientId: "client-1", clientSecret: "secret-1" } } as unknown as FlowCall;
const authorizeRequest = { merchantTransactionId: "o1", amount: usd(1000), paymentMethod: { type: "token" as const, token: { value: "tok_visa" } } };
const answered: HttpExecutor = async () => ({ status: 200, body: "{}" });

/** A token server: each createAccessToken answers the next token, `tok-1`, `tok-2`... */
function tokens(expiresInSeconds: number | undefined = 3600) {
  let n = 0;
  return () => ({
    status: "success",
    state: { accessToken: `tok-${++n}` },
    ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }),
    httpStatus: 200,
  });
}

const refused = { status: "failure", httpStatus: 401, error: { code: "invalid_credentials", message: "the access token was refused", connectorCode: "invalid_token", connectorMessage: null } };
const authorized = (p: TransformResponseParams) => ({
  status: "authorized",
  connectorTransactionId: "pay_1",
  state: { paypalObject: "authorization" },
  httpStatus: 201,
  sentWith: p.request.state?.accessToken,
});

function setup(results: ConstructorParameters<typeof ScriptedPool>[0], opts: { start?: number; accessTokens?: "auto" | "manual" } = {}) {
  const pool = new ScriptedPool(results, [connectorInfo("oauthy", OAUTH_FLOWS), connectorInfo("plain", ["authorize", "psync"])]);
  const clock = { now: opts.start ?? 1_000_000 };
  const client = new PaymentsClient(pool as unknown as SidecarPool, {
    http: answered,
    clock: () => clock.now,
    ...(opts.accessTokens ? { accessTokens: opts.accessTokens } : {}),
  });
  /** The access token each sent request carried, by flow. */
  const carried = () => pool.sent.map((p) => `${p.flow}:${(p.request as { state?: Record<string, string> }).state?.accessToken ?? "-"}`);
  return { pool, client, clock, carried };
}

describe("PaymentsClient access tokens (scripted pool)", () => {
  it("fetches the token once before the first flow and reuses it on every later call, under the payment's own state", async () => {
    const { client, carried, pool } = setup({
      createAccessToken: tokens(),
      authorize: authorized,
      capture: { status: "charged", connectorTransactionId: "cap_1", state: { paypalObject: "capture" }, httpStatus: 201 },
      refund: { status: "success", connectorRefundId: "re_1", httpStatus: 201 },
    });
    const payment = await client.authorize({ ...call, request: authorizeRequest });
    const captured = await client.capture({ ...call, payment, request: { amountToCapture: usd(600) } });
    await client.refund({ ...call, payment: captured, request: { merchantRefundId: "r1", refundAmount: usd(100) } });
    assert.deepEqual(carried(), ["createAccessToken:-", "authorize:tok-1", "capture:tok-1", "refund:tok-1"]);
    assert.deepEqual(pool.request("capture").state, { accessToken: "tok-1", paypalObject: "authorization" });
    assert.deepEqual(pool.request("createAccessToken"), {}, "the token request carries nothing of the flow's");
  });

  it("concurrent calls share one fetch", async () => {
    const { client, carried } = setup({ createAccessToken: tokens(), psync: { status: "authorized", httpStatus: 200 } });
    await Promise.all([1, 2, 3].map((i) => client.sync({ ...call, request: { connectorTransactionId: `pay_${i}` } })));
    assert.deepEqual(carried(), ["createAccessToken:-", "psync:tok-1", "psync:tok-1", "psync:tok-1"]);
  });

  it("fetches a new token shortly before the old one expires (at most 60 s, or a tenth of its life, before)", async () => {
    const { client, clock, carried } = setup({ createAccessToken: tokens(3600), psync: { status: "authorized", httpStatus: 200 } });
    const sync = () => client.sync({ ...call, request: { connectorTransactionId: "pay_1" } });
    await sync();
    clock.now += 3539_000; // 61 s left: still good
    await sync();
    clock.now += 2_000; // 59 s left: fetched again
    await sync();
    await sync();
    assert.deepEqual(carried(), ["createAccessToken:-", "psync:tok-1", "psync:tok-1", "createAccessToken:-", "psync:tok-2", "psync:tok-2"]);

    const short = setup({ createAccessToken: tokens(100), psync: { status: "authorized", httpStatus: 200 } });
    await short.client.sync({ ...call, request: { connectorTransactionId: "pay_1" } });
    short.clock.now += 91_000; // a 100 s token is renewed 10 s before its end
    await short.client.sync({ ...call, request: { connectorTransactionId: "pay_1" } });
    assert.deepEqual(short.carried(), ["createAccessToken:-", "psync:tok-1", "createAccessToken:-", "psync:tok-2"]);
  });

  it("a token the processor refuses (401) is fetched again and the request sent once more, once", async () => {
    let authorizes = 0;
    const { client, carried } = setup({ createAccessToken: tokens(), authorize: (p: TransformResponseParams) => (++authorizes === 1 ? refused : authorized(p)) });
    const result = await client.authorize({ ...call, request: authorizeRequest });
    assert.equal(result.status, "authorized");
    assert.deepEqual(carried(), ["createAccessToken:-", "authorize:tok-1", "createAccessToken:-", "authorize:tok-2"]);
    // The new token is the one kept.
    await client.authorize({ ...call, request: authorizeRequest });
    assert.equal(carried().at(-1), "authorize:tok-2");

    // Refused again with the new token: no loop, the processor's answer is the result.
    const always = setup({ createAccessToken: tokens(), psync: refused });
    const r = await always.client.sync({ ...call, request: { connectorTransactionId: "pay_1" } });
    assert.equal(r.httpStatus, 401);
    assert.equal(r.error?.code, "invalid_credentials");
    assert.deepEqual(always.carried(), ["createAccessToken:-", "psync:tok-1", "createAccessToken:-", "psync:tok-2"]);
  });

  it("the caller's own token wins: nothing is fetched and the request is sent as given", async () => {
    const { client, carried } = setup({ createAccessToken: tokens(), psync: refused });
    const r = await client.sync({ ...call, request: { connectorTransactionId: "pay_1", state: { accessToken: "callers-own", paypalObject: "authorization" } } });
    assert.equal(r.status, "failure", "a refused token of the caller's is the caller's to renew");
    assert.deepEqual(carried(), ["psync:callers-own"]);

    const manual = setup({ createAccessToken: tokens(), psync: { status: "authorized", httpStatus: 200 } }, { accessTokens: "manual" });
    await manual.client.sync({ ...call, request: { connectorTransactionId: "pay_1" } });
    assert.deepEqual(manual.carried(), ["psync:-"]);
  });

  it("a token is kept per credentials and environment; connectors without createAccessToken never get one", async () => {
    const { client, carried } = setup({ createAccessToken: tokens(), psync: { status: "authorized", httpStatus: 200 } });
    // Scripted connectors ("oauthy", "plain") the types do not know.
    const sync = (c: { connector: string; auth: Record<string, string>; options?: { environment?: "sandbox" | "production"; baseUrl?: string } }) =>
      client.sync({ ...(c as FlowCall), request: { connectorTransactionId: "pay_1" } });
    await sync(call);
    await sync({ ...call, auth: { clientId: "client-2", clientSecret: "secret-2" } });
    await sync({ ...call, options: { environment: "production" } });
    await sync({ ...call, options: { baseUrl: "http://127.0.0.1:1" } });
    await sync(call);
    await sync({ ...call, connector: "plain" });
    assert.deepEqual(carried(), [
      "createAccessToken:-", "psync:tok-1",
      "createAccessToken:-", "psync:tok-2",
      "createAccessToken:-", "psync:tok-3",
      "createAccessToken:-", "psync:tok-4",
      "psync:tok-1",
      "psync:-",
    ]);
  });

  it("no token: the flow is not sent and fails with the token's error; the next call tries again", async () => {
    let fetches = 0;
    const { client, carried } = setup({
      createAccessToken: () =>
        ++fetches === 1
          ? { status: "failure", httpStatus: 401, error: { code: "invalid_credentials", message: "Client Authentication failed", connectorCode: "invalid_client", connectorMessage: null } }
          : tokens()(),
      authorize: authorized,
    });
    const failed = await client.authorize({ ...call, request: authorizeRequest });
    assert.equal(failed.status, "failure", "nothing was sent: nothing can have happened to the money");
    assert.equal(failed.error?.code, "invalid_credentials");
    assert.match(failed.error?.message ?? "", /^no access token: Client Authentication failed/);
    assert.ok(!JSON.stringify(failed).includes("secret-1"));
    const ok = await client.authorize({ ...call, request: authorizeRequest });
    assert.equal(ok.status, "authorized");
    assert.deepEqual(carried(), ["createAccessToken:-", "createAccessToken:-", "authorize:tok-1"]);
  });
});

describe("PaymentsClient access tokens (real sidecar, PayPal emulator)", function () {
  let pool: SidecarPool;
  let emulator: Emulator;
  const auth = { clientId: "AUv8rrc_token_test_client", clientSecret: "EKmD_token_test_secret" };

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    emulator = await startEmulator();
  });
  after(async () => {
    await pool?.close();
    await emulator?.close();
  });

  it("a token PayPal refuses is replaced transparently; no token or secret in the redacted steps or in an error", async () => {
    const steps: FlowStep[] = [];
    const sentTokens = new Set<string>();
    let spoiled = false;
    // Spoils the bearer of the first authorize, as if PayPal had revoked the token early.
    const http: HttpExecutor = async (req: HttpRequest, o) => {
      const bearer = req.headers.find((h) => h.name.toLowerCase() === "authorization" && h.value.startsWith("Bearer "));
      if (bearer) sentTokens.add(bearer.value.slice(7));
      if (bearer && !spoiled && req.url.endsWith("/v2/checkout/orders")) {
        spoiled = true;
        return fetchExecutor({ ...req, headers: req.headers.map((h) => (h === bearer ? { ...h, value: "Bearer A21AA-revoked" } : h)) }, o);
      }
      return fetchExecutor(req, o);
    };
    const client = new PaymentsClient(pool, { http, onStep: (s) => steps.push(s) });
    const call: FlowCall = { connector: "paypal", auth, options: { baseUrl: emulator.baseUrls.paypal } };
    const payment = await client.authorize({
      ...call,
      request: {
        merchantTransactionId: "token-test-1",
        amount: usd(1000),
        paymentMethod: { type: "card", card: { number: "4111111111111111", expMonth: "03", expYear: "2030", cvc: "123" } },
        captureMethod: "manual",
      },
    });
    assert.equal(payment.status, "authorized");
    const voided = await client.void({ ...call, payment, request: {} });
    assert.equal(voided.status, "voided");
    assert.deepEqual(
      steps.filter((s) => s.step === "request").map((s) => s.flow),
      ["createAccessToken", "authorize", "createAccessToken", "authorize", "void"],
    );
    const refusedStep = steps.find((s) => s.step === "result" && s.flow === "authorize");
    assert.equal(refusedStep?.step === "result" && refusedStep.result.httpStatus, 401, "the emulator refused the spoiled token");

    assert.equal(sentTokens.size, 2);
    const logged = JSON.stringify(steps.map((s) => redact(s)));
    for (const t of sentTokens) assert.ok(!logged.includes(t), "no access token in the redacted steps");
    assert.ok(!logged.includes(auth.clientSecret) && !logged.includes(Buffer.from(`${auth.clientId}:${auth.clientSecret}`).toString("base64")));

    // A wrong secret: the flow fails with the token's error, which names neither secret nor token.
    const wrong = await client.sync({ ...call, auth: { ...auth, clientSecret: "rejected-secret" }, payment, request: {} });
    assert.equal(wrong.status, "failure");
    assert.equal(wrong.error?.code, "invalid_credentials");
    const error = JSON.stringify(wrong);
    assert.ok(!error.includes("rejected-secret"));
    for (const t of sentTokens) assert.ok(!error.includes(t));
  });
});
