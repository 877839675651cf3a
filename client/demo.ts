/**
 * The main job, and an example of the API: the whole life of a payment for each connector, through
 * the real pool, real HTTP and, by default, the loopback emulator of the processors (no keys
 * needed). What runs is driven by what `listConnectors` says each connector supports:
 *
 *   authorize (manual capture) → capture part of it → refund part of that, twice → refund status
 *   authorize a second payment → void it
 *   setupMandate (save the card) → repeatPayment (charge it without the shopper)
 *   the processor's signed webhooks, received on a local node:http endpoint by the webhook helper
 *
 * then a few single scenarios (3-D Secure redirects, a decline). With a processor's credentials in
 * the environment, that connector runs against its sandbox instead:
 *   STRIPE_API_KEY=sk_test_...                       Stripe test mode
 *   ADYEN_API_KEY, ADYEN_MERCHANT_ACCOUNT            Adyen test
 *   PHONEPE_MERCHANT_ID, PHONEPE_SALT_KEY, PHONEPE_SALT_INDEX   PhonePe UAT
 *   SQUARE_ACCESS_TOKEN, SQUARE_LOCATION_ID?          Square sandbox
 *   CHECKOUT_SECRET_KEY, CHECKOUT_PROCESSING_CHANNEL_ID?   Checkout.com sandbox
 * Every step is printed masked. Exit code 0 when every step ended in the expected status.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { ERROR_CODES, type ConnectorInfo, type Money, type Options, type PaymentMethod, type PaymentResult, type WebhookEvent } from "../protocol/index.js";
import { startEmulator, type Emulator } from "../test/emulator/index.js";
import { PaymentsClient, SidecarError, type FlowResult, type FlowStep, type NodeWebhookHandler, type RefundOutcome } from "./index.js";
import { SidecarPool } from "./pool.js";
import { maskPan, redact } from "./redact.js";

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const dim = paint(2);
const bold = paint(1);
const green = paint(32);
const red = paint(31);
const yellow = paint(33);

/** Formats integer minor units for display, without floats: 2000 USD → "USD 20.00". */
export function formatMoney(minor: number, currency: string): string {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const s = String(Math.abs(minor)).padStart(digits + 1, "0");
  const whole = digits ? s.slice(0, -digits) : s;
  return `${currency} ${minor < 0 ? "-" : ""}${whole}${digits ? "." + s.slice(-digits) : ""}`;
}

type ConnectorName = "stripe" | "adyen" | "phonepe" | "square" | "checkout";

/** Where a connector's requests go and with which credentials. */
interface Target {
  auth: Record<string, string>;
  options: Options;
  /** A real sandbox (true) or the loopback emulator (false). */
  live: boolean;
  /** The secret the processor signs webhooks with (the emulator signs with these). */
  webhookSecret?: string;
}

/** The test data of one connector's lifecycle: the flows themselves are the same for every connector. */
interface Shopper {
  paymentMethod: PaymentMethod;
  /** A second method for the saved-card part (cards only). */
  cardToSave?: PaymentMethod;
  amount: Money;
  customer: { id: string; email?: string; name?: string; phone?: string };
  /**
   * Where the shopper's browser comes back after a redirect. Adyen wants one on every payment;
   * Checkout.com takes one as a request for 3-D Secure, which needs a shopper: none there.
   */
  returnUrl?: string;
}

/** A step's outcome: the result's status against what the demo expects of it. */
interface Judged {
  status: string;
  connectorTransactionId?: string;
  connectorRefundId?: string;
  error?: { code: string; message: string; declineType?: string };
}

interface Section {
  out: (line: string) => void;
  /** Prints a step and counts it; returns whether it ended as expected. */
  step: (label: string, expected: string[], result: Judged, note?: string) => boolean;
  skip: (label: string, reason: string) => void;
}

