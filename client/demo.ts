/**
 * The main job: a real end-to-end payment flow for each connector, through the real pool, real
 * HTTP and, by default, the loopback emulator of the processors (no keys needed). With a
 * processor's credentials in the environment, that connector runs against its sandbox instead:
 *   STRIPE_API_KEY=sk_test_...                       Stripe test mode
 *   ADYEN_API_KEY, ADYEN_MERCHANT_ACCOUNT            Adyen test
 *   PHONEPE_MERCHANT_ID, PHONEPE_SALT_KEY, PHONEPE_SALT_INDEX   PhonePe UAT
 * Every step is printed masked. Exit code 0 when every step ended in the expected status.
 */
import { fileURLToPath } from "node:url";
import type { AuthorizeRequest, Options, PaymentResult, PaymentStatus } from "../protocol/index.js";
import { startEmulator, type Emulator } from "../test/emulator/index.js";
import { PaymentsClient, type FlowStep } from "./flows.js";
import { SidecarPool } from "./pool.js";
import { maskPan, redact } from "./redact.js";

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const dim = paint(2);
const bold = paint(1);
const green = paint(32);
const red = paint(31);

/** Formats integer minor units for display, without floats: 2000 USD → "USD 20.00". */
export function formatMoney(minor: number, currency: string): string {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const s = String(Math.abs(minor)).padStart(digits + 1, "0");
  const whole = digits ? s.slice(0, -digits) : s;
  return `${currency} ${minor < 0 ? "-" : ""}${whole}${digits ? "." + s.slice(-digits) : ""}`;
}

interface Target {
  auth: Record<string, string>;
  options: Options;
  live: boolean;
}

interface Scenario {
  connector: string;
  title: string;
  target: Target;
  run: (ctx: ScenarioContext) => Promise<void>;
}

interface ScenarioContext {
  client: PaymentsClient;
  target: Target;
  step: (label: string, expected: PaymentStatus[], result: PaymentResult) => void;
}

export async function runDemo(opts: { out?: (line: string) => void } = {}): Promise<number> {
  const out = opts.out ?? ((line: string) => console.log(line));
  const env = process.env;
  const needsEmulator = !(env.STRIPE_API_KEY && env.ADYEN_API_KEY && env.PHONEPE_SALT_KEY);
  const emulator: Emulator | undefined = needsEmulator ? await startEmulator() : undefined;
  const pool = await SidecarPool.start({ size: 2 });
  let failures = 0;
  try {
    const targets = {
      stripe: env.STRIPE_API_KEY
        ? { auth: { apiKey: env.STRIPE_API_KEY }, options: {}, live: true }
        : { auth: { apiKey: "sk_test_emulator" }, options: { baseUrl: emulator!.baseUrls.stripe }, live: false },
      adyen: env.ADYEN_API_KEY
        ? { auth: { apiKey: env.ADYEN_API_KEY, merchantAccount: env.ADYEN_MERCHANT_ACCOUNT ?? "" }, options: {}, live: true }
        : { auth: { apiKey: "AQE_emulator_key", merchantAccount: "DemoMerchantECOM" }, options: { baseUrl: emulator!.baseUrls.adyen }, live: false },
      phonepe: env.PHONEPE_SALT_KEY
        ? {
            auth: { merchantId: env.PHONEPE_MERCHANT_ID ?? "", saltKey: env.PHONEPE_SALT_KEY, saltIndex: env.PHONEPE_SALT_INDEX ?? "1" },
            options: {},
            live: true,
          }
        : {
            // PhonePe's published UAT test merchant; the emulator verifies checksums with it.
            auth: { merchantId: "PGTESTPAYUAT", saltKey: "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399", saltIndex: "1" },
            options: { baseUrl: emulator!.baseUrls.phonepe },
            live: false,
          },
    } satisfies Record<string, Target>;

    const info = await pool.call("initialize", { protocolVersion: "1", clientName: "demo" });
    out(bold("connector-sidecar demo"));
    out(dim(`  sidecar ${info.sidecarVersion}, protocol ${info.protocolVersion}, pool of ${pool.size} (pids ${pool.pids.join(", ")})`));
    out(dim(emulator ? `  processors: loopback emulator at ${emulator.url} (set STRIPE_API_KEY etc. to use a sandbox)` : "  processors: sandboxes"));

    for (const scenario of scenarios(targets)) {
      out("");
      out(bold(`${scenario.title}`) + dim(scenario.target.live ? "  [sandbox]" : "  [emulator]"));
      const client = new PaymentsClient(pool, { onStep: (s) => printStep(out, s) });
      const step = (label: string, expected: PaymentStatus[], result: PaymentResult) => {
        const ok = expected.includes(result.status);
        if (!ok) failures++;
        const err = result.error ? ` ${result.error.code}${result.error.declineType ? ` (${result.error.declineType})` : ""}: ${result.error.message}` : "";
        out(
          `  ${(ok ? green("✓") : red("✗"))} ${label.padEnd(34)} ${bold(result.status)}${result.connectorTransactionId ? dim(` ${result.connectorTransactionId}`) : ""}${dim(err)}` +
            (ok ? "" : red(`  (expected ${expected.join(" or ")})`)),
        );
      };
      try {
        await scenario.run({ client, target: scenario.target, step });
      } catch (e) {
        failures++;
        out(red(`  ✗ ${(e as Error).name}: ${(e as Error).message}`));
      }
    }
    out("");
    out(failures === 0 ? green(bold("all steps ended as expected")) : red(bold(`${failures} step(s) did not end as expected`)));
    return failures === 0 ? 0 : 1;
  } finally {
    await pool.close();
    await emulator?.close();
  }
}

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

