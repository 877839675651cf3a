/**
 * The high-level flows: transformRequest → HTTP (Node's fetch, or the app's executor) →
 * transformResponse (for a flow in the connector's `localFlows`, transformResponse alone: the
 * sidecar answers it with no HTTP call), for every step of a payment's life: authorize, sync, capture, void, refund,
 * refundSync, setupMandate (with the customer step where the processor needs one), repeatPayment.
 *
 * What a failed HTTP exchange means for the money is the same for every flow:
 * - the connection was never made: the processor cannot have acted → `failure` with
 *   `processor_unavailable` (safe to retry);
 * - the request may have reached the processor and no answer came back (timeout, reset) →
 *   `unresolved`, never an exception and never `failure`: the caller must find out before doing it
 *   again (sync the payment; for a refund, retry with the SAME idempotencyKey or wait for the
 *   webhook). A refund with no idempotencyKey is sent with its merchantRefundId as the key, so such a
 *   retry can never refund twice.
 *
 * Connectors that run on an OAuth access token (listConnectors lists `createAccessToken`: PayPal)
 * get one fetched before the first flow that needs it, kept per connector, credentials and
 * environment until shortly before it expires, and fetched again once when the processor refuses
 * it (401): see `PaymentsClient.exchange`.
 */
import { createHash } from "node:crypto";
import {
  ERROR_CODES,
  type AccessTokenResult,
  type AuthorizeRequest,
  type CompleteAuthorizeRequest,
  type CreateAccessTokenRequest,
  type CaptureRequest,
  type ConnectorCall,
  type ConnectorInfo,
  type ConnectorName,
  type CreateCustomerRequest,
  type CustomerResult,
  type ErrorInfo,
  type FlowName,
  type FlowResultOf,
  type HttpRequest,
  type HttpResponse,
  type Options,
  type PaymentResult,
  type PsyncRequest,
  type RefundRequest,
  type RefundResult,
  type RepeatPaymentRequest,
  type RsyncRequest,
  type SetupMandateRequest,
  type TransformRequestParams,
  type VoidRequest,
  type FlowRequestOf,
  type AcceptDisputeRequest,
  type CreateSessionRequest,
  type DefendDisputeRequest,
  type DisputeResult,
  type DsyncRequest,
  type FileResult,
  type IncrementalAuthorizationRequest,
  type MandateResult,
  type ReverseRequest,
  type RevokeMandateRequest,
  type SessionResult,
  type SubmitDisputeEvidenceRequest,
  type UploadDisputeFileRequest,
} from "../protocol/index.js";
import { SidecarError } from "./errors.js";
import { maskPansInText } from "./redact.js";
import { fetchExecutor, NotSentError, type HttpExecutor } from "./http.js";
import type { SidecarPool } from "./pool.js";
import {
  parseWebhook,
  unanswered as unansweredVerification,
  webhookHandler,
  type NodeWebhookHandler,
  type ParseWebhookCall,
  type VerifyWebhookCall,
  type WebhookHandlerOptions,
} from "./webhooks.js";
import type { WebhookResult, WebhookVerificationResult } from "../protocol/index.js";

/** Any flow's unified result. */
export type FlowResult =
  | PaymentResult
  | RefundResult
  | CustomerResult
  | AccessTokenResult
  | WebhookVerificationResult
  | SessionResult
  | MandateResult
  | DisputeResult
  | FileResult;

/** One step of a flow, for logging and the demo. Log it through `redact()`. */
export type FlowStep =
  | { step: "request"; connector: string; flow: string; http: HttpRequest; micros: number }
  | { step: "response"; connector: string; flow: string; http: HttpResponse; millis: number }
  | { step: "result"; connector: string; flow: string; result: FlowResult; micros: number };

/**
 * Which connector, with its credentials (typed per connector: `auth` has the fields its
 * listConnectors().authFields name, the optional ones optional), and the options.
 */
export type FlowCall = ConnectorCall & { options?: Options };

/**
 * A refund as the client reports it: the processor's answer, or `unresolved` when the request may
 * have reached the processor and no answer came back. `unresolved` is not a failure: the refund may
 * have been made. Retry with the same idempotencyKey (the processor answers with the first
 * attempt's refund) or wait for the refund webhook; never issue a new refund for it.
 */
export type RefundOutcome = Omit<RefundResult, "status"> & { status: RefundResult["status"] | "unresolved" };

/** A customer as the client reports it: `unresolved` when the processor's answer never came. */
export type CustomerOutcome = Omit<CustomerResult, "status"> & { status: CustomerResult["status"] | "unresolved" };

/** An access token as the client reports it: `unresolved` when the processor's answer never came. */
export type AccessTokenOutcome = Omit<AccessTokenResult, "status"> & { status: AccessTokenResult["status"] | "unresolved" };

/** A session as the client reports it: `unresolved` when the processor's answer never came. */
export type SessionOutcome = Omit<SessionResult, "status"> & { status: SessionResult["status"] | "unresolved" };

