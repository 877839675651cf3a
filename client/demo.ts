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
 *   PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET            PayPal sandbox (REST app)
 *   CYBERSOURCE_MERCHANT_ID, CYBERSOURCE_API_KEY_ID, CYBERSOURCE_SHARED_SECRET   Cybersource test
 *   BRAINTREE_PUBLIC_KEY, BRAINTREE_PRIVATE_KEY, BRAINTREE_MERCHANT_ACCOUNT_ID?  Braintree sandbox
 *   AUTHORIZENET_API_LOGIN_ID, AUTHORIZENET_TRANSACTION_KEY   Authorize.Net sandbox
 * Every step is printed masked. Exit code 0 when every step ended in the expected status.
 * What only the emulator can do (settle a batch now, approve as the PayPal payer, answer a 3-D
 * Secure challenge) is marked EMULATOR-ONLY below and skipped against a sandbox.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { ERROR_CODES, type AuthorizeRequest, type ConnectorInfo, type Money, type Options, type PaymentMethod, type PaymentResult, type WebhookEvent } from "../protocol/index.js";
import { AUTHORIZEDOTNET_CREDENTIALS } from "../test/emulator/authorizedotnet.js";
import { BRAINTREE_PRIVATE_KEY, BRAINTREE_PUBLIC_KEY } from "../test/emulator/braintree.js";
import { CYBERSOURCE_MERCHANT } from "../test/emulator/cybersource.js";
import { startEmulator, type Emulator } from "../test/emulator/index.js";
import { PaymentsClient, SidecarError, type FlowResult, type FlowStep, type NodeWebhookHandler, type PaymentRef, type RefundOutcome } from "./index.js";
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

type ConnectorName = "stripe" | "adyen" | "phonepe" | "square" | "checkout" | "paypal" | "cybersource" | "braintree" | "authorizedotnet";

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
  /** For processors that check the card against it (Cybersource, Authorize.Net require it). */
  billingAddress?: AuthorizeRequest["billingAddress"];
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
  // PayPal shares no webhook secret: this is the Webhook ID the emulator signs for, and PayPal
  // (the emulator's verify-webhook-signature) checks each delivery against it.
  paypal: { auth: { clientId: "AUv8rrc_demo_emulator_client", clientSecret: "EKmD_demo_emulator_secret" }, webhookSecret: "1JE4291016473214C" },
  // These three emulators check the credentials as the processor would: the emulator's own.
  cybersource: {
    auth: { ...CYBERSOURCE_MERCHANT },
    // The digital signature key (base64, as Cybersource returns it) v-c-signature is made with.
    webhookSecret: "ZGVtbyBkaWdpdGFsIHNpZ25hdHVyZSBrZXksIDMyIGI=",
  },
  // Braintree signs its webhooks with the API private key.
  braintree: { auth: { publicKey: BRAINTREE_PUBLIC_KEY, privateKey: BRAINTREE_PRIVATE_KEY, merchantAccountId: "acme_USD" }, webhookSecret: BRAINTREE_PRIVATE_KEY },
  authorizedotnet: {
    auth: { ...AUTHORIZEDOTNET_CREDENTIALS },
    // The Signature Key (128 hex digits) Authorize.Net signs X-ANET-Signature with.
    webhookSecret: "7D3E0A5C9B1F4E2D8C6A0B3F5E7D9C1A2B4D6F8E0A1C3E5B7D9F1A3C5E7B9D0F2A4C6E8B0D2F4A6C8E0B2D4F6A8C1E3A5C7E9B1D3F5A7C9E1B3D5F7A9C0E2B4F",
  },
};

/**
 * Processors that refund only settled payments: settlement is their nightly batch. The emulator
 * settles at once on an EMULATOR-ONLY route; a sandbox settles on its own schedule, so against a
 * sandbox the refunds are skipped with `why`.
 */
