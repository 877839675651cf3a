"""A pool of sidecar children: least-busy dispatch, deadlines, one retry of a pure call on another
child when its child dies, respawn with backoff, and a close that leaves no process behind.

Every method the sidecar serves is pure (a transform keeps no state), so a call whose child died
before answering is sent once more; a second death fails it with SidecarUnavailableError.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from ._binary import find_binary
from .errors import SidecarTimeoutError, SidecarUnavailableError
from .sidecar import ChildDied, Sidecar

#: Start failures that trying again cannot fix: the pool gives up at once.
PERMANENT_START_FAILURES = {"binary-missing", "binary-not-executable", "protocol-mismatch"}


class SidecarPool:
    """Use :meth:`start` (or ``async with await SidecarPool.start()``)."""

    def __init__(
        self,
        *,
        size: Optional[int] = None,
        binary: Optional[Union[str, Path]] = None,
        call_timeout: float = 10.0,
        log_level: Optional[str] = None,
        max_start_failures: int = 3,
    ) -> None:
        self.size = max(1, size or os.cpu_count() or 1)
        self.binary = Path(binary) if binary else find_binary()
        self.call_timeout = call_timeout
        self.log_level = log_level
        self.max_start_failures = max_start_failures
        self.children: List[Sidecar] = []
        self.closed = False
        self.start_failures = 0
        self.gave_up: Optional[SidecarUnavailableError] = None
        self.respawn_delay = 0.05
        self.deaths = 0
        #: Calls sent once more because their child died before answering.
        self.retries = 0
        self._spawning: Optional["asyncio.Task[None]"] = None
        self.initialize_result: Dict[str, Any] = {}

    @classmethod
    async def start(cls, **options: Any) -> "SidecarPool":
        """Spawns ``size`` children (default: one per core) and handshakes each."""
        pool = cls(**options)
        await asyncio.gather(*(pool._spawn() for _ in range(pool.size)))
        if not pool.children:
            raise pool.gave_up or SidecarUnavailableError("no sidecar could start")
        return pool

    async def __aenter__(self) -> "SidecarPool":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    # ---------- children ----------

    async def _spawn(self) -> None:
        child = Sidecar(self.binary, log_level=self.log_level, on_exit=self._on_exit)
        try:
            self.initialize_result = await child.start()
        except SidecarUnavailableError as e:
            self.start_failures += 1
            if e.start_failure in PERMANENT_START_FAILURES or self.start_failures >= self.max_start_failures:
                self.gave_up = e
            return
        if self.closed:
            await child.close()
            return
        self.start_failures = 0
        self.children.append(child)

    def _on_exit(self, child: Sidecar) -> None:
        if child in self.children:
            self.children.remove(child)
        if self.closed:
            return
        loop = asyncio.get_running_loop()
        # A child that dies young (within a second) makes the next spawn wait longer.
        young = loop.time() - child.started_at < 1.0
        self.respawn_delay = min(self.respawn_delay * 2, 5.0) if young else 0.05
        self.deaths += 1
        loop.create_task(self._respawn_after(self.respawn_delay))

    async def _respawn_after(self, delay: float) -> None:
        await asyncio.sleep(delay)
        if not self.closed and self.gave_up is None and len(self.children) < self.size:
            await self._spawn()

    async def _available_child(self, avoid: Optional[Sidecar]) -> Sidecar:
        """The least busy live child (another than ``avoid`` when there is one)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.call_timeout
        while True:
            if self.closed:
                raise SidecarUnavailableError("the pool is closed")
            if self.gave_up is not None and not self.children:
                raise SidecarUnavailableError(f"no sidecar can run: {self.gave_up}", self.gave_up.start_failure)
            live = [c for c in self.children if c.alive]
            others = [c for c in live if c is not avoid] or live
            if others:
                return min(others, key=lambda c: c.in_flight)
            if loop.time() >= deadline:
                raise SidecarTimeoutError(f"no sidecar became available within {self.call_timeout} s")
            if self._spawning is None or self._spawning.done():
                self._spawning = loop.create_task(self._spawn())
            await asyncio.sleep(0.02)

    # ---------- calls ----------

    async def call(self, method: str, params: Any = None) -> Any:
        """One JSON-RPC call. Raises SidecarError (the sidecar's answer), SidecarTimeoutError,
        SidecarUnavailableError."""
        last: Optional[Sidecar] = None
        for attempt in range(2):
            child = await self._available_child(avoid=last)
            future = child.call(method, params)
            await child.drain()
            try:
                return await asyncio.wait_for(asyncio.shield(future), self.call_timeout)
            except asyncio.TimeoutError:
                # Wedged: kill it (its other calls are retried elsewhere) and fail this one.
                future.cancel()
                child.kill()
                raise SidecarTimeoutError(f"`{method}` got no answer within {self.call_timeout} s; the sidecar was replaced")
            except ChildDied:
                last = child
                if attempt == 0:
                    self.retries += 1
                if attempt == 1:
                    raise SidecarUnavailableError(f"`{method}`: the sidecar died twice while running it")
        raise AssertionError("unreachable")

    async def ping(self) -> Dict[str, Any]:
        return await self.call("ping")

    async def list_connectors(self) -> List[Dict[str, Any]]:
        return await self.call("listConnectors")

    async def transform_request(self, params: Dict[str, Any]) -> Dict[str, Any]:
        return await self.call("transformRequest", params)

    async def transform_response(self, params: Dict[str, Any]) -> Dict[str, Any]:
        return await self.call("transformResponse", params)

    async def parse_webhook(self, params: Dict[str, Any]) -> Dict[str, Any]:
        return await self.call("parseWebhook", params)

    @property
    def pids(self) -> List[int]:
        return [c.pid for c in self.children if c.pid is not None]

    async def close(self) -> None:
        """Stops taking calls, closes each child's stdin, waits, then kills. No process is left."""
        self.closed = True
        children, self.children = list(self.children), []
        await asyncio.gather(*(c.close() for c in children))