/** A revoked mandate as the client reports it: `unresolved` when the processor's answer never came. */
export type MandateOutcome = Omit<MandateResult, "status"> & { status: MandateResult["status"] | "unresolved" };

/** A dispute as the client reports it: `unresolved` when the processor's answer never came. */
export type DisputeOutcome = Omit<DisputeResult, "status"> & { status: DisputeResult["status"] | "unresolved" };

/** An uploaded file as the client reports it: `unresolved` when the processor's answer never came. */
export type FileOutcome = Omit<FileResult, "status"> & { status: FileResult["status"] | "unresolved" };

/** The dispute a dispute call acts on: a dispute result, or the dispute webhook event. */
export type DisputeRef = { connectorDisputeId?: string; connectorTransactionId?: string; state?: Record<string, string> };

/** A dispute request whose `connectorDisputeId` may come from `dispute` instead. */
export type DisputeCall<R extends { connectorDisputeId: string }> = FlowCall & {
  request: Omit<R, "connectorDisputeId"> & { connectorDisputeId?: string };
  /** The dispute (a DisputeResult or the dispute's webhook event): gives connectorDisputeId and connectorTransactionId. */
  dispute?: DisputeRef;
};

/** The payment a follow-up call acts on: pass the previous result (authorize, sync, capture...). */
export type PaymentRef = Pick<PaymentResult, "connectorTransactionId" | "state">;

/** The refund a refundSync reads: pass the refund's outcome. */
export type RefundRef = Pick<RefundOutcome, "connectorRefundId">;

/** The saved payment method a repeatPayment charges: pass the setupMandate (or authorize) result. */
export type MandateRef = Pick<PaymentResult, "mandateReference" | "connectorCustomerId" | "networkTransactionId" | "state">;

/** A follow-up request whose `connectorTransactionId` may come from `payment` instead. */
type FollowUp<R extends { connectorTransactionId: string }> = Omit<R, "connectorTransactionId"> & { connectorTransactionId?: string };

/** A follow-up call: the request, and optionally the previous result it continues. */
export type FollowUpCall<R extends { connectorTransactionId: string }> = FlowCall & {
  request: FollowUp<R>;
  /**
   * The previous result for this payment. Gives `connectorTransactionId` when the request has
   * none, and the `state` the connector carries between calls (Adyen keeps the capture mode of
   * the authorization there, for example); fields in `request` win.
   */
  payment?: PaymentRef;
};

export interface PaymentsClientOptions {
  /** Sends the processor request; default Node's fetch. */
  http?: HttpExecutor;
  /** HTTP deadline in ms. Default 30,000. After it the result is `unresolved`. */
  httpTimeoutMs?: number;
  /** Receives each step (raw: pass it through `redact()` before logging). */
  onStep?: (step: FlowStep) => void;
  /**
   * For connectors that list `createAccessToken` (PayPal): `auto` (default) fetches the access
   * token before the first flow that needs it and keeps it until shortly before it expires;
   * `manual` leaves it to the caller (`createAccessToken`, then its `state` on every request).
   */
  accessTokens?: "auto" | "manual";
  /** The time in ms since the epoch, for access token expiry; default `Date.now`. For tests. */
  clock?: () => number;
}

/**
 * The `state` key an access token travels under (createAccessToken's result puts it there). A
 * request whose `state` already has it is sent as given: the caller's own token wins.
 */
export const ACCESS_TOKEN_STATE_KEY = "accessToken";

/**
 * The `state` key by which a result says the payment continues with another call of the same flow
 * (Airwallex's authorize: `authorize` after the PaymentIntent is created).
 */
export const CONTINUE_STATE_KEY = "continueWith";

/** A token is fetched again this long before it expires (at most a tenth of its life). */
const TOKEN_REFRESH_MARGIN_SECONDS = 60;

/** An access token the client keeps: the state its result carried, and when to stop using it. */
interface TokenGrant {
  ok: true;
  state: Record<string, string>;
  /** ms since the epoch; Infinity when the processor gave no lifetime (kept until refused). */
  refreshAt: number;
}
type TokenOutcome = TokenGrant | { ok: false; error: ErrorInfo };

/** Whether a connector can run a flow, and why not when it cannot. */
export type FlowSupport = { supported: true } | { supported: false; reason: string };

/** True for the sidecar's FlowNotSupported (code 1002): the connector cannot do this flow at all. */
export function isFlowNotSupported(e: unknown): e is SidecarError {
  return e instanceof SidecarError && e.code === ERROR_CODES.FlowNotSupported;
}

/** The outcome of one HTTP exchange before it is read as a result. */
type Exchange<F extends FlowName> =
  | { answered: true; result: FlowResultOf<F> }
  | { answered: false; mayHaveReachedProcessor: boolean; error: ErrorInfo };

export class PaymentsClient {
  private connectorsCache?: Promise<ConnectorInfo[]>;
  /** Access tokens by connector + credentials + environment (a hash: no secret in the key). */
  private readonly tokens = new Map<string, Promise<TokenOutcome>>();