const SETTLEMENT: Partial<Record<ConnectorName, { why: string; emulatorOnlySettle: (baseUrl: string, connectorTransactionId: string) => Promise<Response> }>> = {
  braintree: {
    why: "Braintree refunds only settled transactions, and the sandbox settles in its nightly batch",
    emulatorOnlySettle: (baseUrl, id) => fetch(`${baseUrl}/_emulator/settle/${encodeURIComponent(id)}`, { method: "POST" }),
  },
  authorizedotnet: {
    why: "Authorize.Net refunds only settled transactions, and the sandbox settles in its nightly batch",
    emulatorOnlySettle: (baseUrl) => fetch(baseUrl.replace(/\/xml\/v1\/request\.api$/, "/_emulator/settle"), { method: "POST" }),
  },
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
    paypal: env.PAYPAL_CLIENT_SECRET
      ? { auth: { clientId: env.PAYPAL_CLIENT_ID ?? "", clientSecret: env.PAYPAL_CLIENT_SECRET }, options: {}, live: true }
      : undefined,
    cybersource: env.CYBERSOURCE_SHARED_SECRET
      ? {
          auth: { merchantId: env.CYBERSOURCE_MERCHANT_ID ?? "", apiKeyId: env.CYBERSOURCE_API_KEY_ID ?? "", sharedSecret: env.CYBERSOURCE_SHARED_SECRET },
          options: {},
          live: true,
        }
      : undefined,
    braintree: env.BRAINTREE_PRIVATE_KEY
      ? {
          auth: {
            publicKey: env.BRAINTREE_PUBLIC_KEY ?? "",
            privateKey: env.BRAINTREE_PRIVATE_KEY,
            ...(env.BRAINTREE_MERCHANT_ACCOUNT_ID ? { merchantAccountId: env.BRAINTREE_MERCHANT_ACCOUNT_ID } : {}),
          },
          options: {},
          live: true,
        }
      : undefined,
    authorizedotnet: env.AUTHORIZENET_TRANSACTION_KEY
      ? { auth: { apiLoginId: env.AUTHORIZENET_API_LOGIN_ID ?? "", transactionKey: env.AUTHORIZENET_TRANSACTION_KEY }, options: {}, live: true }
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
  // Where PayPal is asked to verify a delivery: the emulator's (or the sandbox's) base URL, known once it runs.
  let targetOf: (connector: ConnectorName) => Target | undefined = () => undefined;
  const endpoint = await startWebhookEndpoint(client, inbox, EMULATOR_TARGETS, (c) => targetOf(c as ConnectorName));
  const needsEmulator = Object.values(live).some((t) => !t);
  // The emulator sends each processor's signed notifications to the endpoint, like the processor would.
  const emulatorOptions = {
    webhooks: {
      url: `${endpoint.url}/{processor}`,
      secrets: Object.fromEntries(Object.entries(EMULATOR_TARGETS).flatMap(([c, t]) => (t.webhookSecret ? [[c, t.webhookSecret]] : []))),
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
    targetOf = (c) => targets[c];

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
        settlement: SETTLEMENT[name] && {
          why: SETTLEMENT[name].why,
          // EMULATOR-ONLY: a sandbox settles in its own batch.
          settle: target.live ? undefined : (id) => SETTLEMENT[name]!.emulatorOnlySettle(target.options.baseUrl!, id),
        },
      };
      const needsToken = await client.supports(name, "createAccessToken");
      if (needsToken.supported) s.out(dim(`      ${connector.displayName} runs on an OAuth access token: the client fetches it before the first call and keeps it`));
      await guarded(s, () => captureAndRefund(run));
      await guarded(s, () => authorizeAndVoid(run));
      await guarded(s, () => saveAndRepeat(run));
      await guarded(s, () => webhooks(run));
    }

    for (const scenario of SCENARIOS) {
      const target = targets[scenario.connector];
      const s = section(scenario.title, target);
      if (scenario.emulatorOnly && target.live) {
        s.skip("scenario", "emulator-only: it needs the emulator's stand-in for the shopper (challenge page, PayPal approval)");
        continue;
      }
      await guarded(s, () => scenario.run(client, { connector: scenario.connector, auth: target.auth, options: target.options }, s));
    }

    // The scenarios' own notifications (PayPal verifies each one with a call of its own) land
    // before the verdict, not after it.
    await emulator?.webhooksDelivered();
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
    ...(shopper.returnUrl ? { returnUrl: shopper.returnUrl } : {}),
    webhookUrl: "https://shop.example/webhooks",
    idempotencyKey: `${order}-authorize`,
  };
}


