// The payment machinery every connector's emulator shares (emulator/core/ledger.ts, webhooks.ts,
// cards.ts): the amounts a processor lets a merchant capture, refund and void, webhook delivery
// and signing, card brands and test-card outcomes. The connector tests (test/connectors/) show
// each emulator answering in its processor's wire format on top of these.
import assert from "node:assert/strict";
import { cardBrand, expired, TestCards } from "../../emulator/core/cards.js";
import { parseJsonObject } from "../../emulator/core/json.js";
import { Ledger } from "../../emulator/core/ledger.js";
import { redirectBack } from "../../emulator/core/redirect.js";
import type { EmuContext } from "../../emulator/core/types.js";
import { deliver, deliverToUrl, hmac } from "../../emulator/core/webhooks.js";

describe("emulator core: ledger", () => {
  it("captures in parts up to the authorization, refuses more, and closes when all is captured", () => {
    const l = new Ledger(1000);
    assert.equal(l.state, "authorized");
    assert.equal(l.capturable, 1000);
    assert.equal(l.capture(300), null);
    assert.equal(l.state, "partially_captured");
    assert.equal(l.capturable, 700);
    assert.deepEqual(l.capture(800), { kind: "exceeds", available: 700 });
    assert.equal(l.captured, 300, "a refused capture changes nothing");
    assert.equal(l.capture(), null, "no amount: all that is left");
    assert.equal(l.captured, 1000);
    assert.equal(l.state, "captured");
    assert.equal(l.capturable, 0);
    assert.deepEqual(l.capture(1), { kind: "capture_closed" });
  });

  it("a final capture releases the rest; release() ends capturing without capturing", () => {
    const l = new Ledger(1000);
    assert.equal(l.capture(400, true), null);
    assert.equal(l.capturable, 0);
    assert.equal(l.state, "captured");
    assert.deepEqual(l.capture(100), { kind: "capture_closed" });
    assert.equal(l.refundable, 400);
    const r = new Ledger(500);
    r.release();
    assert.equal(r.capturable, 0);
    assert.deepEqual(r.capture(1), { kind: "capture_closed" });
    assert.deepEqual(r.refund(1), { kind: "not_captured" });
  });

  it("refunds several times, never more in total than was captured", () => {
    const l = new Ledger(1000);
    assert.deepEqual(l.refund(100), { kind: "not_captured" });
    l.capture(1000);
    assert.equal(l.refund(300), null);
    assert.equal(l.refund(300), null);
    assert.equal(l.state, "partially_refunded");
    assert.equal(l.refundable, 400);
    assert.deepEqual(l.refund(401), { kind: "exceeds", available: 400 });
    assert.equal(l.refunded, 600, "a refused refund changes nothing");
    for (const bad of [0, -5, Number.NaN]) assert.deepEqual(l.refund(bad), { kind: "not_positive" }, String(bad));
    assert.equal(l.refund(), null, "no amount: all that is left");
    assert.equal(l.state, "refunded");
    assert.deepEqual(l.refund(1), { kind: "fully_refunded" });
    l.unrefund(300);
    assert.equal(l.refundable, 300, "a refund that failed later gives its amount back");
    assert.equal(l.state, "partially_refunded");
  });

  it("voids only an authorization nothing was captured from; a voided one takes no capture", () => {
    const l = new Ledger(1000);
    assert.equal(l.void(), null);
    assert.equal(l.state, "voided");
    assert.equal(l.capturable, 0);
    assert.deepEqual(l.capture(1), { kind: "voided" });
    assert.deepEqual(l.void(), { kind: "voided" });
    assert.deepEqual(l.refund(1), { kind: "not_captured" });
    const c = new Ledger(1000);
    c.capture(1);
    assert.deepEqual(c.void(), { kind: "captured" });
    assert.equal(c.state, "partially_captured");
  });

  it("an automatic capture is captured at once; an incremental authorization raises what can be captured", () => {
    const auto = new Ledger(500, { captured: true });
    assert.equal(auto.state, "captured");
    assert.equal(auto.capturable, 0);
    assert.equal(auto.refundable, 500);
    const l = new Ledger(1000);
    l.reauthorize(1500);
    assert.equal(l.capturable, 1500);
    assert.deepEqual(l.capture(1501), { kind: "exceeds", available: 1500 });
    assert.equal(l.capture(1500), null);
    assert.equal(l.state, "captured");
  });
});

