// Stripe's part of the demo: test mode with STRIPE_API_KEY, else this folder's emulator.
import { card, followRedirect, formatMoney, JANE, maskPan, orderId, type ConnectorScenario } from "../../../demo/scenario.js";

export const scenario: ConnectorScenario = {
  emulator: { auth: { apiKey: "sk_test_emulator" }, webhookSecret: "whsec_demo_emulator_secret" },
  sandbox: { env: ["STRIPE_API_KEY"], auth: (env) => (env.STRIPE_API_KEY ? { apiKey: env.STRIPE_API_KEY } : undefined) },
  shopper: {
    paymentMethod: card("4242424242424242", "12", "2030", "123"),
    cardToSave: card("4242424242424242", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
    returnUrl: "https://shop.example/checkout/return",
  },
  scenarios: [
    {
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
      title: `Stripe · iDEAL bank redirect · ${formatMoney(2500, "EUR")}`,
      paymentMethod: "bankRedirect",
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoideal"),
            amount: { minorAmount: 2500, currency: "EUR" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal", issuer: "ing" } },
            customer: JANE,
            returnUrl: "https://shop.example/checkout/return",
          },
        });
        s.step("authorize (the shopper goes to the bank)", ["authentication_pending"], auth);
        const back = await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, request: { connectorTransactionId: back.searchParams.get("payment_intent") ?? "" } });
        s.step("sync after the shopper approved at the bank", ["charged"], sync);
      },
    },
    {
      title: `Stripe · SEPA Direct Debit · ${formatMoney(4900, "EUR")}`,
      paymentMethod: "bankDebit",
      async run(client, call, s) {
        const r = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demosepa"),
            amount: { minorAmount: 4900, currency: "EUR" },
            // Stripe's documented test IBAN that succeeds (https://docs.stripe.com/testing#sepa-direct-debit).
            paymentMethod: { type: "bankDebit", bankDebit: { method: "sepa", iban: "DE89370400440532013000", accountHolderName: "Jane Doe" } },
            customer: JANE,
            // The mandate the shopper accepted online: SEPA needs where and when.
            browserInfo: { ipAddress: "192.0.2.10", userAgent: "Mozilla/5.0 (demo)" },
          },
        });
        s.step("authorize (a debit is processing until it clears)", ["authorizing"], r);
      },
    },
    {
      title: `Stripe · Klarna with order lines · ${formatMoney(3000, "EUR")}`,
      paymentMethod: "bnpl",
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoklarna"),
            amount: { minorAmount: 3000, currency: "EUR" },
            paymentMethod: { type: "bnpl", bnpl: { method: "klarna" } },
            customer: JANE,
            billingAddress: { country: "DE" },
            orderLines: [
              { name: "Running shoes", quantity: 1, unitAmount: { minorAmount: 2000, currency: "EUR" } },
              { name: "Socks", quantity: 2, unitAmount: { minorAmount: 500, currency: "EUR" } },
            ],
            returnUrl: "https://shop.example/checkout/return",
          },
        });
        s.step("authorize (the shopper goes to Klarna)", ["authentication_pending"], auth);
        const back = await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, request: { connectorTransactionId: back.searchParams.get("payment_intent") ?? "" } });
        s.step("sync after the shopper accepted Klarna's offer", ["charged"], sync);
      },
    },
    {
      title: `Stripe · a session for Stripe.js, then incremental authorization (a hotel stay) · ${formatMoney(10000, "USD")}`,
      emulatorOnly: true,
      async run(client, call, s, hooks) {
        const usd = (minorAmount: number) => ({ minorAmount, currency: "USD" as const });
        const session = await client.createSession({
          ...call,
          request: { merchantTransactionId: orderId("demohotel"), amount: usd(10000), captureMethod: "manual", idempotencyKey: orderId("idem") },
        });
        s.step("createSession (handed to the front end)", ["success"], session, { note: session.clientSecret ? "client secret for Stripe.js" : undefined });
        // The shopper's browser: Stripe.js confirms with the publishable key and the client secret; card data never reaches the merchant.
        const confirmed = await fetch(`${hooks.emulatorBaseUrl}/v1/payment_intents/${session.connectorTransactionId}/confirm`, {
          method: "POST",
          headers: { Authorization: "Bearer pk_test_demo_frontend", "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ payment_method: "pm_card_visa", client_secret: session.clientSecret ?? "" }),
        });
        s.step("the front end confirms (Stripe.js)", ["200"], { status: String(confirmed.status) });
        const synced = await client.sync({ ...call, payment: session, request: {} });
        s.step("sync after the front end", ["authorized"], synced);
        const raised = await client.incrementAuthorization({ ...call, payment: synced, request: { additionalAmount: usd(2500), paymentAmount: usd(10000), reason: "Minibar", idempotencyKey: orderId("incr") } });
        s.step("incrementAuthorization +USD 25.00", ["authorized"], raised, { note: raised.authorizedAmount ? `now ${formatMoney(raised.authorizedAmount.minorAmount, "USD")} authorized` : undefined });
        const captured = await client.capture({ ...call, payment: raised, request: { amountToCapture: usd(12500) } });
        s.step("capture the new total", ["charged"], captured);
      },
    },
    {
      title: `Stripe · a dispute from its webhook to evidence to the outcome · ${formatMoney(4200, "USD")}`,
      emulatorOnly: true,
      async run(client, call, s, hooks) {
        // Stripe's test card that is disputed as fraudulent once paid (docs.stripe.com/testing#disputes).
        const paid = await client.authorize({
          ...call,
          request: { merchantTransactionId: orderId("demodispute"), amount: { minorAmount: 4200, currency: "USD" }, paymentMethod: card("4000000000000259", "12", "2030", "123") },
        });
        s.step("authorize", ["charged"], paid);
        const opened = await hooks.webhook((e) => e.kind === "dispute" && e.eventType === "charge.dispute.created" && e.connectorTransactionId === paid.connectorTransactionId);
        s.step("dispute opened (webhook)", ["needs_response"], { status: opened?.disputeStatus ?? "none" }, { note: opened ? `reason ${opened.reasonCode}, respond by ${opened.dueBy}` : undefined });
        if (!opened) return;
        const submitted = await client.submitDisputeEvidence({
          ...call,
          dispute: opened,
          request: {
            evidence: [
              { type: "productDescription", text: "Blue ceramic mug, 350 ml, shipped to the cardholder's address" },
              // Stripe's test mode decides the dispute by this text (docs.stripe.com/testing#evidence).
              { type: "uncategorized", text: "winning_evidence" },
            ],
            idempotencyKey: orderId("evidence"),
          },
        });
        s.step("submitDisputeEvidence", ["won", "under_review"], submitted);
        const closed = await hooks.webhook((e) => e.kind === "dispute" && e.eventType === "charge.dispute.closed" && e.connectorDisputeId === opened.connectorDisputeId);
        s.step("the outcome (webhook)", ["won"], { status: closed?.disputeStatus ?? "none" });
      },
    },
  ],
};