/** authorize (manual) → capture part → refund part, twice → the refund's status. */
async function captureAndRefund({ client, connector, shopper, s, call, settlement }: Lifecycle): Promise<void> {
  const order = orderId("order");
  const { currency } = shopper.amount;
  const canCapture = await client.supports(connector.name, "capture");

  // 1. Authorize. Manual capture where the processor can capture later; otherwise it charges now.
  let payment = await client.authorize({ ...call, request: paymentRequest(shopper, order, canCapture.supported ? "manual" : "automatic") });
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
    if (!s.step(`capture ${formatMoney(captured, currency)} of ${formatMoney(shopper.amount.minorAmount, currency)}`, ["partial_charged", "charged", "capture_initiated"], result)) return;
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
    s.step("settlement batch (emulator-only hook)", ["settled"], { status: settled.ok ? "settled" : `HTTP ${settled.status}` }, dim("the nightly batch, run now"));
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
    s.step(`refund #${i + 1} ${formatMoney(minorAmount, currency)}`, ["success", "pending"], last, refundAmountNote(last));
  }

  // 4. The second refund's status.
  const canRsync = await client.supports(connector.name, "rsync");
  if (!canRsync.supported) return s.skip("refund status (rsync)", canRsync.reason);
  if (!last?.connectorRefundId) return;
  const status = await client.refundSync({ ...call, payment: refundable, refund: last, request: { merchantRefundId: refundIds[1]! } });
  s.step("refund status (rsync) of refund #2", ["success", "pending"], status, refundAmountNote(status));
}

