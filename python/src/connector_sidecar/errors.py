"""Errors the client raises.

A decline is never an exception: it is data in the result (``status: "failure"`` with ``error``).
These are for calls that could not be answered: bad params, an error the sidecar answered, a dead
or wedged child. The codes are the sidecar's (the same numbers every client sees); no message holds
a card number or credential: the sidecar masks its own, and this client builds its messages from
field paths, never values.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

#: JSON-RPC error codes the sidecar answers with (docs/ and the README list them).
ERROR_CODES: Mapping[str, int] = {
    "ParseError": -32700,
    "InvalidRequest": -32600,
    "MethodNotFound": -32601,
    "InvalidParams": -32602,
    "InternalError": -32603,
    "UnknownConnector": 1001,
    "FlowNotSupported": 1002,
    "PaymentMethodNotSupported": 1003,
    "MissingRequiredField": 1004,
    "InvalidFieldValue": 1005,
    "ResponseDeserializationFailed": 1006,
}


class SidecarError(Exception):
    """An error the sidecar answered (JSON-RPC ``error``): ``code``, ``message`` and ``data``
    (``data["kind"]`` and, where they apply, ``field``/``path``, ``connector``, ``flow``)."""

    def __init__(self, message: str, code: int, data: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.data: Mapping[str, Any] = dict(data or {"kind": "Unknown"})

    @property
    def kind(self) -> str:
        return str(self.data.get("kind", "Unknown"))

    @property
    def field(self) -> Optional[str]:
        value = self.data.get("field") or self.data.get("path")
        return str(value) if value is not None else None

    def __repr__(self) -> str:
        return f"SidecarError(code={self.code}, kind={self.kind!r}, message={self.message!r})"


class SidecarUnavailableError(Exception):
    """No sidecar could run the call: it died twice, could not start, or the pool is closed."""

    def __init__(self, message: str, start_failure: Optional[str] = None) -> None:
        super().__init__(message)
        #: Set when the cause is a sidecar that cannot start: ``binary-missing``,
        #: ``binary-not-executable``, ``protocol-mismatch``, ``crashed-at-start``, ``handshake-timeout``.
        self.start_failure = start_failure


class SidecarTimeoutError(Exception):
    """The call missed its deadline; the child that held it was killed and replaced."""


class ProtocolVersionError(SidecarUnavailableError):
    """The sidecar speaks another major protocol version than this client."""


def is_flow_not_supported(error: BaseException) -> bool:
    """True for the sidecar's FlowNotSupported (1002): the connector cannot do this flow at all."""
    return isinstance(error, SidecarError) and error.code == ERROR_CODES["FlowNotSupported"]