  constructor(
    readonly pool: SidecarPool,
    private readonly opts: PaymentsClientOptions = {},
  ) {}

  // ---------- what the connectors can do ----------

  /** The sidecar's `listConnectors`, fetched once per client. */
  connectors(): Promise<ConnectorInfo[]> {
    this.connectorsCache ??= this.pool.listConnectors().catch((e: unknown) => {
      this.connectorsCache = undefined;
      throw e;
    });
    return this.connectorsCache;
  }

  /** Whether `connector` can run `flow`; when it cannot, the processor's reason (from listConnectors). */
  async supports(connector: string, flow: FlowName): Promise<FlowSupport> {
    const info = (await this.connectors()).find((c) => c.name === connector);
    if (!info) return { supported: false, reason: `unknown connector \`${connector}\`` };
    if (info.flows.includes(flow)) return { supported: true };
    const listed = info.unsupportedFlows.find((u) => u.flow === flow);
    return { supported: false, reason: listed?.reason ?? `not implemented for ${info.displayName} in this version` };
  }

  // ---------- payments ----------

  /** Authorizes (and, with automatic capture, charges) a payment. */
  async authorize(call: FlowCall & { request: AuthorizeRequest }): Promise<PaymentResult> {
    return this.continued("authorize", call, call.request, "sync the payment before retrying");
  }

  /**
   * One payment flow, and its second call when the processor takes it in two: such connectors
   * (Airwallex: create the PaymentIntent, then confirm it; create the PaymentConsent, then verify it)
   * answer the first `started` with `state.continueWith: <flow>`: the same request goes again, once,
   * with that state.
   */
  private async continued<F extends "authorize" | "setupMandate" | "repeatPayment">(
    flow: F,
    call: FlowCall,
    request: FlowRequestOf<F>,
    retry: string,
  ): Promise<PaymentResult> {
    const first = paymentOutcome(await this.exchange(flow, call, request), retry);
    if (first.status !== "started" || first.state?.[CONTINUE_STATE_KEY] !== flow || request.state?.[CONTINUE_STATE_KEY]) return first;
    const state = { ...request.state, ...first.state };
    return paymentOutcome(await this.exchange(flow, call, { ...request, state } as FlowRequestOf<F>), retry);
  }

  /** Reads a payment's current status from the processor. Pass the previous result as `payment`. */
  async sync(call: FollowUpCall<PsyncRequest>): Promise<PaymentResult> {
    const request = followUp<PsyncRequest>("psync", call);
    return paymentOutcome(await this.exchange("psync", call, request), "sync again");
  }

  /**
   * Finishes a payment the shopper approved away from the merchant (PayPal approval, a 3-D Secure
   * challenge): pass the authorize result as `payment` and what came back to returnUrl.
   */
  async completeAuthorize(call: FollowUpCall<CompleteAuthorizeRequest>): Promise<PaymentResult> {
    const request = followUp<CompleteAuthorizeRequest>("completeAuthorize", call);
    return paymentOutcome(await this.exchange("completeAuthorize", call, request), "sync the payment before retrying");
  }

  /** Captures an authorized payment: all of it, or part of it (`amountToCapture`). */
  async capture(call: FollowUpCall<CaptureRequest>): Promise<PaymentResult> {
    const request = followUp<CaptureRequest>("capture", call);
    return paymentOutcome(await this.exchange("capture", call, request), "sync the payment before capturing again");
  }

  /** Cancels an authorization that was not captured. */
  async void(call: FollowUpCall<VoidRequest>): Promise<PaymentResult> {
    const request = followUp<VoidRequest>("void", call);
    return paymentOutcome(await this.exchange("void", call, request), "sync the payment before voiding again");
  }

  /**
   * Refunds a payment, whole or in part; a payment may have several refunds, each with its own
   * `merchantRefundId`. Without an `idempotencyKey` the merchantRefundId is sent as the key, so
   * sending the same refund again can never refund twice.
   */
  async refund(call: FollowUpCall<RefundRequest>): Promise<RefundOutcome> {
    const base = followUp<RefundRequest>("refund", call);
    const request: RefundRequest = { ...base, idempotencyKey: base.idempotencyKey ?? base.merchantRefundId };
    const exchange = await this.exchange("refund", call, request);
    if (exchange.answered) return exchange.result;
    return unanswered(
      exchange,
      "the refund may have been made: do not create a new refund; send this one again with the same idempotencyKey " +
        "(the processor answers with the first attempt's refund) or wait for the refund webhook",
    );
  }

  /** Reads a refund's current status. Pass the refund's outcome as `refund`, the payment as `payment`. */
  async refundSync(
    call: FlowCall & {
      request: Omit<FollowUp<RsyncRequest>, "connectorRefundId"> & { connectorRefundId?: string };
      payment?: PaymentRef;
      refund?: RefundRef;
    },
  ): Promise<RefundOutcome> {
    const connectorRefundId = call.request.connectorRefundId ?? call.refund?.connectorRefundId;
    if (!connectorRefundId) throw missingField("refundSync", "request.connectorRefundId", "or pass the refund's outcome as `refund`");
    const request = followUp<RsyncRequest>("rsync", { ...call, request: { ...call.request, connectorRefundId } });
    const exchange = await this.exchange("rsync", call, request);
    if (exchange.answered) return exchange.result;
    return unanswered(exchange, "reading a refund changes nothing: sync it again");
  }