/** A second payment, authorized and then cancelled. */
async function authorizeAndVoid({ client, connector, shopper, s, call }: Lifecycle): Promise<void> {
  const canCapture = await client.supports(connector.name, "capture");
  const canVoid = await client.supports(connector.name, "void");
  if (!canVoid.supported) return s.skip("void", canVoid.reason);
  if (!canCapture.supported) return s.skip("void", "nothing to void: the payment is charged at once");
  const order = orderId("order");
  const payment = await client.authorize({ ...call, request: paymentRequest(shopper, order, "manual") });
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
      ...(shopper.billingAddress ? { billingAddress: shopper.billingAddress } : {}),
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
  targetOf: (connector: string) => Target | undefined,
): Promise<{ url: string; close: () => Promise<void> }> {
  // One handler per connector, made at its first delivery (when the processor's URL is known).
  const handlers = new Map<string, Promise<NodeWebhookHandler | undefined>>();
  const handlerFor = (connector: string) => {
    if (!handlers.has(connector)) handlers.set(connector, makeHandler(connector));
    return handlers.get(connector)!;
  };
  const makeHandler = async (connector: string): Promise<NodeWebhookHandler | undefined> => {
    const webhookSecret = secrets[connector]?.webhookSecret;
    if (!webhookSecret) return undefined;
    const common = {
      connector,
      onEvent: (event: WebhookEvent) => inbox.add(connector, event),
      onRejected: ({ status, reason }: { status: number; reason: string }) => inbox.reject(connector, `${status} ${reason}`),
    };
    const info = (await client.connectors()).find((c) => c.name === connector);
    if (info?.webhookVerification === "remote") {
      // PayPal: the client asks PayPal (verifyWebhook) with its own access token.
      const target = targetOf(connector);
      return client.webhookHandler({ ...common, verify: { webhookId: webhookSecret, auth: target?.auth ?? {} }, ...(target?.options ? { options: target.options } : {}) });
    }
    return client.webhookHandler({ ...common, secret: webhookSecret, url: `${url}/${connector}` }); // Square signs the URL as registered
  };
  const server: Server = createServer((req, res) => {
    const connector = /^\/webhooks\/([a-z0-9_-]+)/.exec(req.url ?? "")?.[1];
    void (connector ? handlerFor(connector) : Promise.resolve(undefined)).then(
      (handler) => (handler ? handler(req, res) : res.writeHead(404).end()),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
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

/** The one shopper of every lifecycle (her address is BILLING_ADDRESS, for processors that require it). */
const JANE = { id: "shopper_1001", email: "jane@example.com", name: "Jane Doe" };

const SHOPPERS: Record<ConnectorName, (t: Target) => Shopper> = {
  stripe: () => ({
    paymentMethod: card("4242424242424242", "12", "2030", "123"),
    cardToSave: card("4242424242424242", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
    returnUrl: "https://shop.example/checkout/return",
  }),
  adyen: () => ({
    paymentMethod: card("4111111111111111", "03", "2030", "737"),
    cardToSave: card("4111111111111111", "03", "2030", "737"),
    amount: { minorAmount: 10000, currency: "EUR" },
    customer: JANE,
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
    customer: JANE,
  }),
  // Square takes a token from its Web Payments SDK, never card data; cnon:card-nonce-ok is its sandbox token.
  square: () => ({
    paymentMethod: { type: "token", token: { value: "cnon:card-nonce-ok" } },
    cardToSave: { type: "token", token: { value: "cnon:card-nonce-ok" } },
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
  }),
  paypal: () => ({
    paymentMethod: card("4111111111111111", "03", "2030", "123"),
    cardToSave: card("4111111111111111", "03", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
  }),
  cybersource: () => ({
    paymentMethod: card("4111111111111111", "12", "2031", "123"),
    cardToSave: card("4111111111111111", "12", "2031", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
    billingAddress: BILLING_ADDRESS,
  }),
  // Braintree takes a nonce from its client SDK, never card data; fake-valid-nonce is its sandbox's
  // reusable test nonce.
  braintree: () => ({
    paymentMethod: { type: "token", token: { value: "fake-valid-nonce" } },
    cardToSave: { type: "token", token: { value: "fake-valid-nonce" } },
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
  }),
  authorizedotnet: () => ({
    paymentMethod: card("4111111111111111", "12", "2030", "123"),
    cardToSave: card("4111111111111111", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
    billingAddress: BILLING_ADDRESS,
  }),
};

const BILLING_ADDRESS = { firstName: "Jane", lastName: "Doe", line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" };

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
  {
    connector: "paypal",
    title: `PayPal · PayPal wallet · ${formatMoney(2500, "USD")} · manual capture`,
    // EMULATOR-ONLY: the emulator's checkout page approves as the payer would after logging in.
    emulatorOnly: true,
    async run(client, call, s) {
      const amount = { minorAmount: 2500, currency: "USD" };
      const order = orderId("demopp");
      const created = await client.authorize({
        ...call,
        request: {
          merchantTransactionId: order,
          amount,
          paymentMethod: { type: "paypal", paypal: { email: "payer@example.com" } },
          captureMethod: "manual",
          returnUrl: "https://shop.example/paypal/return",
          idempotencyKey: `${order}-authorize`,
        },
      });
      if (!s.step("authorize (redirect to PayPal)", ["authentication_pending"], created)) return;
      const back = await followRedirect(created.redirection!.url);
      const done = await client.completeAuthorize({
        ...call,
        payment: created,
        request: { captureMethod: "manual", redirectPayload: Object.fromEntries(back.searchParams), idempotencyKey: `${order}-complete` },
      });
      if (!s.step("completeAuthorize (payer approved)", ["authorized"], done)) return;
      const captured = await client.capture({ ...call, payment: done, request: { amountToCapture: amount, paymentAmount: amount, idempotencyKey: `${order}-capture` } });
      s.step(`capture all ${formatMoney(amount.minorAmount, amount.currency)}`, ["charged"], captured);
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
