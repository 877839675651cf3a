"""The payment flows end to end: the real pool, real HTTP (httpx) and the repository's emulator of
each processor, which answers as the processor documents."""

from __future__ import annotations

import asyncio
import socket
import threading
from pathlib import Path
from typing import Any, Dict

from connector_sidecar import PaymentsClient, SidecarPool

STRIPE = {"apiKey": "sk_test_emulator"}
CARD = {"type": "card", "card": {"number": "4242424242424242", "expMonth": "12", "expYear": "2030", "cvc": "123"}}


def test_stripe_lifecycle_through_the_emulator(binary: Path, emulator: Dict[str, Any]) -> None:
    options = {"baseUrl": emulator["baseUrls"]["stripe"]}

    async def main():
        async with await SidecarPool.start(size=2, binary=binary) as pool:
            steps = []
            async with PaymentsClient(pool, on_step=steps.append) as payments:
                order = {"merchantTransactionId": "py_order_1", "amount": {"minorAmount": 10000, "currency": "USD"},
                         "paymentMethod": CARD, "captureMethod": "manual", "idempotencyKey": "py_order_1-authorize"}
                payment = await payments.authorize("stripe", STRIPE, order, options)
                assert payment["status"] == "authorized", payment
                assert payment["connectorTransactionId"].startswith("pi_")

                synced = await payments.sync("stripe", STRIPE, payment=payment, options=options)
                assert synced["status"] == "authorized"

                captured = await payments.capture("stripe", STRIPE, {"amountToCapture": {"minorAmount": 6000, "currency": "USD"},
                                                                      "idempotencyKey": "py_order_1-capture"}, payment=payment, options=options)
                assert captured["status"] in ("charged", "partial_charged"), captured
                assert captured.get("amountCaptured", {}).get("minorAmount", 6000) == 6000

                refund = await payments.refund("stripe", STRIPE, {"merchantRefundId": "py_order_1-refund-1",
                                                                   "refundAmount": {"minorAmount": 1500, "currency": "USD"}},
                                               payment=payment, options=options)
                assert refund["status"] in ("success", "pending"), refund
                assert refund["connectorRefundId"].startswith("re_")
                # Sent again with the same key: the processor answers with the same refund.
                again = await payments.refund("stripe", STRIPE, {"merchantRefundId": "py_order_1-refund-1",
                                                                  "refundAmount": {"minorAmount": 1500, "currency": "USD"}},
                                              payment=payment, options=options)
                assert again["connectorRefundId"] == refund["connectorRefundId"]
                later = await payments.refund_sync("stripe", STRIPE, payment=payment, refund=refund, options=options)
                assert later["status"] == "success"

                second = await payments.authorize("stripe", STRIPE, {**order, "merchantTransactionId": "py_order_2",
                                                                      "idempotencyKey": "py_order_2-authorize"}, options)
                voided = await payments.void("stripe", STRIPE, {"reason": "requested_by_customer"}, payment=second, options=options)
                assert voided["status"] == "voided", voided
            # Every step was reported: request, response, result for each call.
            assert [s["step"] for s in steps[:3]] == ["request", "response", "result"]

    asyncio.run(main())


def test_paypal_access_token_is_fetched_and_kept(binary: Path, emulator: Dict[str, Any]) -> None:
    options = {"baseUrl": emulator["baseUrls"]["paypal"]}
    auth = {"clientId": "AUv8rrc_demo_emulator_client", "clientSecret": "EKmD_demo_emulator_secret"}

    async def main():
        async with await SidecarPool.start(size=1, binary=binary) as pool:
            flows = []
            async with PaymentsClient(pool, on_step=lambda s: flows.append((s["step"], s["flow"]))) as payments:
                card = {"type": "card", "card": {"number": "4111111111111111", "expMonth": "03", "expYear": "2030", "cvc": "123"}}
                for i in range(2):
                    result = await payments.authorize("paypal", auth, {
                        "merchantTransactionId": f"py_pp_{i}", "amount": {"minorAmount": 2500, "currency": "USD"},
                        "paymentMethod": card, "captureMethod": "manual", "idempotencyKey": f"py_pp_{i}"}, options)
                    assert result["status"] == "authorized", result
            # One token fetched for both payments.
            assert [f for f in flows if f == ("request", "createAccessToken")] == [("request", "createAccessToken")]
            assert flows.count(("request", "authorize")) == 2

    asyncio.run(main())