// Emulator credentials and webhook secrets (made up; the emulator checks them like the processor).
const EMULATOR_TARGETS: Record<ConnectorName, Omit<Target, "options" | "live">> = {
  stripe: { auth: { apiKey: "sk_test_emulator" }, webhookSecret: "whsec_demo_emulator_secret" },
  adyen: {
    auth: { apiKey: "AQE_emulator_key", merchantAccount: "DemoMerchantECOM" },
    webhookSecret: "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
  },
  // PhonePe's published UAT test merchant; its callbacks are signed with the same salt key.
  phonepe: {
    auth: { merchantId: "PGTESTPAYUAT", saltKey: "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399", saltIndex: "1" },
    webhookSecret: "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399",
  },
  square: { auth: { accessToken: "EAAA_emulator_demo_token" }, webhookSecret: "square_demo_signature_key" },
  checkout: { auth: { apiKey: "sk_sbox_emulatordemo0000000000000000" }, webhookSecret: "checkout_demo_signature_key" },
};

export async function runDemo(opts: { out?: (line: string) => void } = {}): Promise<number> {
  const out = opts.out ?? ((line: string) => console.log(line));
  const env = process.env;
  const live: Record<ConnectorName, Target | undefined> = {
    stripe: env.STRIPE_API_KEY ? { auth: { apiKey: env.STRIPE_API_KEY }, options: {}, live: true } : undefined,
    adyen: env.ADYEN_API_KEY
      ? { auth: { apiKey: env.ADYEN_API_KEY, merchantAccount: env.ADYEN_MERCHANT_ACCOUNT ?? "" }, options: {}, live: true }
      : undefined,
    phonepe: env.PHONEPE_SALT_KEY
      ? {
          auth: { merchantId: env.PHONEPE_MERCHANT_ID ?? "", saltKey: env.PHONEPE_SALT_KEY, saltIndex: env.PHONEPE_SALT_INDEX ?? "1" },
          options: {},
          live: true,
        }
      : undefined,
    checkout: env.CHECKOUT_SECRET_KEY
      ? {
          auth: {
            apiKey: env.CHECKOUT_SECRET_KEY,
            ...(env.CHECKOUT_PROCESSING_CHANNEL_ID ? { processingChannelId: env.CHECKOUT_PROCESSING_CHANNEL_ID } : {}),
          },
          options: {},
          live: true,
        }
      : undefined,
    square: env.SQUARE_ACCESS_TOKEN
      ? { auth: { accessToken: env.SQUARE_ACCESS_TOKEN, ...(env.SQUARE_LOCATION_ID ? { locationId: env.SQUARE_LOCATION_ID } : {}) }, options: {}, live: true }
      : undefined,
  };

  const pool = await SidecarPool.start({ size: 2 });
  const ledger = new Ledger();
  const client = new PaymentsClient(pool, {
    onStep: (step) => {
      printStep(out, step);
      if (step.step === "result") ledger.record(step.connector, step.result);
    },
  });
  // The merchant's webhook endpoint: one node:http server, one handler per connector.
  const inbox = new WebhookInbox();
  const endpoint = await startWebhookEndpoint(client, inbox, EMULATOR_TARGETS);
  const needsEmulator = Object.values(live).some((t) => !t);
  // The emulator sends each processor's signed notifications to the endpoint, like the processor would.
  const emulatorOptions = {
    webhooks: {
      url: `${endpoint.url}/{processor}`,
      secrets: Object.fromEntries(Object.entries(EMULATOR_TARGETS).map(([c, t]) => [c, t.webhookSecret!])),
    },
  };
  const emulator: Emulator | undefined = needsEmulator
    ? await startEmulator(emulatorOptions)
    : undefined;
  let failures = 0;
  let skipped = 0;
  try {
    const targets = Object.fromEntries(
      (Object.keys(EMULATOR_TARGETS) as ConnectorName[]).map((c) => [
        c,
        live[c] ?? { ...EMULATOR_TARGETS[c], options: { baseUrl: emulator!.baseUrls[c] }, live: false },
      ]),
    ) as Record<ConnectorName, Target>;

    const info = await pool.call("initialize", { protocolVersion: "1", clientName: "demo" });
    const connectors = await client.connectors();
    out(bold("connector-sidecar demo"));
    out(dim(`  sidecar ${info.sidecarVersion}, protocol ${info.protocolVersion}, pool of ${pool.size} (pids ${pool.pids.join(", ")})`));
    out(dim(emulator ? `  processors: loopback emulator at ${emulator.url} (set STRIPE_API_KEY etc. to use a sandbox)` : "  processors: sandboxes"));
    out(dim(`  webhooks: received at ${endpoint.url}/<connector>, verified by client.webhookHandler`));

    const section = (title: string, target: Target): Section => {
      out("");
      out(bold(title) + dim(target.live ? "  [sandbox]" : "  [emulator]"));
      return {
        out,
        step(label, expected, result, note) {
          const ok = expected.includes(result.status);
          if (!ok) failures++;
          const id = result.connectorRefundId ?? result.connectorTransactionId;
          const err = result.error
            ? ` ${result.error.code}${result.error.declineType ? ` (${result.error.declineType})` : ""}: ${result.error.message}`
            : "";
          out(
            `  ${ok ? green("✓") : red("✗")} ${label.padEnd(38)} ${bold(result.status)}${id ? dim(` ${id}`) : ""}${note ? ` ${note}` : ""}${dim(err)}` +
              (ok ? "" : red(`  (expected ${expected.join(" or ")})`)),
          );
          return ok;
        },
        skip(label, reason) {
          skipped++;
          out(`  ${yellow("–")} ${label.padEnd(38)} ${yellow("skipped")} ${dim(reason)}`);
        },
      };
    };
    const guarded = async (s: Section, run: () => Promise<void>) => {
      try {
        await run();
      } catch (e) {
        failures++;
        s.out(red(`  ✗ ${(e as Error).name}: ${(e as Error).message}`));
      }
    };

    for (const connector of connectors) {
      const name = connector.name as ConnectorName;
      if (!(name in EMULATOR_TARGETS)) {
        out("");
        out(bold(`${connector.displayName} · the whole lifecycle`));
        skipped++;
        out(`  ${yellow("–")} ${"lifecycle".padEnd(38)} ${yellow("skipped")} ${dim("this demo has no emulator or test data for it yet")}`);
        continue;
      }
      const target = targets[name];
      const shopper = SHOPPERS[name](target);
      const s = section(`${connector.displayName} · the whole lifecycle · ${describeMethod(shopper.paymentMethod)} · ${formatMoney(shopper.amount.minorAmount, shopper.amount.currency)}`, target);
      const run: Lifecycle = {
        client,
        connector,
        target,
        shopper,
        inbox,
        delivered: async () => {
          await emulator?.webhooksDelivered();
          // The Square emulator notifies on request only: play Square's part for what happened.
          if (emulator && name === "square") await notifyFromSquareEmulator(emulator, ledger.of(name), `${endpoint.url}/square`, EMULATOR_TARGETS.square.webhookSecret!);
        },
        s,
        call: { connector: name, auth: target.auth, options: target.options },
      };
      await guarded(s, () => captureAndRefund(run));
      await guarded(s, () => authorizeAndVoid(run));
      await guarded(s, () => saveAndRepeat(run));
      await guarded(s, () => webhooks(run));
    }

    for (const scenario of SCENARIOS) {
      const target = targets[scenario.connector];
      if (scenario.emulatorOnly && target.live) continue;
      const s = section(scenario.title, target);
      await guarded(s, () => scenario.run(client, { connector: scenario.connector, auth: target.auth, options: target.options }, s));
    }

    out("");
    const skippedNote = skipped ? dim(` (${skipped} step(s) skipped: the connector does not support them)`) : "";
    out((failures === 0 ? green(bold("all steps ended as expected")) : red(bold(`${failures} step(s) did not end as expected`))) + skippedNote);
    return failures === 0 ? 0 : 1;
  } finally {
    await pool.close();
    await emulator?.close();
    await endpoint.close();
  }
}

