/** connector-sidecar's Node API. */
export { SidecarPool, type PoolOptions, type PoolEvent } from "./pool.js";
export { Sidecar, type SidecarOptions } from "./sidecar.js";
export {
  PaymentsClient,
  isFlowNotSupported,
  type FlowCall,
  type FollowUpCall,
  type FlowResult,
  type FlowStep,
  type FlowSupport,
  type PaymentsClientOptions,
  type PaymentRef,
  type RefundRef,
  type MandateRef,
  type RefundOutcome,
  type CustomerOutcome,
  type AccessTokenOutcome,
  type SessionOutcome,
  type MandateOutcome,
  type DisputeOutcome,
  type FileOutcome,
  type DisputeRef,
  type DisputeCall,
} from "./flows.js";
export { parseWebhook, webhookHandler, type ParseWebhookCall, type WebhookHandlerOptions, type WebhookHeaders, type NodeWebhookHandler } from "./webhooks.js";
export { fetchExecutor, NotSentError, type HttpExecutor } from "./http.js";
export { redact, maskPan, maskPansInText, describeRequest, learnSecretNames, learnedSecretNames } from "./redact.js";
export { type DebugSink } from "./debug.js";
export { findSidecarBinary } from "./binary.js";
export {
  SidecarError,
  SidecarUnavailableError,
  SidecarTimeoutError,
  SidecarOverloadedError,
  ProtocolVersionError,
  type StartFailure,
} from "./errors.js";
export * as protocol from "../protocol/index.js";
export type {
  AuthorizeRequest,
  PsyncRequest,
  CaptureRequest,
  VoidRequest,
  RefundRequest,
  RsyncRequest,
  SetupMandateRequest,
  RepeatPaymentRequest,
  CreateCustomerRequest,
  CreateAccessTokenRequest,
  CompleteAuthorizeRequest,
  CreateSessionRequest,
  IncrementalAuthorizationRequest,
  RevokeMandateRequest,
  ReverseRequest,
  AcceptDisputeRequest,
  UploadDisputeFileRequest,
  SubmitDisputeEvidenceRequest,
  DefendDisputeRequest,
  DsyncRequest,
  SessionResult,
  MandateResult,
  DisputeResult,
  DisputeStatus,
  FileResult,
  AccessTokenResult,
  PaymentResult,
  RefundResult,
  CustomerResult,
  WebhookResult,
  WebhookEvent,
  ParseWebhookParams,
  HttpRequest,
  HttpResponse,
  Money,
  Options,
  ConnectorInfo,
} from "../protocol/index.js";
