/**
 * The lifecycle the demo runs for every connector, with the connector's own test data (its
 * `scenario.ts`): what runs is driven by what `listConnectors` says the connector supports, and
 * each flow it cannot do is skipped with the processor's reason.
 */
import type { AuthorizeRequest, ConnectorInfo, Money, PaymentResult } from "../protocol/index.js";
import { ERROR_CODES } from "../protocol/index.js";
import { SidecarError, type PaymentRef, type PaymentsClient, type RefundOutcome } from "../client/index.js";
import type { SectionReport } from "./report.js";
import { formatMoney, orderId, type Call, type Section, type Shopper, type Target } from "./scenario.js";
import { colors, wantsColor } from "../client/colors.js";
import type { WebhookInbox } from "./webhook-endpoint.js";

const { bold, dim, red } = colors(wantsColor(process.stdout));

/** One connector's part of the demo. Each flow it cannot do is skipped with the processor's reason. */
export interface Lifecycle {
  client: PaymentsClient;
  connector: ConnectorInfo;
  target: Target;
  shopper: Shopper;
  inbox: WebhookInbox;
  /** Resolves once the processor's notifications sent so far have reached the endpoint. */
  delivered: () => Promise<void>;
  s: Section;
  /** What every call of this connector carries. */
  call: Call;
  /** This section's record, for what is more than a step (the webhook events). */
  report: SectionReport;
  /** For processors that refund only settled payments; `settle` is undefined against a sandbox. */
  settlement?: { why: string; settle?: (connectorTransactionId: string) => Promise<Response> };
}

/** A new payment of the shopper's, for authorize. */
function paymentRequest(shopper: Shopper, order: string, captureMethod: "manual" | "automatic"): AuthorizeRequest {
  return {
    merchantTransactionId: order,
    amount: shopper.amount,
    paymentMethod: shopper.paymentMethod,
    captureMethod,
    customer: shopper.customer,
    ...(shopper.billingAddress ? { billingAddress: shopper.billingAddress } : {}),
    ...(shopper.browserInfo ? { browserInfo: shopper.browserInfo } : {}),
    ...(shopper.returnUrl ? { returnUrl: shopper.returnUrl } : {}),
    webhookUrl: "https://shop.example/webhooks",
    idempotencyKey: `${order}-authorize`,
  };
}


/** authorize (manual) → capture part → refund part, twice → the refund's status. */
export async function captureAndRefund({ client, connector, shopper, s, call, settlement }: Lifecycle): Promise<void> {
  const order = orderId("order");
  const { currency } = shopper.amount;
  const canCapture = await client.supports(connector.name, "capture");

  // 1. Authorize. Manual capture where the processor can capture later; otherwise it charges now.
  let payment = await client.authorize({ ...call, request: paymentRequest(shopper, order, canCapture.supported ? "manual" : "automatic") });
  const authorizedAs = canCapture.supported ? "authorized" : "charged";
  if (!s.step(`authorize (${canCapture.supported ? "manual capture" : "automatic capture"})`, [authorizedAs, "authentication_pending", "pending"], payment, { name: "authorize" })) return;

  // Some payments finish out of band (a UPI collect request waits for the shopper's app): poll.
  for (let i = 0; i < 3 && ["authentication_pending", "pending", "authorizing"].includes(payment.status); i++) {
    payment = await client.sync({ ...call, payment, request: {} });
    s.step("sync (until the shopper approves)", [authorizedAs, "authentication_pending", "pending"], payment, { name: "sync" });
  }
  if (payment.status !== authorizedAs) return void s.step("payment settled", [authorizedAs], payment, { name: "payment settled" });

  // 2. Capture part of it: the rest of the authorization is released. A processor that can only
  //    capture everything (Square) refuses a partial amount before anything is sent: capture it all.
  let captured = shopper.amount.minorAmount;
  // What refunds act on: the capture where the processor names it apart (PayPal refunds a
  // capture id, and its state says so), with the payment's state under it.
  let refundable: PaymentRef = payment;
  if (canCapture.supported) {
    const capture = async (minorAmount: number) =>
      client.capture({
        ...call,
        payment,
        request: {
          amountToCapture: { minorAmount, currency },
          paymentAmount: shopper.amount,
          merchantCaptureId: `${order}-capture`,
          idempotencyKey: `${order}-capture`,
        },
      });
    captured = Math.floor((shopper.amount.minorAmount * 3) / 5);
    let result: PaymentResult;
    try {
      result = await capture(captured);
    } catch (e) {
      if (!(e instanceof SidecarError && e.code === ERROR_CODES.InvalidFieldValue && e.data.field?.startsWith("request.amountToCapture"))) throw e;
      s.skip("partial capture", e.message);
      captured = shopper.amount.minorAmount;
      result = await capture(captured);
    }
    // Stripe captures at once; Adyen accepts the capture and confirms it by webhook.
    if (!s.step(`capture ${formatMoney(captured, currency)} of ${formatMoney(shopper.amount.minorAmount, currency)}`, ["partial_charged", "charged", "capture_initiated"], result, { name: "capture" })) return;
    refundable = {
      connectorTransactionId: result.connectorTransactionId ?? payment.connectorTransactionId,
      state: payment.state || result.state ? { ...payment.state, ...result.state } : undefined,
    };
  } else {
    s.skip("capture", canCapture.reason);
  }

  // 3. Refund part of the captured amount, twice: each refund has its own merchantRefundId (and,
  //    by default, that id as its idempotency key: sending the same refund again cannot refund twice).
  const canRefund = await client.supports(connector.name, "refund");
  if (!canRefund.supported) return s.skip("refund", canRefund.reason);
  if (settlement) {
    if (!settlement.settle) return s.skip("refund", settlement.why);
    // EMULATOR-ONLY: runs the processor's settlement batch now.
    const settled = await settlement.settle(refundable.connectorTransactionId!);
    await settled.arrayBuffer();
    s.step("settlement batch (emulator-only hook)", ["settled"], { status: settled.ok ? "settled" : `HTTP ${settled.status}` }, { note: "the nightly batch, run now", name: "settlement" });
  }
  let last: RefundOutcome | undefined;
  // Short ids: Authorize.Net takes at most 20 characters.
  const refundIds = [orderId("rf1"), orderId("rf2")];
  for (const [i, minorAmount] of [Math.floor(captured / 4), Math.floor(captured / 5)].entries()) {
    last = await client.refund({
      ...call,
      payment: refundable,
      request: {
        merchantRefundId: refundIds[i]!,
        refundAmount: { minorAmount, currency },
        paymentAmount: { minorAmount: captured, currency },
        merchantTransactionId: order,
        reason: "requested_by_customer",
      },
    });
    s.step(`refund #${i + 1} ${formatMoney(minorAmount, currency)}`, ["success", "pending"], last, { note: refundAmountNote(last), name: `refund #${i + 1}` });
  }

  // 4. The second refund's status.
  const canRsync = await client.supports(connector.name, "rsync");
  if (!canRsync.supported) return s.skip("refund status (rsync)", canRsync.reason, { name: "rsync" });
  if (!last?.connectorRefundId) return;
  const status = await client.refundSync({ ...call, payment: refundable, refund: last, request: { merchantRefundId: refundIds[1]! } });
  s.step("refund status (rsync) of refund #2", ["success", "pending"], status, { note: refundAmountNote(status), name: "rsync" });
}

