/**
 * What a connector's demo knows, in its own folder: `emulator/connectors/<name>/scenario.ts`
 * exports `scenario` (a `ConnectorScenario`). The demo finds these files by itself and runs the
 * same lifecycle for every connector with the connector's test data, credentials and
 * particulars; the helpers below are what scenario files share.
 */
import type { AuthorizeRequest, Money, Options, PaymentMethod, WebhookEvent } from "../protocol/index.js";
import type { FlowCall, PaymentsClient } from "../client/index.js";
import { maskPan } from "../client/redact.js";

/** Where a connector's requests go and with which credentials. */
export interface Target {
  auth: Record<string, string>;
  options: Options;
  /** A real sandbox (true) or the loopback emulator (false). */
  live: boolean;
  /** The secret the processor signs webhooks with (the emulator signs with these). */
  webhookSecret?: string;
}

/** The test data of one connector's lifecycle: the flows themselves are the same for every connector. */
export interface Shopper {
  paymentMethod: PaymentMethod;
  /** A second method for the saved-card part (cards only). */
  cardToSave?: PaymentMethod;
  /**
   * What the processor's saved-card authorisation takes beyond the card, where the zero-value check
   * does not do (Razorpay's recurring token: a payment of at least ₹1 and the cap of later charges).
   */
  mandate?: { amount?: Money; maxAmount?: Money };
  amount: Money;
  customer: { id: string; email?: string; name?: string; phone?: string };
  /** For processors that check the card against it (Cybersource, Authorize.Net require it). */
  billingAddress?: AuthorizeRequest["billingAddress"];
  /** The shopper's browser, for processors that require it (Razorpay's S2S payment needs the IP address). */
  browserInfo?: AuthorizeRequest["browserInfo"];
  /**
   * Where the shopper's browser comes back after a redirect. Adyen wants one on every payment;
   * Checkout.com takes one as a request for 3-D Secure, which needs a shopper: none there.
   */
  returnUrl?: string;
}

/** A step's outcome: the result's status against what the demo expects of it. */
export interface Judged {
  status: string;
  connectorTransactionId?: string;
  connectorRefundId?: string;
  error?: { code: string; message: string; declineType?: string };
}

/** The printed and recorded part of one section of the demo. */
export interface Section {
  out: (line: string) => void;
  /**
   * Prints a step and records it under `name` (default: `label`); returns whether it ended as
   * expected.
   */
  step: (label: string, expected: string[], result: Judged, opts?: { note?: string; name?: string }) => boolean;
  /** Prints and records a step the connector cannot do, with the reason. */
  skip: (label: string, reason: string, opts?: { name?: string }) => void;
}

/** What every call of one connector carries (its name and credentials come from listConnectors and the scenario's config). */
export type Call = FlowCall & { options: Options };

/** A single scenario of one connector (a 3-D Secure redirect, a decline, a wallet). */
export interface SingleScenario {
  title: string;
  /** Needs the emulator's stand-in for the shopper's browser: skipped against a sandbox. */
  emulatorOnly?: boolean;
  /** The payment method type it pays with, when it shows one other than a card (`bankRedirect`, `bnpl`, ...). */
  paymentMethod?: PaymentMethod["type"];
  run: (client: PaymentsClient, call: Call, s: Section, hooks: ScenarioHooks) => Promise<void>;
}

/** What a scenario may ask of the demo besides the client: the webhooks its endpoint verified. */
export interface ScenarioHooks {
  /**
   * The first verified webhook event of this connector that `match` accepts, once the emulator has
   * delivered what it sent (undefined when none came).
   */
  webhook: (match: (event: WebhookEvent) => boolean) => Promise<WebhookEvent | undefined>;
  /** The emulator's origin for this connector (undefined against a sandbox): a front end's stand-in calls it. */
  emulatorBaseUrl?: string;
}

/** The processor's ids one connector's results named so far. */
export interface NamedIds {
  payments: Set<string>;
  refunds: Set<string>;
}

export interface ConnectorScenario {
  /** Made-up credentials the emulator checks like the processor would, and its webhook secret. */
  emulator: { auth: Record<string, string>; webhookSecret?: string };
  /**
   * The processor's sandbox: the environment variables that select it (`env`, for the docs and
   * for tests that must run without them) and the credentials read from them; `auth` returns
   * undefined when they are not set, and the demo uses the emulator.
   */
  sandbox: { env: string[]; auth: (env: NodeJS.ProcessEnv) => Record<string, string> | undefined };
  shopper: Shopper;
  /**
   * For processors that refund only settled payments (settlement is their nightly batch): the
   * emulator settles at once on an EMULATOR-ONLY route; against a sandbox the refunds are skipped
   * with `why`.
   */
  settlement?: { why: string; emulatorOnlySettle: (baseUrl: string, connectorTransactionId: string) => Promise<Response> };
  /**
   * For emulators that notify only on request (Square's): plays the processor's part, POSTing to
   * `url` the signed notifications of the ids the results named (and clearing them).
   */
  emulatorNotify?: (args: { baseUrl: string; ids: NamedIds; url: string; secret: string }) => Promise<void>;
  /** Single scenarios after the lifecycles. */
  scenarios?: SingleScenario[];
}

/** The one shopper of every lifecycle (her address is BILLING_ADDRESS, for processors that require it). */
export const JANE = { id: "shopper_1001", email: "jane@example.com", name: "Jane Doe" };

export const BILLING_ADDRESS = { firstName: "Jane", lastName: "Doe", line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" };

export function card(number: string, expMonth: string, expYear: string, cvc: string, holderName = "Jane Doe"): PaymentMethod {
  return { type: "card", card: { number, expMonth, expYear, cvc, holderName } };
}

/** A fresh order id with a prefix (short: Authorize.Net takes at most 20 characters). */
export function orderId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Formats integer minor units for display, without floats: 2000 USD → "USD 20.00". */
export function formatMoney(minor: number, currency: string): string {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const s = String(Math.abs(minor)).padStart(digits + 1, "0");
  const whole = digits ? s.slice(0, -digits) : s;
  return `${currency} ${minor < 0 ? "-" : ""}${whole}${digits ? "." + s.slice(-digits) : ""}`;
}

/** Follows an emulated redirect the way a shopper's browser would, one hop. */
export async function followRedirect(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location");
  if (!location) throw new Error(`the redirect page answered ${res.status} without a Location`);
  return new URL(location);
}

export { maskPan };
