"""Webhooks: signed as the processor documents it, verified by the sidecar over the raw body;
headers given the way Python frameworks hand them over (a mapping or a list of pairs)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from pathlib import Path

from connector_sidecar import PaymentsClient, SidecarPool

SECRET = "whsec_python_test_secret"


def stripe_signature(payload: bytes, timestamp: int, secret: str = SECRET) -> str:
    # Stripe's docs ("Verify webhook signatures manually"): v1 is HMAC-SHA256 with the endpoint's
    # secret over "<timestamp>.<raw payload>", hex-encoded; the header is "t=<timestamp>,v1=<sig>".
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


EVENT = {
    "id": "evt_py_1", "object": "event", "type": "payment_intent.succeeded", "api_version": "2023-08-16", "created": 1700000000,
    "data": {"object": {"id": "pi_py_1", "object": "payment_intent", "amount": 2000, "amount_received": 2000, "currency": "usd",
                        "status": "succeeded", "metadata": {}}},
}



def test_stripe_webhook_from_a_mapping_and_a_tampered_one(binary: Path) -> None:
    body = json.dumps(EVENT).encode()
    now = int(time.time())

    async def main():
        async with await SidecarPool.start(size=1, binary=binary) as pool:
            async with PaymentsClient(pool) as payments:
                good = await payments.parse_webhook("stripe", headers={"Stripe-Signature": stripe_signature(body, now),
                                                                      "Content-Type": "application/json"}, body=body, secret=SECRET)
                assert good["verified"] is True, good
                event = good["events"][0]
                assert event["connectorTransactionId"] == "pi_py_1" and event["paymentStatus"] == "charged"

                # A rotation: the old secret first, the current one second.
                rotated = await payments.parse_webhook("stripe", headers=[("stripe-signature", stripe_signature(body, now))],
                                                       body=body, secret=["whsec_old_one", SECRET])
                assert rotated["verified"] is True

                tampered = body.replace(b"2000", b"9000")
                bad = await payments.parse_webhook("stripe", headers={"Stripe-Signature": stripe_signature(body, now)}, body=tampered, secret=SECRET)
                assert bad["verified"] is False and bad["events"] == []
                assert SECRET not in json.dumps(bad)

    asyncio.run(main())