  // ---------- front-end sessions, incremental authorization, reversal ----------

  /**
   * Creates what the processor's browser or app SDK completes (Stripe PaymentIntent's client
   * secret, Adyen session id and data, Braintree client token, PayPal order): hand `clientSecret`,
   * `sessionId`/`sessionData` or `clientToken` to the front end (they are credentials of this
   * session: never log them unmasked), then `sync` with the result as `payment` once it finishes.
   */
  async createSession(call: FlowCall & { request: CreateSessionRequest }): Promise<SessionOutcome> {
    const exchange = await this.exchange("createSession", call, call.request);
    if (exchange.answered) return exchange.result;
    return unanswered(exchange, "the session may have been created: retry with the same idempotencyKey");
  }

  /**
   * Raises an authorized, uncaptured amount by `additionalAmount`. Processors that take the new
   * total need the amount authorized so far: `paymentAmount`, or the previous result's
   * `authorizedAmount` when it is passed as `payment`.
   */
  async incrementAuthorization(
    call: FollowUpCall<IncrementalAuthorizationRequest> & { payment?: PaymentRef & Pick<PaymentResult, "authorizedAmount"> },
  ): Promise<PaymentResult> {
    const request = followUp<IncrementalAuthorizationRequest>("incrementalAuthorization", call);
    const paymentAmount = request.paymentAmount ?? call.payment?.authorizedAmount;
    return paymentOutcome(
      await this.exchange("incrementalAuthorization", call, { ...request, ...(paymentAmount ? { paymentAmount } : {}) }),
      "sync the payment before incrementing again",
    );
  }

  /**
   * Cancels a payment in full whether or not it was captured, where the processor has one call
   * for it (listConnectors lists `reverse`); elsewhere void an uncaptured payment, refund a captured one.
   */
  async reverse(call: FollowUpCall<ReverseRequest>): Promise<PaymentResult> {
    const request = followUp<ReverseRequest>("reverse", call);
    return paymentOutcome(await this.exchange("reverse", call, request), "sync the payment before reversing again");
  }

  /** Removes a saved payment method. Pass the setupMandate result as `mandate`. */
  async revokeMandate(
    call: FlowCall & { request?: Omit<RevokeMandateRequest, "mandateReference"> & { mandateReference?: string }; mandate?: MandateRef },
  ): Promise<MandateOutcome> {
    const mandateReference = call.request?.mandateReference ?? call.mandate?.mandateReference;
    if (!mandateReference) throw missingField("revokeMandate", "request.mandateReference", "or pass the setupMandate result as `mandate`");
    const connectorCustomerId = call.request?.customer?.connectorCustomerId ?? call.mandate?.connectorCustomerId;
    const state = mergeState(call.mandate?.state, call.request?.state);
    const request: RevokeMandateRequest = {
      ...call.request,
      mandateReference,
      ...(connectorCustomerId ? { customer: { ...call.request?.customer, connectorCustomerId } } : {}),
      ...(state ? { state } : {}),
    };
    const exchange = await this.exchange("revokeMandate", call, request);
    if (exchange.answered) return exchange.result;
    return unanswered(exchange, "revoking changes nothing twice: revoke it again");
  }

  // ---------- disputes ----------

  /** Concedes a dispute. Pass the dispute (its webhook event or a dispute result) as `dispute`. */
  async acceptDispute(call: DisputeCall<AcceptDisputeRequest>): Promise<DisputeOutcome> {
    const request = disputeRequest<AcceptDisputeRequest>("acceptDispute", call);
    return disputeOutcome(await this.exchange("acceptDispute", call, request), "sync the dispute (disputeSync) before accepting again");
  }

  /** Uploads one evidence file to the processor's file store; submitDisputeEvidence does this itself. */
  async uploadDisputeFile(call: FlowCall & { request: UploadDisputeFileRequest }): Promise<FileOutcome> {
    const exchange = await this.exchange("uploadDisputeFile", call, call.request);
    if (exchange.answered) return exchange.result;
    return unanswered(exchange, "upload the file again with the same idempotencyKey");
  }

