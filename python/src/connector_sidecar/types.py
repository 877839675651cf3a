"""The shapes that cross the pipe, as TypedDicts (what a type checker can hold you to).

The full, exact schema is the repository's JSON Schema (``schemas/``, generated from the zod
definitions in ``protocol/``); these name the fields a Python caller works with most.
"""

from __future__ import annotations

import sys
from typing import Any, Dict, List, Optional, Union

if sys.version_info >= (3, 11):
    from typing import Literal, NotRequired, TypedDict
else:  # pragma: no cover
    from typing_extensions import Literal, NotRequired, TypedDict

FlowName = Literal[
    "authorize", "psync", "capture", "void", "refund", "rsync", "setupMandate", "repeatPayment",
    "createCustomer", "createAccessToken", "completeAuthorize", "verifyWebhook", "createSession",
    "incrementalAuthorization", "revokeMandate", "reverse", "acceptDispute", "uploadDisputeFile",
    "submitDisputeEvidence", "defendDispute", "dsync",
]

DisputeStatus = Literal[
    "opened", "needs_response", "challenged", "under_review", "won", "lost", "accepted", "expired", "failure", "unresolved",
]

PaymentStatus = Literal[
    "started", "authentication_pending", "authentication_successful", "authentication_failed", "authorizing",
    "authorized", "partially_authorized", "charged", "partial_charged", "capture_initiated", "capture_failed",
    "void_initiated", "voided", "void_failed", "pending", "failure", "unresolved",
]
RefundStatus = Literal["pending", "success", "failure", "manual_review", "unresolved"]


class Money(TypedDict):
    """Integer ISO 4217 minor units: USD 20.00 is ``{"minorAmount": 2000, "currency": "USD"}``."""

    minorAmount: int
    currency: str


class Header(TypedDict):
    name: str
    value: str


class HttpBody(TypedDict):
    contentType: str
    encoding: Literal["utf8", "base64"]
    data: str
    sensitive: bool


class HttpRequest(TypedDict):
    """What transformRequest returns: send it exactly as given."""

    url: str
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    headers: List[Dict[str, Any]]
    body: Optional[HttpBody]


class HttpResponse(TypedDict):
    """The processor's answer as your HTTP stack received it."""

    status: int
    headers: NotRequired[List[Header]]
    body: NotRequired[str]
    encoding: NotRequired[Literal["utf8", "base64"]]


class ErrorInfo(TypedDict):
    code: str
    message: str
    connectorCode: Optional[str]
    connectorMessage: Optional[str]
    declineCode: NotRequired[str]
    declineType: NotRequired[Literal["soft", "hard"]]


class PaymentResult(TypedDict):
    status: PaymentStatus
    httpStatus: int
    connectorTransactionId: NotRequired[str]
    networkTransactionId: NotRequired[str]
    redirection: NotRequired[Dict[str, Any]]
    mandateReference: NotRequired[str]
    connectorCustomerId: NotRequired[str]
    state: NotRequired[Dict[str, str]]
    amountCaptured: NotRequired[Money]
    authorizedAmount: NotRequired[Money]
    error: NotRequired[ErrorInfo]


class RefundResult(TypedDict):
    status: RefundStatus
    httpStatus: int
    connectorRefundId: NotRequired[str]
    error: NotRequired[ErrorInfo]


class SessionResult(TypedDict):
    """createSession: what the front end needs; clientSecret and clientToken are credentials."""

    status: Literal["success", "failure", "unresolved"]
    httpStatus: int
    sessionId: NotRequired[str]
    clientSecret: NotRequired[str]
    sessionData: NotRequired[str]
    clientToken: NotRequired[str]
    connectorTransactionId: NotRequired[str]
    expiresAt: NotRequired[str]
    error: NotRequired[ErrorInfo]


class MandateResult(TypedDict):
    status: Literal["revoked", "failure", "unresolved"]
    httpStatus: int
    mandateReference: NotRequired[str]
    error: NotRequired[ErrorInfo]


class DisputeResult(TypedDict):
    status: DisputeStatus
    httpStatus: int
    connectorDisputeId: NotRequired[str]
    connectorTransactionId: NotRequired[str]
    amount: NotRequired[Money]
    reasonCode: NotRequired[str]
    reasonMessage: NotRequired[str]
    dueBy: NotRequired[str]
    connectorStatus: NotRequired[str]
    error: NotRequired[ErrorInfo]


class WebhookEvent(TypedDict, total=False):
    kind: str
    eventType: str
    connectorEventId: str
    connectorTransactionId: str
    connectorRefundId: str
    merchantTransactionId: str
    paymentStatus: PaymentStatus
    refundStatus: RefundStatus
    amount: Money
    disputeStatus: DisputeStatus
    connectorDisputeId: str
    reasonCode: str
    dueBy: str


class WebhookResult(TypedDict):
    verified: bool
    events: List[WebhookEvent]
    acknowledgement: Dict[str, Any]
    reason: NotRequired[str]


#: Headers as your HTTP framework hands them over: a mapping, or a list of (name, value) pairs.
Headers = Union[Dict[str, Union[str, List[str]]], List[Any]]
