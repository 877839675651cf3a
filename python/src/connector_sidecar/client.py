"""The payment flows: transformRequest -> HTTP (httpx, or your own sender) -> transformResponse.

What a failed HTTP exchange means for the money is the same for every flow, as in the Node client:

- the connection was never made: the processor cannot have acted -> ``failure`` with
  ``processor_unavailable`` (safe to retry);
- the request may have reached the processor and no answer came back (timeout, reset) ->
  ``unresolved``, never an exception: sync the payment before doing anything again; for a refund,
  send the same refund again with the same ``idempotencyKey`` (a refund without one is sent with its
  ``merchantRefundId`` as the key, so that retry can never refund twice).

Connectors that run on an access token (listConnectors lists ``createAccessToken``: PayPal) get one
fetched before the first flow that needs it and kept per connector and credentials until shortly
before it expires; when the processor refuses it (401) it is fetched once more and the request sent
again (a refused request did nothing).

A flow the connector answers itself (listConnectors ``localFlows``: Shift4's createSession signs the
checkout request) is transformResponse alone, with no ``response`` and no HTTP call.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import time
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Union

import httpx

from .errors import SidecarError
from .pool import SidecarPool
from .types import Headers, HttpRequest, HttpResponse

#: Sends a processor request: ``await http(request, timeout_seconds)`` -> HttpResponse. Raise
#: :class:`NotSentError` when the connection was never made.
HttpSender = Callable[[HttpRequest, float], Awaitable[HttpResponse]]

ACCESS_TOKEN_STATE_KEY = "accessToken"
TOKEN_REFRESH_MARGIN_SECONDS = 60


class NotSentError(Exception):
    """The request never left: no connection was made, so the processor cannot have acted."""


def headers_to_list(headers: Optional[Headers]) -> List[Dict[str, str]]:
    """A mapping (values a string or a list of strings) or (name, value) pairs, as the pipe's list."""
    if headers is None:
        return []
    items = headers.items() if isinstance(headers, Mapping) else headers
    out: List[Dict[str, str]] = []
    for item in items:
        if isinstance(item, Mapping):
            name, value = item["name"], item["value"]
        else:
            name, value = item
        for v in value if isinstance(value, (list, tuple)) else [value]:
            out.append({"name": str(name), "value": v.decode("latin-1") if isinstance(v, bytes) else str(v)})
    return out


def body_for_pipe(body: Union[bytes, str, None]) -> Dict[str, str]:
    """A body as the pipe carries it: UTF-8 text as is, anything else base64 (nothing is lost)."""
    if body is None:
        return {}
    if isinstance(body, str):
        return {"body": body}
    try:
        return {"body": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body": base64.b64encode(body).decode("ascii"), "encoding": "base64"}


class HttpxSender:
    """The default sender, on one shared ``httpx.AsyncClient`` (its connection pool, TLS, proxies)."""

    def __init__(self, client: Optional[httpx.AsyncClient] = None) -> None:
        self.client = client or httpx.AsyncClient(follow_redirects=False)

    async def __call__(self, request: HttpRequest, timeout: float) -> HttpResponse:
        headers = [(h["name"], h["value"]) for h in request["headers"]]
        content: Optional[bytes] = None
        body = request.get("body")
        if body:
            if not any(name.lower() == "content-type" for name, _ in headers):
                headers.append(("content-type", body["contentType"]))
            content = base64.b64decode(body["data"]) if body["encoding"] == "base64" else body["data"].encode("utf-8")
        try:
            response = await self.client.request(request["method"], request["url"], headers=headers, content=content, timeout=timeout)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol, httpx.InvalidURL) as e:
            raise NotSentError(f"could not connect to {httpx.URL(request['url']).host} ({type(e).__name__})") from None
        out: HttpResponse = {"status": response.status_code, "headers": headers_to_list(list(response.headers.multi_items()))}
        out.update(body_for_pipe(response.content))  # type: ignore[typeddict-item]
        return out

    async def aclose(self) -> None:
        await self.client.aclose()