  /**
   * Sends the merchant's evidence (text and files, base64). Where the processor names evidence
   * files by id (listConnectors lists `uploadDisputeFile`), each file given by `data` is uploaded
   * first, with the key `<idempotencyKey>:file<index>`, and sent by its id. `submit: false` keeps
   * the evidence as a draft where the processor allows it; `defendDispute` then submits it.
   */
  async submitDisputeEvidence(call: DisputeCall<SubmitDisputeEvidenceRequest>): Promise<DisputeOutcome> {
    let request = disputeRequest<SubmitDisputeEvidenceRequest>("submitDisputeEvidence", call);
    if (request.evidence.some((e) => e.file?.data !== undefined) && (await this.supports(call.connector, "uploadDisputeFile")).supported) {
      const evidence = [];
      for (const [i, item] of request.evidence.entries()) {
        const file = item.file;
        if (file?.data === undefined) {
          evidence.push(item);
          continue;
        }
        const uploaded = await this.uploadDisputeFile({
          ...call,
          request: definedOnly({
            connectorDisputeId: request.connectorDisputeId,
            file: { filename: file.filename ?? "", contentType: file.contentType ?? "", data: file.data },
            idempotencyKey: request.idempotencyKey === undefined ? undefined : `${request.idempotencyKey}:file${i}`,
            state: request.state,
          }),
        });
        if (uploaded.status !== "success" || !uploaded.connectorFileId) {
          return {
            status: uploaded.status === "unresolved" ? "unresolved" : "failure",
            httpStatus: uploaded.httpStatus,
            connectorDisputeId: request.connectorDisputeId,
            error: uploaded.error ?? { code: "processing_error", message: `evidence[${i}]: the processor stored no file`, connectorCode: null, connectorMessage: null },
          };
        }
        evidence.push({ ...item, file: { connectorFileId: uploaded.connectorFileId } });
      }
      request = { ...request, evidence };
    }
    return disputeOutcome(await this.exchange("submitDisputeEvidence", call, request), "sync the dispute (disputeSync), then send the evidence again with the same idempotencyKey");
  }

  /** Challenges a dispute with the evidence supplied, where the processor separates the two (Adyen: give defenseReasonCode). */
  async defendDispute(call: DisputeCall<DefendDisputeRequest>): Promise<DisputeOutcome> {
    const request = disputeRequest<DefendDisputeRequest>("defendDispute", call);
    return disputeOutcome(await this.exchange("defendDispute", call, request), "sync the dispute (disputeSync) before defending again");
  }

  /** Reads a dispute's status (the `dsync` flow). */
  async disputeSync(call: DisputeCall<DsyncRequest>): Promise<DisputeOutcome> {
    const request = disputeRequest<DsyncRequest>("dsync", call);
    return disputeOutcome(await this.exchange("dsync", call, request), "sync it again");
  }

  // ---------- credentials ----------

  /**
   * Fetches an OAuth access token for connectors that list `createAccessToken`; the result's
   * `state` holds it: pass it as `state` (or the result as `payment`) on later requests.
   */
  async createAccessToken(call: FlowCall & { request?: CreateAccessTokenRequest }): Promise<AccessTokenOutcome> {
    const exchange = await this.exchange("createAccessToken", call, call.request ?? {});
    if (exchange.answered) return exchange.result;
    return unanswered(exchange, "fetching a token changes nothing: fetch it again");
  }

  // ---------- saved payment methods ----------

  /** Creates the processor's customer object (Stripe cus_...). setupMandate does this when needed. */
  async createCustomer(call: FlowCall & { request: CreateCustomerRequest }): Promise<CustomerOutcome> {
    const exchange = await this.exchange("createCustomer", call, call.request);
    if (exchange.answered) return exchange.result;
    return unanswered(exchange, "the customer may have been created: retry with the same idempotencyKey");
  }

  /**
   * Saves a payment method for later merchant-initiated payments. Where the processor keeps saved
   * methods under its own customer (listConnectors lists `createCustomer`) and
   * `customer.connectorCustomerId` is absent, the customer is created first (sent with the key
   * `<idempotencyKey>:customer`, so a retry of the whole operation with the same key repeats
   * neither step). The result's `mandateReference` and `connectorCustomerId` are what
   * `repeatPayment` needs; `connectorCustomerId` is set even when the mandate step failed, so a
   * retry can reuse the customer.
   */
  async setupMandate(call: FlowCall & { request: SetupMandateRequest }): Promise<PaymentResult> {
    let request = call.request;
    if (!request.customer?.connectorCustomerId && (await this.supports(call.connector, "createCustomer")).supported) {
      const customer = await this.createCustomer({
        ...call,
        request: definedOnly({
          customer: request.customer ?? {},
          merchantTransactionId: request.merchantTransactionId,
          description: request.description,
          idempotencyKey: request.idempotencyKey,
          state: request.state,
        }),
      });
      if (customer.status !== "success" || !customer.connectorCustomerId) {
        return {
          status: customer.status === "unresolved" ? "unresolved" : "failure",
          httpStatus: customer.httpStatus,
          error: customer.error ?? {
            code: "processing_error",
            message: "the processor created no customer",
            connectorCode: null,
            connectorMessage: null,
          },
        };
      }
      request = { ...request, customer: { ...request.customer, connectorCustomerId: customer.connectorCustomerId } };
    }
    const result = await this.continued(
      "setupMandate",
      call,
      request,
      "retry setupMandate with the same idempotencyKey, or look the payment method up at the processor",
    );
    const connectorCustomerId = result.connectorCustomerId ?? request.customer?.connectorCustomerId;
    return connectorCustomerId ? { ...result, connectorCustomerId } : result;
  }

