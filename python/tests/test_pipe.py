"""The pipe from Python: handshake, the transforms, typed errors, and nothing secret in them."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from connector_sidecar import ERROR_CODES, SidecarError, SidecarPool, SidecarUnavailableError, is_flow_not_supported

CARD = {"number": "4242424242424242", "expMonth": "12", "expYear": "2030", "cvc": "123"}
API_KEY = "sk_test_python_pipe_secret_51H"


def run(coro):
    return asyncio.run(coro)


def test_handshake_ping_and_list_connectors(binary: Path) -> None:
    async def main():
        async with await SidecarPool.start(size=2, binary=binary) as pool:
            assert pool.initialize_result["protocolVersion"] == "1"
            assert await pool.ping() == {}
            connectors = await pool.list_connectors()
            names = {c["name"] for c in connectors}
            # The first nine connectors of the README, each listing its flows and credentials.
            assert {"stripe", "adyen", "paypal", "braintree", "authorizedotnet"} <= names
            stripe = next(c for c in connectors if c["name"] == "stripe")
            assert "authorize" in stripe["flows"] and stripe["authFields"][0]["name"] == "apiKey"

    run(main())


def test_transform_request_builds_stripes_payment_intent(binary: Path) -> None:
    async def main():
        async with await SidecarPool.start(size=1, binary=binary) as pool:
            http = await pool.transform_request({
                "connector": "stripe", "flow": "authorize", "auth": {"apiKey": API_KEY},
                "request": {"merchantTransactionId": "order_py_1", "amount": {"minorAmount": 2000, "currency": "USD"},
                            "paymentMethod": {"type": "card", "card": CARD}, "captureMethod": "manual", "idempotencyKey": "order_py_1"},
            })
            # Stripe's API reference: POST /v1/payment_intents, form-encoded, Bearer secret key,
            # Idempotency-Key header; amount in the currency's smallest unit; capture_method=manual.
            assert http["method"] == "POST" and http["url"] == "https://api.stripe.com/v1/payment_intents"
            headers = {h["name"].lower(): h for h in http["headers"]}
            assert headers["authorization"]["value"] == f"Bearer {API_KEY}" and headers["authorization"]["sensitive"] is True
            assert headers["idempotency-key"]["value"] == "order_py_1"
            body = http["body"]
            assert body["contentType"] == "application/x-www-form-urlencoded" and body["sensitive"] is True
            assert "amount=2000" in body["data"] and "currency=usd" in body["data"] and "capture_method=manual" in body["data"]

    run(main())


def test_errors_are_typed_name_the_field_and_hold_no_secret(binary: Path) -> None:
    async def main():
        async with await SidecarPool.start(size=1, binary=binary) as pool:
            with pytest.raises(SidecarError) as unknown:
                await pool.transform_request({"connector": "strype", "flow": "psync", "auth": {"apiKey": API_KEY},
                                              "request": {"connectorTransactionId": "pi_1"}})
            assert unknown.value.code == ERROR_CODES["UnknownConnector"]

            # A card number that fails Luhn: 1005 naming the field, the number masked.
            bad = dict(CARD, number="4242424242424241")
            with pytest.raises(SidecarError) as invalid:
                await pool.transform_request({"connector": "stripe", "flow": "authorize", "auth": {"apiKey": API_KEY},
                                              "request": {"merchantTransactionId": "o", "amount": {"minorAmount": 100, "currency": "USD"},
                                                          "paymentMethod": {"type": "card", "card": bad}}})
            assert invalid.value.code == ERROR_CODES["InvalidFieldValue"]
            assert invalid.value.field == "request.paymentMethod.card.number"
            text = json.dumps([invalid.value.message, dict(invalid.value.data)])
            assert "4242424242424241" not in text and API_KEY not in text

            # PhonePe cannot capture (UPI is charged at once): 1002 with the processor's reason.
            with pytest.raises(SidecarError) as unsupported:
                await pool.transform_request({"connector": "phonepe", "flow": "capture",
                                              "auth": {"merchantId": "M", "saltKey": "k", "saltIndex": "1"},
                                              "request": {"connectorTransactionId": "T1", "amountToCapture": {"minorAmount": 100, "currency": "INR"}}})
            assert is_flow_not_supported(unsupported.value)

            # The process keeps serving after every one of them.
            assert await pool.ping() == {}

    run(main())


def test_missing_binary_is_a_clear_start_failure(tmp_path: Path) -> None:
    async def main():
        with pytest.raises(SidecarUnavailableError) as failed:
            await SidecarPool.start(size=1, binary=tmp_path / "no-such-sidecar")
        assert failed.value.start_failure == "binary-missing"

    run(main())
