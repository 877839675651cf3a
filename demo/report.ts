/**
 * What `runDemo()` returns: every section (a connector's lifecycle or a single scenario) with every
 * step as it ended, for programs and tests; the console shows the same for people.
 */

export interface StepReport {
  /** Stable name of the step (`authorize`, `capture`, `refund #1`, `rsync`, `void`, `webhooks`, ...). */
  name: string;
  /** As printed (`capture USD 60.00 of USD 100.00`). */
  label: string;
  /** The statuses this step may end in to count as expected; empty for a skipped step. */
  expected: string[];
  /** The result's status (`skipped` for a skipped step, `threw` for an exception). */
  status: string;
  ok: boolean;
  skipped: boolean;
  /** Why it was skipped, or the exception's message. */
  reason?: string;
  /** The printed note (amounts, the saved card's reference, the number of webhook events). */
  note?: string;
  connectorTransactionId?: string;
  connectorRefundId?: string;
  error?: { code: string; message: string; declineType?: string };
}

export interface SectionReport {
  /** The connector's name, as listConnectors says it. */
  connector: string;
  kind: "lifecycle" | "scenario";
  /** The payment method type a scenario pays with, when it shows one other than a card. */
  paymentMethod?: string;
  title: string;
  /** Ran against the processor's sandbox (true) or the loopback emulator (false). */
  live: boolean;
  steps: StepReport[];
  /** Every flow call sent while this section ran, in order (access tokens included). */
  calls: Array<{ flow: string; method: string; url: string }>;
  /** The verified webhook events the connector's endpoint received (lifecycles only). */
  webhooks: Array<{ eventType: string; kind: string; status: string }>;
  /** Deliveries the endpoint refused, with the status and the handler's reason. */
  rejectedWebhooks: string[];
}

export interface DemoReport {
  /** Every step ended as expected. */
  ok: boolean;
  /** Steps that did not end as expected (exceptions included). */
  failures: number;
  skipped: number;
  sections: SectionReport[];
}