/** A second payment, authorized and then cancelled. */
export async function authorizeAndVoid({ client, connector, shopper, s, call }: Lifecycle): Promise<void> {
  const canCapture = await client.supports(connector.name, "capture");
  const canVoid = await client.supports(connector.name, "void");
  if (!canVoid.supported) return s.skip("void", canVoid.reason);
  if (!canCapture.supported) return s.skip("void", "nothing to void: the payment is charged at once");
  const order = orderId("order");
  const payment = await client.authorize({ ...call, request: paymentRequest(shopper, order, "manual") });
  if (!s.step("authorize a second payment (manual)", ["authorized"], payment, { name: "authorize second" })) return;
  const voided = await client.void({
    ...call,
    payment,
    request: { reason: "requested_by_customer", amount: shopper.amount, merchantTransactionId: order, idempotencyKey: `${order}-void` },
  });
  // Adyen accepts the cancellation and confirms it by webhook.
  s.step("void it", ["voided", "void_initiated"], voided, { name: "void" });
}

/**
 * Save the card (setupMandate creates the processor's customer first where it needs one), then
 * charge it without the shopper (repeatPayment).
 */
export async function saveAndRepeat({ client, connector, target, shopper, inbox, delivered, s, call }: Lifecycle): Promise<void> {
  const { currency } = shopper.amount;
  const canSave = await client.supports(connector.name, "setupMandate");
  const canRepeat = await client.supports(connector.name, "repeatPayment");
  if (!canSave.supported || !canRepeat.supported || !shopper.cardToSave) {
    return s.skip("setupMandate → repeatPayment", !canSave.supported ? canSave.reason : !canRepeat.supported ? canRepeat.reason : "no card to save");
  }
  const saveOrder = orderId("mandate");
  let mandate = await client.setupMandate({
    ...call,
    request: {
      merchantTransactionId: saveOrder,
      amount: shopper.mandate?.amount ?? { minorAmount: 0, currency }, // a zero-value check of the card
      ...(shopper.mandate?.maxAmount ? { maxAmount: shopper.mandate.maxAmount } : {}),
      ...(shopper.browserInfo ? { browserInfo: shopper.browserInfo } : {}),
      paymentMethod: shopper.cardToSave,
      customer: shopper.customer,
      ...(shopper.billingAddress ? { billingAddress: shopper.billingAddress } : {}),
      ...(shopper.returnUrl ? { returnUrl: shopper.returnUrl } : {}),
      idempotencyKey: `${saveOrder}-setup`,
    },
  });
  // A processor whose saved-card authorisation the shopper approves (Razorpay's recurring token:
  // 3-D Secure) names the saved card once it is approved: sync, as authorize does.
  for (let i = 0; i < 3 && mandate.connectorTransactionId && ["authentication_pending", "pending"].includes(mandate.status); i++) {
    s.step("setupMandate (the shopper approves)", ["authentication_pending", "pending"], mandate, { name: "setupMandate approval" });
    const synced = await client.sync({ ...call, payment: mandate, request: {} });
    mandate = { ...synced, connectorCustomerId: synced.connectorCustomerId ?? mandate.connectorCustomerId };
  }
  const names = [mandate.mandateReference && `mandate ${mandate.mandateReference}`, mandate.connectorCustomerId && `customer ${mandate.connectorCustomerId}`];
  const note = mandate.status === "failure" ? undefined : names.filter(Boolean).join(", ") || "mandate (by webhook)";
  if (!s.step("setupMandate (save the card)", ["charged", "authorized"], mandate, { note, name: "setupMandate" })) return;

  // Some processors name the saved method only in a webhook (Adyen's RECURRING_CONTRACT).
  if (!mandate.mandateReference && !target.live) {
    await delivered();
    const event = inbox.events
      .get(connector.name)
      ?.find((e) => !!e.mandateReference && (e.connectorTransactionId === mandate.connectorTransactionId || e.merchantTransactionId === saveOrder));
    s.step("the saved card's reference, by webhook", ["received"], { status: event ? "received" : "none" }, { note: event?.mandateReference, name: "mandate by webhook" });
    mandate.mandateReference = event?.mandateReference;
  }
  if (!mandate.mandateReference) return target.live ? s.skip("repeatPayment", "the processor names the saved card only by webhook, which a sandbox cannot send here") : undefined;

  const order = orderId("repeat");
  const amount = { minorAmount: Math.floor(shopper.amount.minorAmount / 2), currency };
  let repeat = await client.repeatPayment({
    ...call,
    mandate,
    request: {
      merchantTransactionId: order,
      amount,
      customer: shopper.customer,
      description: "monthly subscription",
      ...(shopper.returnUrl ? { returnUrl: shopper.returnUrl } : {}),
      idempotencyKey: `${order}-repeat`,
    },
  });
  // A processor that answers a merchant-initiated charge with its id only (Razorpay's recurring
  // payment) tells the outcome on sync.
  for (let i = 0; i < 3 && repeat.connectorTransactionId && repeat.status === "pending"; i++) {
    s.step("repeatPayment (processing)", ["pending"], repeat, { name: "repeatPayment processing" });
    repeat = await client.sync({ ...call, payment: repeat, request: {} });
  }
  // Checkout.com captures a little after authorizing (capture_initiated), and says so by webhook.
  s.step(`repeatPayment ${formatMoney(amount.minorAmount, currency)} (merchant-initiated)`, ["charged", "capture_initiated"], repeat, { name: "repeatPayment" });
}