function card(number: string, expMonth: string, expYear: string, cvc: string, holderName = "Jane Doe") {
  return { type: "card" as const, card: { number, expMonth, expYear, cvc, holderName } };
}

function orderId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Follows an emulated (or sandbox) redirect the way a shopper's browser would, one hop. */
async function followRedirect(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location");
  if (!location) throw new Error(`the redirect page answered ${res.status} without a Location`);
  return new URL(location);
}

function scenarios(t: Record<"stripe" | "adyen" | "phonepe", Target>): Scenario[] {
  const returnUrl = "https://shop.example/checkout/return";
  return [
    {
      connector: "stripe",
      title: `Stripe · card ${maskPan("4242424242424242")} · ${formatMoney(2000, "USD")} · automatic capture`,
      target: t.stripe,
      async run({ client, target, step }) {
        const call = { connector: "stripe", auth: target.auth, options: target.options };
        const request: AuthorizeRequest = {
          merchantTransactionId: orderId("demo"),
          amount: { minorAmount: 2000, currency: "USD" },
          paymentMethod: card("4242424242424242", "12", "2030", "123"),
          idempotencyKey: orderId("idem"),
          description: "connector-sidecar demo",
        };
        const auth = await client.authorize({ ...call, request });
        step("authorize", ["charged"], auth);
        const sync = await client.sync({ ...call, request: { connectorTransactionId: auth.connectorTransactionId ?? "" } });
        step("sync", ["charged"], sync);
      },
    },
    {
      connector: "stripe",
      title: `Stripe · 3-D Secure card ${maskPan("4000000000003220")} · ${formatMoney(1500, "EUR")} · manual capture`,
      target: t.stripe,
      async run({ client, target, step }) {
        if (target.live) return; // the challenge needs a shopper's browser
        const call = { connector: "stripe", auth: target.auth, options: target.options };
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demo3ds"),
            amount: { minorAmount: 1500, currency: "EUR" },
            paymentMethod: card("4000000000003220", "12", "2030", "123"),
            captureMethod: "manual",
            returnUrl,
          },
        });
        step("authorize (3DS challenge)", ["authentication_pending"], auth);
        const back = await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, request: { connectorTransactionId: back.searchParams.get("payment_intent") ?? "" } });
        step("sync after the shopper's challenge", ["authorized"], sync);
      },
    },
    {
      connector: "stripe",
      title: `Stripe · declined card ${maskPan("4000000000009995")} · ${formatMoney(999, "USD")}`,
      target: t.stripe,
      async run({ client, target, step }) {
        const r = await client.authorize({
          connector: "stripe",
          auth: target.auth,
          options: target.options,
          request: {
            merchantTransactionId: orderId("demodecl"),
            amount: { minorAmount: 999, currency: "USD" },
            paymentMethod: card("4000000000009995", "12", "2030", "123"),
          },
        });
        step("authorize (a decline is data)", ["failure"], r);
      },
    },
    {
      connector: "adyen",
      title: `Adyen · 3-D Secure card ${maskPan("5454545454545454")} · ${formatMoney(4200, "EUR")} · manual capture`,
      target: t.adyen,
      async run({ client, target, step }) {
        const call = { connector: "adyen", auth: target.auth, options: target.options };
        const number = target.live ? "4111111111111111" : "5454545454545454";
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demo"),
            amount: { minorAmount: 4200, currency: "EUR" },
            paymentMethod: card(number, "03", "2030", "737"),
            captureMethod: "manual",
            returnUrl,
            idempotencyKey: orderId("idem"),
          },
        });
        if (target.live) {
          step("authorize", ["authorized"], auth);
          return;
        }
        step("authorize (3DS redirect)", ["authentication_pending"], auth);
        const back = await followRedirect(auth.redirection!.url);
        const sync = await client.sync({
          ...call,
          request: {
            connectorTransactionId: auth.connectorTransactionId ?? "",
            redirectPayload: Object.fromEntries(back.searchParams),
          },
        });
        step("sync (/payments/details)", ["authorized"], sync);
      },
    },
    {
      connector: "phonepe",
      title: `PhonePe · UPI collect · ${formatMoney(49900, "INR")}`,
      target: t.phonepe,
      async run({ client, target, step }) {
        const call = { connector: "phonepe", auth: target.auth, options: target.options };
        const merchantTransactionId = orderId("DEMO");
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId,
            amount: { minorAmount: 49900, currency: "INR" },
            paymentMethod: { type: "upiCollect", upi: { vpa: "success@ybl" } },
            customer: { id: "cust_demo_1", phone: "9999999999" },
            webhookUrl: "https://shop.example/webhooks/phonepe",
            returnUrl,
          },
        });
        step("authorize (collect request sent)", ["authentication_pending", "pending"], auth);
        const id = auth.connectorTransactionId ?? merchantTransactionId;
        const first = await client.sync({ ...call, request: { connectorTransactionId: id } });
        step("sync (shopper has not approved yet)", ["pending", "authentication_pending", "charged"], first);
        const second = await client.sync({ ...call, request: { connectorTransactionId: id } });
        step("sync (after approval in the UPI app)", ["charged"], second);
      },
    },
  ];
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