describe("emulator core: webhooks", () => {
  // RFC 4231 test case 2 (SHA-256, SHA-512) and RFC 2202 test case 2 (SHA-1).
  it("hmac gives the RFCs' test vectors, as hex and base64", () => {
    const data = "what do ya want for nothing?";
    const sha256 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    assert.equal(hmac("sha256", "Jefe", data, "hex"), sha256);
    assert.equal(hmac("sha256", "Jefe", data, "base64"), Buffer.from(sha256, "hex").toString("base64"));
    assert.equal(hmac("sha1", "Jefe", data, "hex"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    assert.equal(
      hmac("sha512", Buffer.from("Jefe"), data, "hex"),
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    );
  });

  function fakeContext(target: { url: string; secret: string } | null, webhookUrl: string | null) {
    const sent: Array<{ url: string; headers: Record<string, string>; body: string }> = [];
    const ctx = {
      origin: "http://127.0.0.1:1",
      mountPrefix: "/x",
      log: () => {},
      maskPan: (p: string) => p,
      webhookTarget: () => target,
      webhookUrl,
      sendWebhook: (url: string, headers: Record<string, string>, body: string) => {
        sent.push({ url, headers, body });
        return Promise.resolve();
      },
    } satisfies EmuContext;
    return { ctx, sent };
  }

  it("deliver signs with the target's secret and posts to its URL; without a target nothing is built or sent", async () => {
    const { ctx, sent } = fakeContext({ url: "http://merchant.test/hook", secret: "whsec_x" }, null);
    const delivery = deliver(ctx, (secret) => ({ body: "{}", headers: { "X-Sig": hmac("sha256", secret, "{}", "hex") } }));
    assert.ok(delivery);
    await delivery;
    assert.deepEqual(sent, [{ url: "http://merchant.test/hook", headers: { "X-Sig": hmac("sha256", "whsec_x", "{}", "hex") }, body: "{}" }]);

    const none = fakeContext(null, null);
    let built = false;
    assert.equal(deliver(none.ctx, () => ((built = true), { body: "", headers: {} })), null);
    assert.equal(built, false);
    assert.deepEqual(none.sent, []);
  });

  it("deliverToUrl posts to the webhook URL for processors that sign with their own credential", async () => {
    const { ctx, sent } = fakeContext(null, "http://merchant.test/phonepe");
    await deliverToUrl(ctx, () => ({ body: "b", headers: { "X-VERIFY": "v" } }));
    assert.deepEqual(sent, [{ url: "http://merchant.test/phonepe", headers: { "X-VERIFY": "v" }, body: "b" }]);
    assert.equal(deliverToUrl(fakeContext(null, null).ctx, () => assert.fail("not built")), null);
  });
});

describe("emulator core: cards", () => {
  it("cardBrand names the network of the processors' published test cards", () => {
    const cases: Array<[string, string]> = [
      ["4242424242424242", "visa"], ["5555555555554444", "mastercard"], ["2223003122003222", "mastercard"],
      ["378282246310005", "amex"], ["6011111111111117", "discover"], ["3566002020360505", "jcb"],
      ["30569309025904", "diners"], ["6200000000000005", "unionpay"], ["9999999999999995", "unknown"],
    ];
    for (const [pan, brand] of cases) assert.equal(cardBrand(pan), brand, pan);
  });

  it("TestCards: a declining card declines with its processor's decline, before its challenge or approval", () => {
    const cards = new TestCards<{ code: string }>({
      declines: { "4000000000000002": { code: "card_declined" }, "4000000000003220": { code: "first" } },
      challenges: ["4000000000003220", "4000002760003184"],
      approved: ["4242424242424242", "4000002760003184"],
    });
    assert.deepEqual(cards.outcome("4000000000000002"), { kind: "declined", decline: { code: "card_declined" } });
    assert.deepEqual(cards.outcome("4000000000003220"), { kind: "declined", decline: { code: "first" } });
    assert.deepEqual(cards.outcome("4000002760003184"), { kind: "challenge" });
    assert.deepEqual(cards.outcome("4242424242424242"), { kind: "approved" });
    assert.deepEqual(cards.outcome("4111111111111111"), { kind: "unlisted" });
    assert.equal(cards.decline("4242424242424242"), undefined);
    assert.ok(cards.challenges3ds("4000002760003184"));
    assert.ok(cards.approves("4000002760003184") && !cards.approves("4111111111111111"));
  });
});

describe("emulator core: expiry and bodies", () => {
  it("expired: a card is good through its expiry month, and past it the month after", () => {
    const now = new Date(Date.UTC(2026, 4, 15)); // May 2026
    assert.equal(expired(5, 2026, now), false);
    assert.equal(expired(12, 2030, now), false);
    assert.equal(expired(4, 2026, now), true);
    assert.equal(expired(12, 2025, now), true);
    assert.equal(expired(1, 2027, now), false);
  });

  it("parseJsonObject: an object, or null for other JSON and for text that is not JSON; a blank body only when allowed", () => {
    assert.deepEqual(parseJsonObject('{"a":1}'), { a: 1 });
    for (const raw of ["[1]", "null", "3", '"x"', "{", ""]) assert.equal(parseJsonObject(raw), null, raw);
    assert.deepEqual(parseJsonObject("  ", {}), {});
    assert.equal(parseJsonObject("[]", {}), null);
  });
});

describe("emulator core: redirects", () => {
  it("redirectBack: a 302 to the return URL, its own query kept and the processor's parameters added in order", () => {
    assert.deepEqual(redirectBack("https://shop.test/back?order=12xy", { redirect_status: "succeeded", id: "a b" }), {
      status: 302,
      headers: { Location: "https://shop.test/back?order=12xy&redirect_status=succeeded&id=a+b" },
      text: "",
    });
  });
});