function refundAmountNote(r: { refundAmount?: Money }): string | undefined {
  return r.refundAmount ? formatMoney(r.refundAmount.minorAmount, r.refundAmount.currency) : undefined;
}

export async function webhooks({ connector, target, inbox, delivered, s, report }: Lifecycle): Promise<void> {
  if (!connector.webhooks) return s.skip("webhooks", `${connector.displayName} webhooks are not read by this sidecar version`);
  if (target.live) return s.skip("webhooks", "the sandbox cannot reach this machine's loopback endpoint");
  await delivered();
  const events = inbox.events.get(connector.name) ?? [];
  for (const e of events) {
    const status = e.paymentStatus ?? e.refundStatus ?? "";
    const id = [e.connectorRefundId ?? e.connectorTransactionId ?? e.connectorEventId, e.mandateReference && `mandate ${e.mandateReference}`].filter(Boolean).join(" ");
    const amount = e.amount ? ` ${formatMoney(e.amount.minorAmount, e.amount.currency)}` : "";
    s.out(`      ${dim("webhook")} ${e.eventType} ${dim(`→ ${e.kind}`)} ${bold(status)}${dim(`${amount} ${id}`)}`);
  }
  for (const r of inbox.rejected.get(connector.name) ?? []) s.out(red(`      webhook refused: ${r}`));
  const rejected = inbox.rejected.get(connector.name) ?? [];
  report.webhooks = events.map((e) => ({ eventType: e.eventType, kind: e.kind, status: e.paymentStatus ?? e.refundStatus ?? "" }));
  report.rejectedWebhooks = rejected;
  s.step(
    "webhooks received and verified",
    ["verified"],
    { status: events.length > 0 && !rejected.length ? "verified" : events.length ? "some refused" : "none received" },
    { note: `${events.length} event(s)`, name: "webhooks" },
  );
}