  /**
   * Charges a saved payment method without the shopper (merchant-initiated). Pass the setupMandate
   * result as `mandate`: it gives `mandateReference`, the customer and the carried state.
   */
  async repeatPayment(
    call: FlowCall & {
      request: Omit<RepeatPaymentRequest, "mandateReference"> & { mandateReference?: string };
      mandate?: MandateRef;
    },
  ): Promise<PaymentResult> {
    const { mandate } = call;
    const mandateReference = call.request.mandateReference ?? mandate?.mandateReference;
    if (!mandateReference) throw missingField("repeatPayment", "request.mandateReference", "or pass the setupMandate result as `mandate`");
    const connectorCustomerId = call.request.customer?.connectorCustomerId ?? mandate?.connectorCustomerId;
    const networkTransactionId = call.request.networkTransactionId ?? mandate?.networkTransactionId;
    const state = mergeState(mandate?.state, call.request.state);
    const request: RepeatPaymentRequest = {
      ...call.request,
      mandateReference,
      ...(connectorCustomerId ? { customer: { ...call.request.customer, connectorCustomerId } } : {}),
      ...(networkTransactionId ? { networkTransactionId } : {}),
      ...(state ? { state } : {}),
    };
    return this.continued("repeatPayment", call, request, "sync the payment before retrying");
  }

  // ---------- webhooks ----------

  /**
   * Verifies a processor's webhook and reads its events. `body` is the raw body exactly as
   * received (a Buffer or string); a bad signature is `verified: false` with a reason, never an
   * exception. Answer the processor with `acknowledgement`.
   */
  parseWebhook(call: ParseWebhookCall): Promise<WebhookResult> {
    return parseWebhook(this.pool, call, (c) => this.verifyWebhook(c));
  }

  /**
   * Asks the processor whether a webhook is genuine, for connectors whose webhookVerification is
   * `remote` (PayPal), with the client's access token; `parseWebhook` and `webhookHandler` run it
   * for you when given `verify`. A call that got no answer is `verified: false` with `error`.
   */
  async verifyWebhook(call: FlowCall & { request: VerifyWebhookCall["request"] }): Promise<WebhookVerificationResult> {
    const exchange = await this.exchange("verifyWebhook", call, call.request);
    if (exchange.answered) return exchange.result;
    return unansweredVerification(call.request.body, exchange.error);
  }

  /**
   * A request handler for node:http (or express with `express.raw()` / no body parser) that
   * verifies each webhook, hands its events to `onEvent` and answers the processor.
   */
  webhookHandler(options: WebhookHandlerOptions): NodeWebhookHandler {
    return webhookHandler(this.pool, options, (c) => this.verifyWebhook(c));
  }

  // ---------- the exchange ----------

  /**
   * One flow's exchange, with the access token where the connector runs on one. The token is
   * merged into `request.state` under the caller's own keys (a caller's `accessToken` wins and
   * nothing is fetched). When the processor refuses the client's token (401, invalid_credentials:
   * expired or revoked early), it is fetched again and the request sent once more: a refused
   * authentication means the processor did nothing, so the second send cannot act twice.
   */
  private async exchange<F extends FlowName>(
    flow: F,
    call: FlowCall,
    request: FlowRequestOf<F>,
  ): Promise<Exchange<F>> {
    if (!(await this.managesToken(flow, call, request))) return this.send(flow, call, request);
    let token = await this.accessToken(call);
    for (let attempt = 0; ; attempt++) {
      if (!token.ok) return { answered: false, mayHaveReachedProcessor: false, error: token.error };
      const withToken = { ...request, state: { ...token.state, ...request.state } };
      const exchange = await this.send(flow, call, withToken);
      if (attempt > 0 || !exchange.answered || !refusesCredentials(exchange.result)) return exchange;
      token = await this.accessToken(call, token);
    }
  }

  /**
   * Whether the sidecar answers this flow of this connector itself, with no HTTP call
   * (listConnectors `localFlows`: Shift4's createSession signs the checkout request locally).
   */
  private async isLocal(connector: string, flow: FlowName): Promise<boolean> {
    const info = (await this.connectors()).find((c) => c.name === connector);
    return info?.localFlows?.includes(flow) ?? false;
  }

  /** Whether this flow gets the client's access token (see `PaymentsClientOptions.accessTokens`). */
  private async managesToken(flow: FlowName, call: FlowCall, request: { state?: Record<string, string> }): Promise<boolean> {
    if (flow === "createAccessToken" || this.opts.accessTokens === "manual") return false;
    if (request.state?.[ACCESS_TOKEN_STATE_KEY] !== undefined) return false;
    // A flow the connector cannot do goes straight to the sidecar, which says why.
    const info = (await this.connectors()).find((c) => c.name === call.connector);
    return !!info && info.flows.includes("createAccessToken") && info.flows.includes(flow);
  }