def test_a_connection_never_made_is_failure_and_a_lost_answer_is_unresolved(binary: Path) -> None:
    # A port nobody listens on: nothing was sent.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    # A server that takes the request and never answers: it may have been acted on.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    accepted = []
    stop = threading.Event()

    def accept() -> None:
        silent.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(silent.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    order = {"merchantTransactionId": "py_lost", "amount": {"minorAmount": 500, "currency": "USD"}, "paymentMethod": CARD}

    async def main():
        async with await SidecarPool.start(size=1, binary=binary) as pool:
            async with PaymentsClient(pool, http_timeout=0.5) as payments:
                refused = await payments.authorize("stripe", STRIPE, order, {"baseUrl": f"http://127.0.0.1:{closed_port}"})
                assert refused["status"] == "failure" and refused["error"]["code"] == "processor_unavailable"
                lost = await payments.authorize("stripe", STRIPE, order, {"baseUrl": f"http://127.0.0.1:{silent.getsockname()[1]}"})
                assert lost["status"] == "unresolved" and "sync the payment" in lost["error"]["message"]
                lost_refund = await payments.refund("stripe", STRIPE, {"connectorTransactionId": "pi_1", "merchantRefundId": "r1",
                                                                        "refundAmount": {"minorAmount": 100, "currency": "USD"}},
                                                    options={"baseUrl": f"http://127.0.0.1:{silent.getsockname()[1]}"})
                assert lost_refund["status"] == "unresolved" and "same idempotencyKey" in lost_refund["error"]["message"]

    try:
        asyncio.run(main())
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        silent.close()


def test_stripe_session_increment_and_revoke_through_the_emulator(binary: Path, emulator: Dict[str, Any]) -> None:
    """Issue 12 in snake_case: create_session → the front end confirms with the client secret →
    sync → increment_authorization (the total so far from the previous result) → capture;
    setup_mandate → revoke_mandate → the card can no longer be charged."""
    import httpx

    options = {"baseUrl": emulator["baseUrls"]["stripe"]}
    usd = lambda n: {"minorAmount": n, "currency": "USD"}  # noqa: E731

    async def main():
        async with await SidecarPool.start(size=1, binary=binary) as pool:
            async with PaymentsClient(pool) as payments:
                session = await payments.create_session("stripe", STRIPE, {"merchantTransactionId": "py_hotel_1", "amount": usd(10000),
                                                                           "captureMethod": "manual"}, options)
                assert session["status"] == "success", session
                assert session["clientSecret"].startswith(session["connectorTransactionId"] + "_secret_")
                async with httpx.AsyncClient() as front_end:
                    confirmed = await front_end.post(f"{options['baseUrl']}/v1/payment_intents/{session['connectorTransactionId']}/confirm",
                                                     headers={"Authorization": "Bearer pk_test_python"},
                                                     data={"payment_method": "pm_card_visa", "client_secret": session["clientSecret"]})
                    assert confirmed.status_code == 200, confirmed.text
                synced = await payments.sync("stripe", STRIPE, payment=session, options=options)
                assert synced["status"] == "authorized", synced
                raised = await payments.increment_authorization("stripe", STRIPE, {"additionalAmount": usd(2500), "paymentAmount": usd(10000)},
                                                                payment=synced, options=options)
                assert raised["status"] == "authorized" and raised["authorizedAmount"] == usd(12500), raised
                again = await payments.increment_authorization("stripe", STRIPE, {"additionalAmount": usd(500)}, payment=raised, options=options)
                assert again["authorizedAmount"] == usd(13000), again
                captured = await payments.capture("stripe", STRIPE, {"amountToCapture": usd(13000)}, payment=again, options=options)
                assert captured["status"] == "charged", captured

                mandate = await payments.setup_mandate("stripe", STRIPE, {"merchantTransactionId": "py_save_1", "amount": usd(0), "paymentMethod": CARD,
                                                                          "customer": {"email": "py@example.com"}}, options)
                assert mandate["status"] == "charged", mandate
                revoked = await payments.revoke_mandate("stripe", STRIPE, mandate=mandate, options=options)
                assert revoked["status"] == "revoked", revoked
                repeat = await payments.repeat_payment("stripe", STRIPE, {"merchantTransactionId": "py_after_revoke", "amount": usd(500)},
                                                       mandate=mandate, options=options)
                assert repeat["status"] == "failure", repeat
                try:
                    await payments.dispute_sync("stripe", STRIPE, {}, options=options)
                    raise AssertionError("dispute_sync without a dispute id was sent")
                except Exception as e:  # noqa: BLE001 - the client's own refusal
                    assert "connectorDisputeId" in str(e)

    asyncio.run(main())


def test_a_local_flow_makes_no_http_call(binary: Path) -> None:
    """Shift4's createSession is in its listConnectors ``localFlows``: the sidecar signs the checkout
    request itself, so the client sends nothing over HTTP and reports one ``result`` step."""
    import base64
    import hashlib
    import hmac

    key = "sk_test_" + "python" + "0" * 16

    async def never(request: Dict[str, Any], timeout: float) -> Dict[str, Any]:
        raise AssertionError(f"no HTTP call expected, got one to {request.get('url')}")

    async def main():
        async with await SidecarPool.start(size=1, binary=binary) as pool:
            steps = []
            async with PaymentsClient(pool, http=never, on_step=steps.append) as payments:
                info = next(c for c in await payments.connectors() if c["name"] == "shift4")
                assert info["localFlows"] == ["createSession"]
                session = await payments.create_session("shift4", {"secretKey": key}, {
                    "merchantTransactionId": "py_checkout_1", "amount": {"minorAmount": 499, "currency": "EUR"}})
                assert session["status"] == "success" and session["httpStatus"] == 0, session
                signature, _, text = base64.b64decode(session["clientToken"]).decode().partition("|")
                assert signature == hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()
                assert '"amount":499' in text and '"currency":"EUR"' in text
            assert [s["step"] for s in steps] == ["result"]

    asyncio.run(main())
