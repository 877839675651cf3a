"""connector-sidecar for Python: one payments API over many processors.

A Rust sidecar (shipped in this wheel) turns a unified payment request into the processor's exact
HTTP request and the processor's answer into a unified result, over JSON-RPC on stdin/stdout; this
package runs a pool of sidecars and the HTTP itself (httpx, or your own sender)::

    async with await SidecarPool.start() as pool:
        payments = PaymentsClient(pool)
        result = await payments.authorize("stripe", {"apiKey": key}, {
            "merchantTransactionId": "order_1", "amount": {"minorAmount": 2000, "currency": "USD"},
            "paymentMethod": {"type": "token", "token": {"value": "pm_card_visa"}},
        })
"""

from .client import HttpxSender, NotSentError, PaymentsClient, body_for_pipe, headers_to_list
from .errors import (
    ERROR_CODES,
    ProtocolVersionError,
    SidecarError,
    SidecarTimeoutError,
    SidecarUnavailableError,
    is_flow_not_supported,
)
from .pool import SidecarPool
from .sidecar import PROTOCOL_VERSION, Sidecar

__all__ = [
    "ERROR_CODES",
    "HttpxSender",
    "NotSentError",
    "PROTOCOL_VERSION",
    "PaymentsClient",
    "ProtocolVersionError",
    "Sidecar",
    "SidecarError",
    "SidecarPool",
    "SidecarTimeoutError",
    "SidecarUnavailableError",
    "body_for_pipe",
    "headers_to_list",
    "is_flow_not_supported",
]
__version__ = "0.1.0"