  /**
   * The kept token for these credentials, or a new one. Concurrent calls share one fetch. `stale`
   * is a token the processor refused: it is dropped, unless another call replaced it already.
   */
  private async accessToken(call: FlowCall, stale?: TokenGrant): Promise<TokenOutcome> {
    const key = tokenKey(call);
    const kept = this.tokens.get(key);
    if (kept) {
      const outcome = await kept;
      // A fetch in flight that failed: its caller drops it; share the failure.
      if (!outcome.ok) return outcome;
      if (outcome !== stale && outcome.refreshAt > this.now()) return outcome;
      if (this.tokens.get(key) !== kept) return this.accessToken(call, stale);
      this.tokens.delete(key);
    }
    const fetching = this.fetchToken(call);
    this.tokens.set(key, fetching);
    // Nothing failed is kept: the next call tries again.
    const drop = () => void (this.tokens.get(key) === fetching && this.tokens.delete(key));
    fetching.then((o) => !o.ok && drop(), drop);
    return fetching;
  }

  /** createAccessToken. A bad credentials shape throws the sidecar's error, as any flow does. */
  private async fetchToken(call: FlowCall): Promise<TokenOutcome> {
    const fetchedAt = this.now();
    const { connector, auth, options } = call; // not the flow's request
    const result = await this.createAccessToken({ ...({ connector, auth } as ConnectorCall), ...(options ? { options } : {}) });
    if (result.status !== "success" || !result.state) {
      const error = result.error ?? { code: "processing_error", message: "the processor gave no access token", connectorCode: null, connectorMessage: null };
      return { ok: false, error: { ...error, message: `no access token: ${error.message}` } };
    }
    const life = result.expiresInSeconds;
    const refreshAt = life === undefined ? Infinity : fetchedAt + (life - Math.min(TOKEN_REFRESH_MARGIN_SECONDS, life / 10)) * 1000;
    return { ok: true, state: result.state, refreshAt };
  }

  private now(): number {
    return (this.opts.clock ?? Date.now)();
  }

