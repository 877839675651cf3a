// Cybersource's createSession through PaymentsClient, the pool and real HTTP against its emulator:
// a Microform Integration v2 capture context (POST /microform/v2/sessions), signed like every
// call, whose targetOrigins is the origin of returnUrl; the JWT comes back as clientToken with its
// exp as expiresAt. Without returnUrl, or with a method Microform does not capture, it is refused
// before anything is sent.
import assert from "node:assert/strict";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarError } from "../../client/errors.js";
import { fetchExecutor, type HttpExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { scenario } from "../../emulator/connectors/cybersource/scenario.js";

describe("Cybersource createSession: Microform capture context (client → pool → emulator)", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let payments: PaymentsClient;
  const sent: HttpRequest[] = [];

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    emu = await startEmulator();
    const recording: HttpExecutor = async (req, init) => {
      sent.push(req);
      return fetchExecutor(req, init);
    };
    payments = new PaymentsClient(pool, { http: recording });
  });
  after(async () => {
    await emu?.close();
    await pool?.close();
  });

  const on = () => ({ connector: "cybersource" as const, auth: scenario.emulator.auth as { merchantId: string; apiKeyId: string; sharedSecret: string }, options: { baseUrl: emu.baseUrls.cybersource! } });
  const usd = (minorAmount: number) => ({ minorAmount, currency: "USD" as const });

  it("answers the capture context JWT as clientToken, for the origin of returnUrl, with its exp as expiresAt", async () => {
    const before = Math.floor(Date.now() / 1000);
    const session = await payments.createSession({
      ...on(),
      request: { merchantTransactionId: "cs-session-1", amount: usd(4500), returnUrl: "https://Shop.Example:8443/checkout/return?order=1", paymentMethodTypes: ["card"] },
    });
    assert.equal(session.status, "success", JSON.stringify(session.error));
    const req = sent.at(-1)!;
    assert.equal(req.method, "POST");
    assert.ok(req.url.endsWith("/microform/v2/sessions"), req.url);
    assert.ok(req.headers.some((h) => h.name === "Signature" && h.sensitive), "signed with the HTTP Signature");
    const body = JSON.parse(req.body!.data) as Record<string, unknown>;
    assert.deepEqual(body.targetOrigins, ["https://shop.example:8443"]);
    assert.equal(body.clientVersion, "v2");
    assert.deepEqual(body.allowedPaymentTypes, ["CARD"]);

    const parts = session.clientToken!.split(".");
    assert.equal(parts.length, 3, "a JWT");
    const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as { exp: number; ctx: Array<{ data: { targetOrigins: string[] } }> };
    assert.deepEqual(claims.ctx[0]!.data.targetOrigins, ["https://shop.example:8443"], "the emulator issued it for that origin");
    assert.equal(session.expiresAt, new Date(claims.exp * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"));
    assert.ok(claims.exp >= before + 800 && claims.exp <= before + 1000, `${claims.exp}`);
  });

  it("http://localhost is a valid target origin (development)", async () => {
    const session = await payments.createSession({ ...on(), request: { merchantTransactionId: "cs-session-2", amount: usd(100), returnUrl: "http://localhost:3000/return" } });
    assert.equal(session.status, "success", JSON.stringify(session.error));
    assert.deepEqual((JSON.parse(sent.at(-1)!.body!.data) as { targetOrigins: string[] }).targetOrigins, ["http://localhost:3000"]);
  });

  it("without returnUrl: 1004 naming request.returnUrl, nothing sent", async () => {
    const count = sent.length;
    await assert.rejects(
      payments.createSession({ ...on(), request: { merchantTransactionId: "cs-session-3", amount: usd(100) } }),
      (e: unknown) => e instanceof SidecarError && e.code === 1004 && e.data?.field === "request.returnUrl" && /targetOrigins/.test(e.message),
    );
    assert.equal(sent.length, count);
  });

  it("a method Microform does not capture: 1003 naming the item", async () => {
    await assert.rejects(
      payments.createSession({ ...on(), request: { merchantTransactionId: "cs-session-4", amount: usd(100), returnUrl: "https://shop.example/r", paymentMethodTypes: ["card", "paypal"] } }),
      (e: unknown) => e instanceof SidecarError && e.code === 1003 && e.data?.field === "request.paymentMethodTypes[1]",
    );
  });

  it("a plain http origin other than localhost: 1005 naming request.returnUrl", async () => {
    await assert.rejects(
      payments.createSession({ ...on(), request: { merchantTransactionId: "cs-session-5", amount: usd(100), returnUrl: "http://shop.example/r" } }),
      (e: unknown) => e instanceof SidecarError && e.code === 1005 && e.data?.field === "request.returnUrl",
    );
  });

  it("createSession is listed as supported", async () => {
    const cs = (await payments.connectors()).find((c) => c.name === "cybersource")!;
    assert.ok(cs.flows.includes("createSession"));
    assert.equal(cs.unsupportedFlows?.find((f) => f.flow === "createSession"), undefined);
  });
});