// ---------- the lifecycle of a payment ----------

/** One connector's part of the demo. Each flow it cannot do is skipped with the processor's reason. */
interface Lifecycle {
  client: PaymentsClient;
  connector: ConnectorInfo;
  target: Target;
  shopper: Shopper;
  inbox: WebhookInbox;
  /** Resolves once the processor's notifications sent so far have reached the endpoint. */
  delivered: () => Promise<void>;
  s: Section;
  /** What every call of this connector carries. */
  call: { connector: string; auth: Record<string, string>; options: Options };
}


/** authorize (manual) → capture part → refund part, twice → the refund's status. */
async function captureAndRefund({ client, connector, shopper, s, call }: Lifecycle): Promise<void> {
  const order = orderId("order");
  const { currency } = shopper.amount;
  const canCapture = await client.supports(connector.name, "capture");

  // 1. Authorize. Manual capture where the processor can capture later; otherwise it charges now.
  let payment = await client.authorize({
    ...call,
    request: {
      merchantTransactionId: order,
      amount: shopper.amount,
      paymentMethod: shopper.paymentMethod,
      captureMethod: canCapture.supported ? "manual" : "automatic",
      customer: shopper.customer,
      ...(shopper.returnUrl ? { returnUrl: shopper.returnUrl } : {}),
      webhookUrl: "https://shop.example/webhooks",
      idempotencyKey: `${order}-authorize`,
    },
  });
  const authorizedAs = canCapture.supported ? "authorized" : "charged";
  if (!s.step(`authorize (${canCapture.supported ? "manual capture" : "automatic capture"})`, [authorizedAs, "authentication_pending", "pending"], payment)) return;

  // Some payments finish out of band (a UPI collect request waits for the shopper's app): poll.
  for (let i = 0; i < 3 && ["authentication_pending", "pending", "authorizing"].includes(payment.status); i++) {
    payment = await client.sync({ ...call, payment, request: {} });
    s.step("sync (until the shopper approves)", [authorizedAs, "authentication_pending", "pending"], payment);
  }
  if (payment.status !== authorizedAs) return void s.step("payment settled", [authorizedAs], payment);

  // 2. Capture part of it: the rest of the authorization is released. A processor that can only
  //    capture everything (Square) refuses a partial amount before anything is sent: capture it all.
  let captured = shopper.amount.minorAmount;
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
    s.step(`capture ${formatMoney(captured, currency)} of ${formatMoney(shopper.amount.minorAmount, currency)}`, ["partial_charged", "charged", "capture_initiated"], result);
  } else {
    s.skip("capture", canCapture.reason);
  }

  // 3. Refund part of the captured amount, twice: each refund has its own merchantRefundId (and,
  //    by default, that id as its idempotency key: sending the same refund again cannot refund twice).
  const canRefund = await client.supports(connector.name, "refund");
  if (!canRefund.supported) return s.skip("refund", canRefund.reason);
  let last: RefundOutcome | undefined;
  for (const [i, minorAmount] of [Math.floor(captured / 4), Math.floor(captured / 5)].entries()) {
    last = await client.refund({
      ...call,
      payment,
      request: {
        merchantRefundId: `${order}-refund-${i + 1}`,
        refundAmount: { minorAmount, currency },
        paymentAmount: { minorAmount: captured, currency },
        merchantTransactionId: order,
        reason: "requested_by_customer",
      },
    });
    s.step(`refund #${i + 1} ${formatMoney(minorAmount, currency)}`, ["success", "pending"], last, refundAmountNote(last));
  }

  // 4. The second refund's status.
  const canRsync = await client.supports(connector.name, "rsync");
  if (!canRsync.supported) return s.skip("refund status (rsync)", canRsync.reason);
  if (!last?.connectorRefundId) return;
  const status = await client.refundSync({ ...call, payment, refund: last, request: { merchantRefundId: `${order}-refund-2` } });
  s.step("refund status (rsync) of refund #2", ["success", "pending"], status, refundAmountNote(status));
}