  /** transformRequest → HTTP → transformResponse, each step reported to `onStep`. */
  private async send<F extends FlowName>(
    flow: F,
    call: FlowCall,
    request: FlowRequestOf<F>,
  ): Promise<Exchange<F>> {
    const { connector, auth, options } = call;
    const params = { connector, flow, auth, request, ...(options ? { options } : {}) } as TransformRequestParams;
    if (await this.isLocal(connector, flow)) {
      // The sidecar answers it itself (listConnectors localFlows): no HTTP request to send.
      const t = process.hrtime.bigint();
      const result = (await this.pool.transformResponse(params as never)) as FlowResultOf<F>;
      this.opts.onStep?.({ step: "result", connector, flow, result, micros: micros(t) });
      return { answered: true, result };
    }
    const t0 = process.hrtime.bigint();
    const http = await this.pool.transformRequest(params);
    this.opts.onStep?.({ step: "request", connector, flow, http, micros: micros(t0) });

    const t1 = Date.now();
    const timeoutMs = this.opts.httpTimeoutMs ?? 30_000;
    let response: HttpResponse;
    try {
      response = await (this.opts.http ?? fetchExecutor)(http, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      return transportFailure(e, timeoutMs, http);
    }
    this.opts.onStep?.({ step: "response", connector, flow, http: response, millis: Date.now() - t1 });

    const t2 = process.hrtime.bigint();
    let result: FlowResultOf<F>;
    try {
      result = (await this.pool.transformResponse({ ...params, response } as never)) as FlowResultOf<F>;
    } catch (e) {
      // The processor answered, too much for the sidecar to read: what it did is not known.
      if (!(e instanceof SidecarError && e.data.kind === "MessageTooLarge")) throw e;
      const message = `the processor's answer (${response.body?.length ?? 0} characters) is too large for the sidecar to read: ${e.message}`;
      return { answered: false, mayHaveReachedProcessor: true, error: { code: "processor_unavailable", message, connectorCode: null, connectorMessage: null } };
    }
    this.opts.onStep?.({ step: "result", connector, flow, result, micros: micros(t2) });
    return { answered: true, result };
  }
}

/** The processor refused the request's credentials: an expired or revoked access token. */
function refusesCredentials(result: FlowResult): boolean {
  return result.httpStatus === 401 || result.error?.code === "invalid_credentials";
}

/**
 * Which kept token a call may use: the same connector, credentials and environment. Hashed, so
 * that the map holds no credential in the clear.
 */
function tokenKey({ connector, auth, options }: FlowCall): string {
  const sorted = (o: Record<string, unknown>) => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const where = { environment: options?.environment ?? "sandbox", baseUrl: options?.baseUrl ?? null };
  return createHash("sha256").update(JSON.stringify([connector, sorted(auth), sorted(where)])).digest("hex");
}

function micros(since: bigint): number {
  return Number((process.hrtime.bigint() - since) / 1000n);
}

/** The object without its undefined fields (what is sent is exactly what was given). */
function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function mergeState(...states: (Record<string, string> | undefined)[]): Record<string, string> | undefined {
  const present = states.filter((s): s is Record<string, string> => s !== undefined);
  return present.length ? Object.assign({}, ...present) : undefined;
}

/** Fills a follow-up request's connectorTransactionId and state from the previous result. */
function followUp<R extends { connectorTransactionId: string; state?: Record<string, string> }>(
  flow: FlowName,
  call: { request: Omit<R, "connectorTransactionId"> & { connectorTransactionId?: string }; payment?: PaymentRef },
): R {
  const connectorTransactionId = call.request.connectorTransactionId ?? call.payment?.connectorTransactionId;
  if (!connectorTransactionId) {
    throw missingField(flow, "request.connectorTransactionId", "or pass the previous result as `payment`");
  }
  const state = mergeState(call.payment?.state, call.request.state);
  return { ...call.request, connectorTransactionId, ...(state ? { state } : {}) } as R;
}

function missingField(flow: string, path: string, hint: string): SidecarError {
  return new SidecarError(`${flow}: \`${path}\` is required (${hint})`, ERROR_CODES.InvalidParams, {
    kind: "InvalidParams",
    field: path,
    path,
    flow,
  });
}

/** Fills a dispute request's connectorDisputeId, connectorTransactionId and state from `dispute`. */
function disputeRequest<R extends { connectorDisputeId: string; connectorTransactionId?: string; state?: Record<string, string> }>(
  flow: FlowName,
  call: { request: Omit<R, "connectorDisputeId"> & { connectorDisputeId?: string }; dispute?: DisputeRef },
): R {
  const connectorDisputeId = call.request.connectorDisputeId ?? call.dispute?.connectorDisputeId;
  if (!connectorDisputeId) throw missingField(flow, "request.connectorDisputeId", "or pass the dispute (its webhook event or a dispute result) as `dispute`");
  const connectorTransactionId = call.request.connectorTransactionId ?? call.dispute?.connectorTransactionId;
  const state = mergeState(call.dispute?.state, call.request.state);
  return {
    ...call.request,
    connectorDisputeId,
    ...(connectorTransactionId ? { connectorTransactionId } : {}),
    ...(state ? { state } : {}),
  } as R;
}

function disputeOutcome(exchange: Exchange<"dsync">, whatToDo: string): DisputeOutcome {
  if (exchange.answered) return exchange.result;
  return unanswered(exchange, whatToDo);
}

/** A payment flow's result: the processor's answer, or what the failed exchange means. */
function paymentOutcome(exchange: Exchange<"authorize">, whatToDo: string): PaymentResult {
  if (exchange.answered) return exchange.result;
  return unanswered(exchange, whatToDo);
}

/** The result for an exchange that got no answer: `failure` if nothing was sent, else `unresolved`. */
function unanswered(
  exchange: { mayHaveReachedProcessor: boolean; error: ErrorInfo },
  whatToDo: string,
): { status: "failure" | "unresolved"; httpStatus: 0; error: ErrorInfo } {
  if (!exchange.mayHaveReachedProcessor) return { status: "failure", httpStatus: 0, error: exchange.error };
  return {
    status: "unresolved",
    httpStatus: 0,
    error: { ...exchange.error, message: `${exchange.error.message}; the request may have reached the processor: ${whatToDo}` },
  };
}

/** What a failed HTTP exchange means for the money. */
function transportFailure(e: unknown, timeoutMs: number, http: HttpRequest): { answered: false; mayHaveReachedProcessor: boolean; error: ErrorInfo } {
  const host = hostOf(http.url);
  const error = (message: string): ErrorInfo => ({
    code: "processor_unavailable",
    message: maskRequestValues(message, http),
    connectorCode: null,
    connectorMessage: null,
  });
  if (e instanceof NotSentError) {
    // The connection was never made: the processor cannot have acted on it.
    return { answered: false, mayHaveReachedProcessor: false, error: error(e.message) };
  }
  const timedOut = (e as Error)?.name === "TimeoutError" || (e as Error)?.name === "AbortError";
  const why = timedOut ? `no answer from ${host} within ${timeoutMs} ms` : `the connection to ${host} failed (${(e as Error)?.message ?? e})`;
  return { answered: false, mayHaveReachedProcessor: true, error: error(why) };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the processor";
  }
}

/**
 * An HTTP stack's error message as a result may carry it: every header value of the request (a
 * credential; fetch quotes `Bearer <key>` when it refuses one) and each of its lines of 4 or
 * more characters is masked, then card-like digit runs.
 */
function maskRequestValues(message: string, http: HttpRequest): string {
  const values = http.headers.flatMap((h) => [h.value, h.value.trim(), ...h.value.split(/[\r\n\0]+/)]).filter((v) => v.length >= 4);
  values.sort((a, b) => b.length - a.length);
  let out = message;
  for (const v of values) out = out.split(v).join("***");
  return maskPansInText(out);
}