class PaymentsClient:
    """The life of a payment, one method per step. Every method takes ``connector``, ``auth``
    (the connector's credentials, as listConnectors' ``authFields`` says), ``request`` (the unified
    request of that flow) and optionally ``options`` (``{"baseUrl": ...}`` to point at an emulator
    or proxy, ``environment``)."""

    def __init__(
        self,
        pool: SidecarPool,
        *,
        http: Optional[HttpSender] = None,
        http_timeout: float = 30.0,
        on_step: Optional[Callable[[Dict[str, Any]], None]] = None,
        access_tokens: str = "auto",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.pool = pool
        self._own_http = http is None
        self.http: HttpSender = http or HttpxSender()
        self.http_timeout = http_timeout
        self.on_step = on_step
        self.access_tokens = access_tokens
        self.clock = clock
        self._connectors: Optional[List[Dict[str, Any]]] = None
        self._tokens: Dict[str, "asyncio.Future[Dict[str, Any]]"] = {}

    async def aclose(self) -> None:
        if self._own_http and isinstance(self.http, HttpxSender):
            await self.http.aclose()

    async def __aenter__(self) -> "PaymentsClient":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    # ---------- what the connectors can do ----------

    async def connectors(self) -> List[Dict[str, Any]]:
        if self._connectors is None:
            self._connectors = await self.pool.list_connectors()
        return self._connectors

    async def supports(self, connector: str, flow: str) -> Dict[str, Any]:
        info = next((c for c in await self.connectors() if c["name"] == connector), None)
        if info is None:
            return {"supported": False, "reason": f"unknown connector `{connector}`"}
        if flow in info["flows"]:
            return {"supported": True}
        listed = next((u for u in info.get("unsupportedFlows", []) if u["flow"] == flow), None)
        return {"supported": False, "reason": listed["reason"] if listed else f"not implemented for {info['displayName']}"}

    # ---------- payments ----------

    async def authorize(self, connector: str, auth: Mapping[str, str], request: Dict[str, Any], options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        return _payment(await self._exchange("authorize", connector, auth, request, options), "sync the payment before retrying")

    async def sync(self, connector: str, auth: Mapping[str, str], request: Optional[Dict[str, Any]] = None, *, payment: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        req = _follow_up("psync", request or {}, payment)
        return _payment(await self._exchange("psync", connector, auth, req, options), "sync again")

    async def complete_authorize(self, connector: str, auth: Mapping[str, str], request: Optional[Dict[str, Any]] = None, *, payment: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        req = _follow_up("completeAuthorize", request or {}, payment)
        return _payment(await self._exchange("completeAuthorize", connector, auth, req, options), "sync the payment before retrying")

    async def capture(self, connector: str, auth: Mapping[str, str], request: Dict[str, Any], *, payment: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        req = _follow_up("capture", request, payment)
        return _payment(await self._exchange("capture", connector, auth, req, options), "sync the payment before capturing again")

    async def void(self, connector: str, auth: Mapping[str, str], request: Optional[Dict[str, Any]] = None, *, payment: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        req = _follow_up("void", request or {}, payment)
        return _payment(await self._exchange("void", connector, auth, req, options), "sync the payment before voiding again")

    async def refund(self, connector: str, auth: Mapping[str, str], request: Dict[str, Any], *, payment: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        req = _follow_up("refund", request, payment)
        req.setdefault("idempotencyKey", req.get("merchantRefundId"))
        exchange = await self._exchange("refund", connector, auth, req, options)
        return _outcome(
            exchange,
            "the refund may have been made: do not create a new refund; send this one again with the same idempotencyKey "
            "(the processor answers with the first attempt's refund) or wait for the refund webhook",
        )

    async def refund_sync(self, connector: str, auth: Mapping[str, str], request: Optional[Dict[str, Any]] = None, *, payment: Optional[Mapping[str, Any]] = None, refund: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        req = dict(request or {})
        if "connectorRefundId" not in req and refund and refund.get("connectorRefundId"):
            req["connectorRefundId"] = refund["connectorRefundId"]
        if not req.get("connectorRefundId"):
            raise _missing("rsync", "request.connectorRefundId", "or pass the refund's outcome as `refund`")
        req = _follow_up("rsync", req, payment)
        return _outcome(await self._exchange("rsync", connector, auth, req, options), "reading a refund changes nothing: sync it again")

    # ---------- credentials and saved methods ----------

    async def create_access_token(self, connector: str, auth: Mapping[str, str], request: Optional[Dict[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        return _outcome(await self._send("createAccessToken", connector, auth, request or {}, options), "fetching a token changes nothing: fetch it again")

    async def create_customer(self, connector: str, auth: Mapping[str, str], request: Dict[str, Any], options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        return _outcome(await self._exchange("createCustomer", connector, auth, request, options), "the customer may have been created: retry with the same idempotencyKey")

    async def setup_mandate(self, connector: str, auth: Mapping[str, str], request: Dict[str, Any], options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """Saves a payment method. Where the processor keeps saved methods under its own customer
        (the connector lists ``createCustomer``) and ``customer.connectorCustomerId`` is absent, the
        customer is created first with the key ``<idempotencyKey>:customer`` (the sidecar derives it)."""
        req = dict(request)
        customer = dict(req.get("customer") or {})
        if not customer.get("connectorCustomerId") and (await self.supports(connector, "createCustomer"))["supported"]:
            step = {k: v for k, v in {
                "customer": customer, "merchantTransactionId": req.get("merchantTransactionId"),
                "description": req.get("description"), "idempotencyKey": req.get("idempotencyKey"), "state": req.get("state"),
            }.items() if v is not None}
            created = await self.create_customer(connector, auth, step, options)
            if created.get("status") != "success" or not created.get("connectorCustomerId"):
                return {
                    "status": "unresolved" if created.get("status") == "unresolved" else "failure",
                    "httpStatus": created.get("httpStatus", 0),
                    "error": created.get("error") or {"code": "processing_error", "message": "the processor created no customer", "connectorCode": None, "connectorMessage": None},
                }
            customer["connectorCustomerId"] = created["connectorCustomerId"]
            req["customer"] = customer
        result = _payment(await self._exchange("setupMandate", connector, auth, req, options), "retry setupMandate with the same idempotencyKey")
        if not result.get("connectorCustomerId") and customer.get("connectorCustomerId"):
            result["connectorCustomerId"] = customer["connectorCustomerId"]
        return result

    async def repeat_payment(self, connector: str, auth: Mapping[str, str], request: Dict[str, Any], *, mandate: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """Charges a saved payment method (merchant-initiated). Pass the setupMandate result as ``mandate``."""
        req = dict(request)
        mandate = mandate or {}
        req.setdefault("mandateReference", mandate.get("mandateReference"))
        if not req.get("mandateReference"):
            raise _missing("repeatPayment", "request.mandateReference", "or pass the setupMandate result as `mandate`")
        if mandate.get("connectorCustomerId") and not (req.get("customer") or {}).get("connectorCustomerId"):
            req["customer"] = {**(req.get("customer") or {}), "connectorCustomerId": mandate["connectorCustomerId"]}
        if mandate.get("networkTransactionId"):
            req.setdefault("networkTransactionId", mandate["networkTransactionId"])
        state = {**(mandate.get("state") or {}), **(req.get("state") or {})}
        if state:
            req["state"] = state
        return _payment(await self._exchange("repeatPayment", connector, auth, req, options), "sync the payment before retrying")

    # ---------- front-end sessions, incremental authorization, reversal ----------

    async def create_session(self, connector: str, auth: Mapping[str, str], request: Dict[str, Any], options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """What the processor's front-end SDK completes: hand ``clientSecret``, ``sessionId``/``sessionData``
        or ``clientToken`` to the front end (credentials of this session: never log them), then ``sync``."""
        return _outcome(await self._exchange("createSession", connector, auth, request, options), "the session may have been created: retry with the same idempotencyKey")

    async def increment_authorization(self, connector: str, auth: Mapping[str, str], request: Dict[str, Any], *, payment: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """Raises an authorized amount by ``additionalAmount``; ``paymentAmount`` (the amount authorized so far)
        defaults to the previous result's ``authorizedAmount``."""
        req = _follow_up("incrementalAuthorization", request, payment)
        if "paymentAmount" not in req and payment and payment.get("authorizedAmount"):
            req["paymentAmount"] = payment["authorizedAmount"]
        return _payment(await self._exchange("incrementalAuthorization", connector, auth, req, options), "sync the payment before incrementing again")

    async def reverse(self, connector: str, auth: Mapping[str, str], request: Optional[Dict[str, Any]] = None, *, payment: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """Cancels a payment in full whether or not it was captured, where the processor has one call for it."""
        req = _follow_up("reverse", request or {}, payment)
        return _payment(await self._exchange("reverse", connector, auth, req, options), "sync the payment before reversing again")

    async def revoke_mandate(self, connector: str, auth: Mapping[str, str], request: Optional[Dict[str, Any]] = None, *, mandate: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """Removes a saved payment method. Pass the setupMandate result as ``mandate``."""
        req = dict(request or {})
        mandate = mandate or {}
        if not req.get("mandateReference") and mandate.get("mandateReference"):
            req["mandateReference"] = mandate["mandateReference"]
        if not req.get("mandateReference"):
            raise _missing("revokeMandate", "request.mandateReference", "or pass the setupMandate result as `mandate`")
        if mandate.get("connectorCustomerId") and not (req.get("customer") or {}).get("connectorCustomerId"):
            req["customer"] = {**(req.get("customer") or {}), "connectorCustomerId": mandate["connectorCustomerId"]}
        state = {**(mandate.get("state") or {}), **(req.get("state") or {})}
        if state:
            req["state"] = state
        return _outcome(await self._exchange("revokeMandate", connector, auth, req, options), "revoke it again")

    # ---------- disputes ----------

    async def accept_dispute(self, connector: str, auth: Mapping[str, str], request: Optional[Dict[str, Any]] = None, *, dispute: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """Concedes a dispute. Pass the dispute (its webhook event or a dispute result) as ``dispute``."""
        req = _dispute_request("acceptDispute", request or {}, dispute)
        return _outcome(await self._exchange("acceptDispute", connector, auth, req, options), "sync the dispute before accepting again")

    async def upload_dispute_file(self, connector: str, auth: Mapping[str, str], request: Dict[str, Any], options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        return _outcome(await self._exchange("uploadDisputeFile", connector, auth, request, options), "upload the file again with the same idempotencyKey")

    async def submit_dispute_evidence(self, connector: str, auth: Mapping[str, str], request: Dict[str, Any], *, dispute: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """Sends evidence (text and base64 files). Where the connector lists ``uploadDisputeFile``, each
        file given by ``data`` is uploaded first (key ``<idempotencyKey>:file<index>``) and sent by its id."""
        req = _dispute_request("submitDisputeEvidence", request, dispute)
        evidence = list(req.get("evidence") or [])
        if any((e.get("file") or {}).get("data") is not None for e in evidence) and (await self.supports(connector, "uploadDisputeFile"))["supported"]:
            out = []
            for i, item in enumerate(evidence):
                f = item.get("file") or {}
                if f.get("data") is None:
                    out.append(item)
                    continue
                step = {"connectorDisputeId": req["connectorDisputeId"], "file": {"filename": f.get("filename", ""), "contentType": f.get("contentType", ""), "data": f["data"]}}
                if req.get("idempotencyKey") is not None:
                    step["idempotencyKey"] = f"{req['idempotencyKey']}:file{i}"
                if req.get("state"):
                    step["state"] = req["state"]
                uploaded = await self.upload_dispute_file(connector, auth, step, options)
                if uploaded.get("status") != "success" or not uploaded.get("connectorFileId"):
                    return {
                        "status": "unresolved" if uploaded.get("status") == "unresolved" else "failure",
                        "httpStatus": uploaded.get("httpStatus", 0),
                        "connectorDisputeId": req["connectorDisputeId"],
                        "error": uploaded.get("error") or {"code": "processing_error", "message": f"evidence[{i}]: the processor stored no file", "connectorCode": None, "connectorMessage": None},
                    }
                out.append({**item, "file": {"connectorFileId": uploaded["connectorFileId"]}})
            req["evidence"] = out
        return _outcome(await self._exchange("submitDisputeEvidence", connector, auth, req, options), "sync the dispute, then send the evidence again with the same idempotencyKey")

    async def defend_dispute(self, connector: str, auth: Mapping[str, str], request: Optional[Dict[str, Any]] = None, *, dispute: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        req = _dispute_request("defendDispute", request or {}, dispute)
        return _outcome(await self._exchange("defendDispute", connector, auth, req, options), "sync the dispute before defending again")

    async def dispute_sync(self, connector: str, auth: Mapping[str, str], request: Optional[Dict[str, Any]] = None, *, dispute: Optional[Mapping[str, Any]] = None, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        req = _dispute_request("dsync", request or {}, dispute)
        return _outcome(await self._exchange("dsync", connector, auth, req, options), "sync it again")

    # ---------- webhooks ----------

    async def parse_webhook(
        self,
        connector: str,
        *,
        headers: Headers,
        body: Union[bytes, str],
        secret: Optional[Union[str, List[str]]] = None,
        url: Optional[str] = None,
        options: Optional[Dict[str, Any]] = None,
    ) -> Dict[str, Any]:
        """Verifies a webhook over its raw body and reads its events. A bad signature is
        ``verified: False`` with a reason, never an exception. ``secret`` may be a list during a
        rotation: the first that verifies wins. Answer the processor with ``acknowledgement``."""
        params: Dict[str, Any] = {"connector": connector, "headers": headers_to_list(headers), **body_for_pipe(body)}
        if url is not None:
            params["url"] = url
        if options:
            params["options"] = options
        secrets = secret if isinstance(secret, list) else [secret]
        result: Dict[str, Any] = {}
        for s in secrets:
            result = await self.pool.parse_webhook({**params, **({"secret": s} if s is not None else {})})
            if result.get("verified"):
                return result
        return result

    # ---------- the exchange ----------

    async def _exchange(self, flow: str, connector: str, auth: Mapping[str, str], request: Dict[str, Any], options: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        if not await self._manages_token(flow, connector, request):
            return await self._send(flow, connector, auth, request, options)
        for attempt in range(2):
            token = await self._access_token(connector, auth, options, refresh=attempt > 0)
            if not token.get("ok"):
                return {"answered": False, "reached": False, "error": token["error"]}
            exchange = await self._send(flow, connector, auth, {**request, "state": {**token["state"], **(request.get("state") or {})}}, options)
            result = exchange.get("result") or {}
            refused = result.get("httpStatus") == 401 or (result.get("error") or {}).get("code") == "invalid_credentials"
            if attempt > 0 or not exchange["answered"] or not refused:
                return exchange
        raise AssertionError("unreachable")

    async def _manages_token(self, flow: str, connector: str, request: Dict[str, Any]) -> bool:
        if flow == "createAccessToken" or self.access_tokens == "manual":
            return False
        if ACCESS_TOKEN_STATE_KEY in (request.get("state") or {}):
            return False
        info = next((c for c in await self.connectors() if c["name"] == connector), None)
        return bool(info) and "createAccessToken" in info["flows"] and flow in info["flows"]

    async def _is_local(self, connector: str, flow: str) -> bool:
        """Whether the sidecar answers this flow itself, with no HTTP call (listConnectors ``localFlows``)."""
        info = next((c for c in await self.connectors() if c["name"] == connector), None)
        return bool(info) and flow in (info.get("localFlows") or [])

    async def _access_token(self, connector: str, auth: Mapping[str, str], options: Optional[Dict[str, Any]], refresh: bool) -> Dict[str, Any]:
        where = {"environment": (options or {}).get("environment", "sandbox"), "baseUrl": (options or {}).get("baseUrl")}
        # Hashed: the map holds no credential in clear.
        key = hashlib.sha256(json.dumps([connector, sorted(auth.items()), sorted(where.items(), key=str)]).encode()).hexdigest()
        kept = self._tokens.get(key)
        if kept is not None and not refresh:
            grant = await kept
            if grant.get("ok") and grant["refreshAt"] > self.clock():
                return grant
        future: "asyncio.Future[Dict[str, Any]]" = asyncio.get_running_loop().create_future()
        self._tokens[key] = future
        fetched_at = self.clock()
        try:
            result = await self.create_access_token(connector, auth, None, options)
        except BaseException as e:
            self._tokens.pop(key, None)
            future.set_exception(e)
            raise
        if result.get("status") != "success" or not result.get("state"):
            self._tokens.pop(key, None)
            error = dict(result.get("error") or {"code": "processing_error", "message": "the processor gave no access token", "connectorCode": None, "connectorMessage": None})
            error["message"] = f"no access token: {error['message']}"
            grant: Dict[str, Any] = {"ok": False, "error": error}
        else:
            life = result.get("expiresInSeconds")
            refresh_at = float("inf") if life is None else fetched_at + life - min(TOKEN_REFRESH_MARGIN_SECONDS, life / 10)
            grant = {"ok": True, "state": result["state"], "refreshAt": refresh_at}
        future.set_result(grant)
        return grant

    async def _send(self, flow: str, connector: str, auth: Mapping[str, str], request: Dict[str, Any], options: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        params: Dict[str, Any] = {"connector": connector, "flow": flow, "auth": dict(auth), "request": request}
        if options:
            params["options"] = options
        if await self._is_local(connector, flow):
            # The sidecar answers it itself (listConnectors localFlows): no HTTP request to send.
            result = await self.pool.transform_response(params)
            self._step({"step": "result", "connector": connector, "flow": flow, "result": result})
            return {"answered": True, "result": result}
        http_request = await self.pool.transform_request(params)
        self._step({"step": "request", "connector": connector, "flow": flow, "http": http_request})
        try:
            response = await self.http(http_request, self.http_timeout)
        except NotSentError as e:
            return {"answered": False, "reached": False, "error": _unavailable(str(e))}
        except Exception as e:  # noqa: BLE001 - any other transport failure: it may have arrived
            host = httpx.URL(http_request["url"]).host
            timed_out = isinstance(e, (httpx.TimeoutException, asyncio.TimeoutError))
            why = f"no answer from {host} within {self.http_timeout} s" if timed_out else f"the connection to {host} failed ({type(e).__name__})"
            return {"answered": False, "reached": True, "error": _unavailable(why)}
        self._step({"step": "response", "connector": connector, "flow": flow, "http": response})
        result = await self.pool.transform_response({**params, "response": response})
        self._step({"step": "result", "connector": connector, "flow": flow, "result": result})
        return {"answered": True, "result": result}

    def _step(self, step: Dict[str, Any]) -> None:
        if self.on_step:
            self.on_step(step)


def _unavailable(message: str) -> Dict[str, Any]:
    return {"code": "processor_unavailable", "message": message, "connectorCode": None, "connectorMessage": None}


def _outcome(exchange: Dict[str, Any], what_to_do: str) -> Dict[str, Any]:
    """The processor's answer, or what an unanswered exchange means: ``failure`` when nothing was
    sent, ``unresolved`` when it may have reached the processor."""
    if exchange["answered"]:
        return exchange["result"]
    error = exchange["error"]
    if not exchange["reached"]:
        return {"status": "failure", "httpStatus": 0, "error": error}
    return {"status": "unresolved", "httpStatus": 0, "error": {**error, "message": f"{error['message']}; the request may have reached the processor: {what_to_do}"}}


_payment = _outcome


def _follow_up(flow: str, request: Dict[str, Any], payment: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    req = dict(request)
    if not req.get("connectorTransactionId"):
        if not payment or not payment.get("connectorTransactionId"):
            raise _missing(flow, "request.connectorTransactionId", "or pass the previous result as `payment`")
        req["connectorTransactionId"] = payment["connectorTransactionId"]
    state = {**((payment or {}).get("state") or {}), **(req.get("state") or {})}
    if state:
        req["state"] = state
    return req


def _dispute_request(flow: str, request: Dict[str, Any], dispute: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    req = dict(request)
    dispute = dispute or {}
    for key in ("connectorDisputeId", "connectorTransactionId"):
        if not req.get(key) and dispute.get(key):
            req[key] = dispute[key]
    if not req.get("connectorDisputeId"):
        raise _missing(flow, "request.connectorDisputeId", "or pass the dispute (its webhook event or a dispute result) as `dispute`")
    state = {**(dispute.get("state") or {}), **(req.get("state") or {})}
    if state:
        req["state"] = state
    return req


def _missing(flow: str, path: str, hint: str) -> SidecarError:
    return SidecarError(f"{flow}: `{path}` is required ({hint})", -32602, {"kind": "InvalidParams", "field": path, "path": path, "flow": flow})