/** A second payment, authorized and then cancelled. */
async function authorizeAndVoid({ client, connector, shopper, s, call }: Lifecycle): Promise<void> {
  const canCapture = await client.supports(connector.name, "capture");
  const canVoid = await client.supports(connector.name, "void");
  if (!canVoid.supported) return s.skip("void", canVoid.reason);
  if (!canCapture.supported) return s.skip("void", "nothing to void: the payment is charged at once");
  const order = orderId("order");
  const payment = await client.authorize({
    ...call,
    request: {
      merchantTransactionId: order,
      amount: shopper.amount,
      paymentMethod: shopper.paymentMethod,
      captureMethod: "manual",
      ...(shopper.returnUrl ? { returnUrl: shopper.returnUrl } : {}),
      idempotencyKey: `${order}-authorize`,
    },
  });
  if (!s.step("authorize a second payment (manual)", ["authorized"], payment)) return;
  const voided = await client.void({
    ...call,
    payment,
    request: { reason: "requested_by_customer", amount: shopper.amount, merchantTransactionId: order, idempotencyKey: `${order}-void` },
  });
  // Adyen accepts the cancellation and confirms it by webhook.
  s.step("void it", ["voided", "void_initiated"], voided);
}

/**
 * Save the card (setupMandate creates the processor's customer first where it needs one), then
 * charge it without the shopper (repeatPayment).
 */
