// Adyen beyond one payment (issue 12), through PaymentsClient, the pool and real HTTP against the
// emulator, with its HMAC-signed webhooks read by the sidecar (and checked with Adyen's own
// library): a /sessions session paid by the front end, then an amount update confirmed by
// AUTHORISATION_ADJUSTMENT, capture of the new total and a reversal; a defendable chargeback from
// its webhooks to defense documents, the defense and the outcome (CHARGEBACK_REVERSED); accepting
// a dispute; a stored payment method deleted and no longer chargeable.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import adyen from "@adyen/api-library";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { SidecarError } from "../../client/errors.js";
import type { WebhookEvent } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

const HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
const AUTH = { apiKey: "AQE_issue12_test_key", merchantAccount: "TestMerchant" };
const eur = (minorAmount: number) => ({ minorAmount, currency: "EUR" as const });
const card = (holderName = "Jane Doe") => ({ type: "card" as const, card: { number: "4111111111111111", expMonth: "03", expYear: "2030", cvc: "737", holderName } });
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n").toString("base64");

describe("Adyen issue 12 flows through the client against the emulator, with signed webhooks", function () {
  this.timeout(60_000);
  let pool: SidecarPool;
  let emulator: Emulator;
  let endpoint: Server;
  let payments: PaymentsClient;
  const events: WebhookEvent[] = [];
  const unsignedByAdyenRules: string[] = [];
  const libraryValidator = new adyen.hmacValidator();

  before(async () => {
    pool = await SidecarPool.start({ size: 1, validate: true });
    payments = new PaymentsClient(pool);
    endpoint = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        for (const w of (JSON.parse(body) as { notificationItems: { NotificationRequestItem: Record<string, unknown> }[] }).notificationItems) {
          if (!libraryValidator.validateHMAC(w.NotificationRequestItem as never, HMAC_KEY)) unsignedByAdyenRules.push(String(w.NotificationRequestItem.eventCode));
        }
        const r = await payments.parseWebhook({ connector: "adyen", headers: req.headers as Record<string, string>, body, secret: HMAC_KEY });
        assert.equal(r.verified, true, r.reason);
        events.push(...r.events);
        res.writeHead(r.acknowledgement.status, { "Content-Type": r.acknowledgement.contentType });
        res.end(r.acknowledgement.body);
      });
    });
    await new Promise<void>((ok) => endpoint.listen(0, "127.0.0.1", ok));
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/webhooks/adyen`;
    emulator = await startEmulator({ webhooks: { url, secrets: { adyen: HMAC_KEY } } });
  });
  after(async () => {
    await emulator?.close();
    await new Promise<void>((ok) => (endpoint ? endpoint.close(() => ok()) : ok()));
    await pool?.close();
    assert.deepEqual(unsignedByAdyenRules, [], "every item is signed as Adyen's library checks it");
  });

  const on = () => ({ connector: "adyen" as const, auth: AUTH, options: { baseUrl: emulator.baseUrls.adyen } });
  async function delivered(): Promise<WebhookEvent[]> {
    await emulator.webhooksDelivered();
    return events;
  }
  const root = () => emulator.baseUrls.adyen.replace(/\/v71$/, "");

  it("createSession with applePayMerchantValidation: Apple's merchant session from /applePay/sessions, for completeMerchantValidation", async () => {
    const validation = { displayName: "Hotel Example", domainName: "shop.example.com", merchantIdentifier: "merchant.com.example.shop" };
    const session = await payments.createSession({
      ...on(),
      request: { merchantTransactionId: "applepay-order-1", amount: eur(12000), applePayMerchantValidation: validation },
    });
    assert.equal(session.status, "success", JSON.stringify(session.error));
    assert.equal(session.sessionId, undefined, "Apple's merchant session has no Adyen session id");
    const merchantSession = JSON.parse(Buffer.from(session.sessionData!, "base64").toString("utf8")) as Record<string, unknown>;
    assert.equal(merchantSession["merchantIdentifier"], validation.merchantIdentifier);
    assert.equal(merchantSession["domainName"], validation.domainName);
    assert.equal(merchantSession["displayName"], validation.displayName);

    await assert.rejects(
      payments.createSession({ ...on(), request: { merchantTransactionId: "applepay-order-2", amount: eur(12000), applePayMerchantValidation: { ...validation, domainName: " " } } }),
      (e: unknown) => e instanceof SidecarError && e.code === 1004 && e.data?.field === "request.applePayMerchantValidation.domainName",
    );
  });

  it("createSession → the front end pays → AUTHORISATION → incrementAuthorization → AUTHORISATION_ADJUSTMENT → capture → reverse", async () => {
    const session = await payments.createSession({
      ...on(),
      request: { merchantTransactionId: "hotel-adyen-1", amount: eur(10000), captureMethod: "manual", returnUrl: "https://shop.example/return", countryCode: "NL", idempotencyKey: "hotel-adyen-1" },
    });
    assert.equal(session.status, "success", JSON.stringify(session));
    assert.match(session.sessionId ?? "", /^CS[A-Z0-9]+$/);
    assert.ok(session.sessionData && session.expiresAt && Date.parse(session.expiresAt) > Date.now());

    // Drop-in in the shopper's browser, with the session's id and data
    const paid = await fetch(`${root()}/_emulator/sessions/${session.sessionId}/pay?sessionData=${encodeURIComponent(session.sessionData!)}`, { method: "POST" });
    assert.equal(paid.status, 200);
    const authorisation = (await delivered()).find((e) => e.eventType === "AUTHORISATION" && e.merchantTransactionId === "hotel-adyen-1");
    assert.ok(authorisation, "no AUTHORISATION webhook for the session's reference");
    assert.equal(authorisation.paymentStatus, "authorized");
    const psp = authorisation.connectorTransactionId!;

    const raised = await payments.incrementAuthorization({ ...on(), request: { connectorTransactionId: psp, additionalAmount: eur(2500), paymentAmount: eur(10000), idempotencyKey: "hotel-adyen-1:incr" } });
    assert.equal(raised.status, "pending", JSON.stringify(raised));
    const adjusted = (await delivered()).filter((e) => e.eventType === "AUTHORISATION_ADJUSTMENT" && e.connectorTransactionId === psp);
    assert.deepEqual(adjusted.map((e) => [e.paymentStatus, e.amount?.minorAmount]), [["authorized", 12500]]);

    const captured = await payments.capture({ ...on(), payment: { connectorTransactionId: psp }, request: { amountToCapture: eur(12500), paymentAmount: eur(12500) } });
    assert.equal(captured.status, "capture_initiated");
    const capture = (await delivered()).filter((e) => e.eventType === "CAPTURE" && e.connectorTransactionId === psp);
    assert.deepEqual(capture.map((e) => e.paymentStatus), ["charged"], "Adyen captured the raised total");

    // after the capture an increment is refused by Adyen's webhook
    await payments.incrementAuthorization({ ...on(), request: { connectorTransactionId: psp, additionalAmount: eur(100), paymentAmount: eur(12500) } });
    const refused = (await delivered()).filter((e) => e.eventType === "AUTHORISATION_ADJUSTMENT" && e.connectorTransactionId === psp);
    assert.deepEqual(refused.map((e) => e.paymentStatus), ["authorized", "failure"]);

    const reversed = await payments.reverse({ ...on(), payment: { connectorTransactionId: psp }, request: { merchantReverseId: "reverse-hotel-1" } });
    assert.equal(reversed.status, "void_initiated");
    const cor = (await delivered()).filter((e) => e.eventType === "CANCEL_OR_REFUND" && e.connectorTransactionId === psp);
    assert.deepEqual(cor.map((e) => [e.kind, e.refundStatus]), [["refund", "success"]], "a captured payment is reversed by a refund");
  });

  it("reverse of an uncaptured payment is a cancel (CANCEL_OR_REFUND, modification.action cancel)", async () => {
    const auth = await payments.authorize({ ...on(), request: { merchantTransactionId: "rev-2", amount: eur(3000), paymentMethod: card(), captureMethod: "manual", returnUrl: "https://shop.example/return" } });
    assert.equal(auth.status, "authorized");
    assert.equal((await payments.reverse({ ...on(), payment: auth, request: {} })).status, "void_initiated");
    const cor = (await delivered()).filter((e) => e.eventType === "CANCEL_OR_REFUND" && e.connectorTransactionId === auth.connectorTransactionId);
    assert.deepEqual(cor.map((e) => [e.kind, e.paymentStatus]), [["payment", "voided"]]);
  });

  it("a defendable chargeback: its webhooks → defense documents → defendDispute → CHARGEBACK_REVERSED (won)", async () => {
    const paid = await payments.authorize({ ...on(), request: { merchantTransactionId: "dispute-adyen-1", amount: eur(4200), paymentMethod: card("CHARGEBACK_DEFENDABLE"), returnUrl: "https://shop.example/return" } });
    assert.equal(paid.status, "charged");
    const opened = (await delivered()).filter((e) => e.kind === "dispute" && e.connectorTransactionId === paid.connectorTransactionId);
    assert.deepEqual(opened.map((e) => [e.eventType, e.disputeStatus]), [["NOTIFICATION_OF_CHARGEBACK", "needs_response"], ["CHARGEBACK", "needs_response"]]);
    const dispute = opened[1]!;
    assert.equal(dispute.reasonCode, "10.4");
    assert.ok(dispute.dueBy && /Z$/.test(dispute.dueBy) && Date.parse(dispute.dueBy) > Date.now(), dispute.dueBy);
    assert.deepEqual(dispute.amount, eur(4200));

    // defending without the documents the reason needs: Adyen says no
    const early = await payments.defendDispute({ ...on(), dispute, request: { defenseReasonCode: "SupplyDefenseMaterial" } });
    assert.equal(early.status, "failure");
    assert.match(early.error?.message ?? "", /DefenseMaterial/);
    // Adyen has no dispute read
    await assert.rejects(payments.disputeSync({ ...on(), dispute, request: {} }), /no call that reads a dispute/);

    const supplied = await payments.submitDisputeEvidence({
      ...on(),
      dispute,
      request: { evidence: [{ type: "uncategorized", file: { filename: "defense.pdf", contentType: "application/pdf", data: PDF } }, { type: "receipt", file: { filename: "invoice.pdf", contentType: "application/pdf", data: PDF } }] },
    });
    assert.equal(supplied.status, "needs_response", JSON.stringify(supplied));
    const defended = await payments.defendDispute({ ...on(), dispute, request: { defenseReasonCode: "SupplyDefenseMaterial" } });
    assert.equal(defended.status, "challenged", JSON.stringify(defended));
    const outcome = (await delivered()).filter((e) => e.connectorDisputeId === dispute.connectorDisputeId && e.eventType === "CHARGEBACK_REVERSED");
    assert.deepEqual(outcome.map((e) => e.disputeStatus), ["won"]);
    // decided: no more accepting
    assert.equal((await payments.acceptDispute({ ...on(), dispute, request: {} })).status, "failure");
  });

  it("acceptDispute on a new chargeback; accepting again fails", async () => {
    const paid = await payments.authorize({ ...on(), request: { merchantTransactionId: "dispute-adyen-2", amount: eur(990), paymentMethod: card("CHARGEBACK_DEFENDABLE"), returnUrl: "https://shop.example/return" } });
    const dispute = (await delivered()).find((e) => e.eventType === "CHARGEBACK" && e.connectorTransactionId === paid.connectorTransactionId)!;
    assert.equal((await payments.acceptDispute({ ...on(), dispute, request: {} })).status, "accepted");
    const again = await payments.acceptDispute({ ...on(), dispute, request: {} });
    assert.equal(again.status, "failure");
    assert.match(again.error?.connectorMessage ?? "", /Accepted/);
  });

  it("revokeMandate deletes the stored payment method: repeatPayment on it fails afterwards", async () => {
    const mandate = await payments.setupMandate({ ...on(), request: { merchantTransactionId: "save-adyen-1", amount: eur(0), paymentMethod: card(), customer: { id: "shopper-12" }, returnUrl: "https://shop.example/return" } });
    assert.equal(mandate.status, "authorized", JSON.stringify(mandate));
    assert.ok(mandate.mandateReference);
    const repeat = () => payments.repeatPayment({ ...on(), mandate, request: { merchantTransactionId: `o-${Math.random()}`, amount: eur(500), customer: { id: "shopper-12" }, returnUrl: "https://shop.example/return" } });
    assert.equal((await repeat()).status, "charged");
    // another shopper's reference does not delete it
    const stranger = await payments.revokeMandate({ ...on(), mandate, request: { customer: { id: "shopper-99" } } });
    assert.equal(stranger.status, "failure");
    const revoked = await payments.revokeMandate({ ...on(), mandate, request: { customer: { id: "shopper-12" } } });
    assert.equal(revoked.status, "revoked", JSON.stringify(revoked));
    assert.equal((await repeat()).status, "failure");
  });
});
