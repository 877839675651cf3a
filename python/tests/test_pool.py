"""The pool under faults: a SIGKILLed child loses no call; the pool replaces it; close leaves no process."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

from connector_sidecar import SidecarPool

N = 3000


def test_sigkill_loses_no_call_and_the_child_is_replaced(binary: Path) -> None:
    async def main():
        async with await SidecarPool.start(size=2, binary=binary) as pool:
            victim = pool.pids[0]
            params = {"connector": "stripe", "flow": "psync", "auth": {"apiKey": "sk_test_pool"}}
            calls = [pool.transform_request({**params, "request": {"connectorTransactionId": f"pi_{i}"}}) for i in range(N)]
            tasks = [asyncio.ensure_future(c) for c in calls]
            await asyncio.sleep(0)  # the calls are written
            os.kill(victim, signal.SIGKILL)
            results = await asyncio.gather(*tasks)
            # Every call answered exactly once, with its own answer (retried on the other child).
            assert [r["url"].rsplit("/", 1)[-1].split("?")[0] for r in results] == [f"pi_{i}" for i in range(N)]
            assert pool.retries > 0, "the kill landed after every call was answered: nothing was tested"
            for _ in range(100):
                if len(pool.pids) == 2 and victim not in pool.pids:
                    break
                await asyncio.sleep(0.05)
            assert len(pool.pids) == 2 and victim not in pool.pids
            assert pool.deaths == 1
            pids = pool.pids
        # close() closed stdin and waited: no child is left.
        for pid in pids:
            try:
                os.kill(pid, 0)
                alive = True
            except ProcessLookupError:
                alive = False
            assert not alive, f"sidecar {pid} outlived close()"

    asyncio.run(main())