async function saveAndRepeat({ client, connector, target, shopper, inbox, delivered, s, call }: Lifecycle): Promise<void> {
  const { currency } = shopper.amount;
  const canSave = await client.supports(connector.name, "setupMandate");
  const canRepeat = await client.supports(connector.name, "repeatPayment");
  if (!canSave.supported || !canRepeat.supported || !shopper.cardToSave) {
    return s.skip("setupMandate → repeatPayment", !canSave.supported ? canSave.reason : !canRepeat.supported ? canRepeat.reason : "no card to save");
  }
  const saveOrder = orderId("mandate");
  const mandate = await client.setupMandate({
    ...call,
    request: {
      merchantTransactionId: saveOrder,
      amount: { minorAmount: 0, currency }, // a zero-value check of the card
      paymentMethod: shopper.cardToSave,
      customer: shopper.customer,
      ...(shopper.returnUrl ? { returnUrl: shopper.returnUrl } : {}),
      idempotencyKey: `${saveOrder}-setup`,
    },
  });
  const names = [mandate.mandateReference && `mandate ${mandate.mandateReference}`, mandate.connectorCustomerId && `customer ${mandate.connectorCustomerId}`];
  const note = mandate.status === "failure" ? undefined : dim(names.filter(Boolean).join(", ") || "mandate (by webhook)");
  if (!s.step("setupMandate (save the card)", ["charged", "authorized"], mandate, note)) return;

  // Some processors name the saved method only in a webhook (Adyen's RECURRING_CONTRACT).
  if (!mandate.mandateReference && !target.live) {
    await delivered();
    const event = inbox.events
      .get(connector.name)
      ?.find((e) => !!e.mandateReference && (e.connectorTransactionId === mandate.connectorTransactionId || e.merchantTransactionId === saveOrder));
    s.step("the saved card's reference, by webhook", ["received"], { status: event ? "received" : "none" }, event ? dim(event.mandateReference ?? "") : undefined);
    mandate.mandateReference = event?.mandateReference;
  }
  if (!mandate.mandateReference) return target.live ? s.skip("repeatPayment", "the processor names the saved card only by webhook, which a sandbox cannot send here") : undefined;

  const order = orderId("repeat");
  const amount = { minorAmount: Math.floor(shopper.amount.minorAmount / 2), currency };
  const repeat = await client.repeatPayment({
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
  // Checkout.com captures a little after authorizing (capture_initiated), and says so by webhook.
  s.step(`repeatPayment ${formatMoney(amount.minorAmount, currency)} (merchant-initiated)`, ["charged", "capture_initiated"], repeat);
}

function refundAmountNote(r: { refundAmount?: Money }): string | undefined {
  return r.refundAmount ? dim(formatMoney(r.refundAmount.minorAmount, r.refundAmount.currency)) : undefined;
}

// ---------- webhooks ----------

/** What the merchant's endpoint received, per connector. */
class WebhookInbox {
  readonly events = new Map<string, WebhookEvent[]>();
  readonly rejected = new Map<string, string[]>();

  add(connector: string, event: WebhookEvent): void {
    this.events.set(connector, [...(this.events.get(connector) ?? []), event]);
  }

  reject(connector: string, reason: string): void {
    this.rejected.set(connector, [...(this.rejected.get(connector) ?? []), reason]);
  }
}

/** The processor's ids each connector's results named, in order. */
class Ledger {
  private readonly ids = new Map<string, { payments: Set<string>; refunds: Set<string> }>();

  record(connector: string, result: FlowResult): void {
    const ids = this.of(connector);
    if ("connectorRefundId" in result && result.connectorRefundId) ids.refunds.add(result.connectorRefundId);
    else if ("connectorTransactionId" in result && result.connectorTransactionId) ids.payments.add(result.connectorTransactionId);
  }

  of(connector: string): { payments: Set<string>; refunds: Set<string> } {
    let ids = this.ids.get(connector);
    if (!ids) this.ids.set(connector, (ids = { payments: new Set(), refunds: new Set() }));
    return ids;
  }
}

/**
 * Asks the Square emulator for the signed `payment.updated` / `refund.updated` notification of each
 * id and POSTs it to the endpoint, as Square would. Each id is notified once.
 */
async function notifyFromSquareEmulator(emulator: Emulator, ids: { payments: Set<string>; refunds: Set<string> }, url: string, signatureKey: string): Promise<void> {
  const pending = [
    ...[...ids.payments].map((id) => ({ type: "payment.updated", id })),
    ...[...ids.refunds].map((id) => ({ type: "refund.updated", id })),
  ];
  ids.payments.clear();
  ids.refunds.clear();
  for (const { type, id } of pending) {
    const made = await fetch(`${emulator.baseUrls.square}/_emulator/notify`, { method: "POST", body: JSON.stringify({ type, id, url, signatureKey }) });
    if (!made.ok) continue; // e.g. a saved card's id: Square notifies payments and refunds only
    const { headers, body } = (await made.json()) as { headers: Record<string, string>; body: string };
    await (await fetch(url, { method: "POST", headers, body })).arrayBuffer();
  }
}

/** The merchant's webhook endpoint: `POST /webhooks/<connector>`, one verifying handler each. */
async function startWebhookEndpoint(
  client: PaymentsClient,
  inbox: WebhookInbox,
  secrets: Record<string, { webhookSecret?: string }>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const handlers = new Map<string, NodeWebhookHandler>();
  const server: Server = createServer((req, res) => {
    const connector = /^\/webhooks\/([a-z0-9_-]+)/.exec(req.url ?? "")?.[1];
    const handler = connector ? handlers.get(connector) : undefined;
    if (handler) return handler(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  for (const [connector, { webhookSecret }] of Object.entries(secrets)) {
    if (!webhookSecret) continue;
    handlers.set(
      connector,
      client.webhookHandler({
        connector,
        secret: webhookSecret,
        url: `${url}/${connector}`, // as registered with the processor (Square signs it)
        onEvent: (event) => inbox.add(connector, event),
        onRejected: ({ status, reason }) => inbox.reject(connector, `${status} ${reason}`),
      }),
    );
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function webhooks({ connector, target, inbox, delivered, s }: Lifecycle): Promise<void> {
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
  s.step("webhooks received and verified", ["verified"], {
    status: events.length > 0 && !(inbox.rejected.get(connector.name)?.length) ? "verified" : events.length ? "some refused" : "none received",
  }, dim(`${events.length} event(s)`));
}

// ---------- test data ----------

const SHOPPERS: Record<ConnectorName, (t: Target) => Shopper> = {
  stripe: () => ({
    paymentMethod: card("4242424242424242", "12", "2030", "123"),
    cardToSave: card("4242424242424242", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: { id: "shopper_1001", email: "jane@example.com", name: "Jane Doe" },
    returnUrl: "https://shop.example/checkout/return",
  }),
  adyen: () => ({
    paymentMethod: card("4111111111111111", "03", "2030", "737"),
    cardToSave: card("4111111111111111", "03", "2030", "737"),
    amount: { minorAmount: 10000, currency: "EUR" },
    customer: { id: "shopper_1001", email: "jane@example.com", name: "Jane Doe" },
    returnUrl: "https://shop.example/checkout/return",
  }),
  phonepe: () => ({
    paymentMethod: { type: "upiCollect", upi: { vpa: "success@ybl" } },
    amount: { minorAmount: 49900, currency: "INR" },
    customer: { id: "cust_demo_1", phone: "9999999999" },
    returnUrl: "https://shop.example/checkout/return",
  }),
  checkout: () => ({
    paymentMethod: card("4242424242424242", "12", "2030", "100"),
    cardToSave: card("4242424242424242", "12", "2030", "100"),
    amount: { minorAmount: 10000, currency: "GBP" },
    customer: { id: "shopper_1001", email: "jane@example.com", name: "Jane Doe" },
  }),
  // Square takes a token from its Web Payments SDK, never card data; cnon:card-nonce-ok is its sandbox token.
  square: () => ({
    paymentMethod: { type: "token", token: { value: "cnon:card-nonce-ok" } },
    cardToSave: { type: "token", token: { value: "cnon:card-nonce-ok" } },
    amount: { minorAmount: 10000, currency: "USD" },
    customer: { id: "shopper_1001", email: "jane@example.com", name: "Jane Doe" },
  }),
};

function card(number: string, expMonth: string, expYear: string, cvc: string, holderName = "Jane Doe"): PaymentMethod {
  return { type: "card", card: { number, expMonth, expYear, cvc, holderName } };
}

function describeMethod(m: PaymentMethod): string {
  const names: Record<PaymentMethod["type"], string> = { card: "card", upiCollect: "UPI collect", upiIntent: "UPI intent", token: "token", paypal: "PayPal" };
  return m.type === "card" ? `card ${maskPan(m.card.number)}` : names[m.type];
}

function orderId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

// ---------- single scenarios ----------

interface Scenario {
  connector: ConnectorName;
  title: string;
  /** Needs the emulator's stand-in for the shopper's browser. */
  emulatorOnly?: boolean;
  run: (client: PaymentsClient, call: { connector: string; auth: Record<string, string>; options: Options }, s: Section) => Promise<void>;
}

/** Follows an emulated redirect the way a shopper's browser would, one hop. */
async function followRedirect(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location");
  if (!location) throw new Error(`the redirect page answered ${res.status} without a Location`);
  return new URL(location);
}

const SCENARIOS: Scenario[] = [
  {
    connector: "stripe",
    title: `Stripe · 3-D Secure card ${maskPan("4000000000003220")} · ${formatMoney(1500, "EUR")} · manual capture`,
    emulatorOnly: true,
    async run(client, call, s) {
      const auth = await client.authorize({
        ...call,
        request: {
          merchantTransactionId: orderId("demo3ds"),
          amount: { minorAmount: 1500, currency: "EUR" },
          paymentMethod: card("4000000000003220", "12", "2030", "123"),
          captureMethod: "manual",
          returnUrl: "https://shop.example/checkout/return",
        },
      });
      s.step("authorize (3DS challenge)", ["authentication_pending"], auth);
      const back = await followRedirect(auth.redirection!.url);
      const sync = await client.sync({ ...call, request: { connectorTransactionId: back.searchParams.get("payment_intent") ?? "" } });
      s.step("sync after the shopper's challenge", ["authorized"], sync);
    },
  },
  {
    connector: "stripe",
    title: `Stripe · declined card ${maskPan("4000000000009995")} · ${formatMoney(999, "USD")}`,
    async run(client, call, s) {
      const r = await client.authorize({
        ...call,
        request: {
          merchantTransactionId: orderId("demodecl"),
          amount: { minorAmount: 999, currency: "USD" },
          paymentMethod: card("4000000000009995", "12", "2030", "123"),
        },
      });
      s.step("authorize (a decline is data)", ["failure"], r);
    },
  },
  {
    connector: "adyen",
    title: `Adyen · 3-D Secure card ${maskPan("5454545454545454")} · ${formatMoney(4200, "EUR")} · manual capture`,
    emulatorOnly: true,
    async run(client, call, s) {
      const auth = await client.authorize({
        ...call,
        request: {
          merchantTransactionId: orderId("demo"),
          amount: { minorAmount: 4200, currency: "EUR" },
          paymentMethod: card("5454545454545454", "03", "2030", "737"),
          captureMethod: "manual",
          returnUrl: "https://shop.example/checkout/return",
          idempotencyKey: orderId("idem"),
        },
      });
      s.step("authorize (3DS redirect)", ["authentication_pending"], auth);
      const back = await followRedirect(auth.redirection!.url);
      // The authorize result's state travels with `payment`; the redirect's parameters complete it.
      const sync = await client.sync({ ...call, payment: auth, request: { redirectPayload: Object.fromEntries(back.searchParams) } });
      s.step("sync (/payments/details)", ["authorized"], sync);
    },
  },
];

function printStep(out: (l: string) => void, s: FlowStep): void {
  const safe = redact(s);
  if (safe.step === "request") {
    out(dim(`      → ${safe.flow} ${safe.http.method} ${safe.http.url}  (transformRequest ${safe.micros} µs)`));
  } else if (safe.step === "response") {
    out(dim(`      ← HTTP ${safe.http.status} in ${safe.millis} ms`));
  } else {
    out(dim(`      = transformResponse ${safe.micros} µs`));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runDemo().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`demo failed: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
