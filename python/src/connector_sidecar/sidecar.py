"""One sidecar child: spawn, handshake, calls over NDJSON, and death.

The only owner of a child's pipes. Every call is a JSON-RPC request written as one line; the reader
task settles the matching future by ``id``. When the child exits, every call still pending fails with
one :class:`ChildDied` (the pool retries pure calls once on another child).
"""

from __future__ import annotations

import asyncio
import collections
import json
import os
from pathlib import Path
from typing import Any, Callable, Deque, Dict, Optional

from .errors import ProtocolVersionError, SidecarError, SidecarUnavailableError

PROTOCOL_VERSION = "1"
#: The sidecar's own default limit (``--max-message-bytes``); one line may be this long.
MAX_MESSAGE_BYTES = 8 * 1024 * 1024


class ChildDied(Exception):
    """The child exited (or was killed) with this call in flight; nothing was answered."""


class Sidecar:
    def __init__(self, binary: Path, *, log_level: Optional[str] = None, on_exit: Optional[Callable[["Sidecar"], None]] = None) -> None:
        self.binary = Path(binary)
        self.log_level = log_level
        self.on_exit = on_exit
        self.process: Optional[asyncio.subprocess.Process] = None
        self.pending: Dict[int, "asyncio.Future[Any]"] = {}
        self.next_id = 1
        self.alive = False
        self.started_at = 0.0
        self.stderr_tail: Deque[str] = collections.deque(maxlen=20)
        self._tasks: list = []

    @property
    def in_flight(self) -> int:
        return len(self.pending)

    @property
    def pid(self) -> Optional[int]:
        return self.process.pid if self.process else None

    async def start(self, handshake_timeout: float = 5.0, client_name: str = "connector-sidecar-python") -> Dict[str, Any]:
        """Spawns the child and answers its ``initialize``; raises SidecarUnavailableError saying why not."""
        if not self.binary.is_file():
            raise SidecarUnavailableError(
                f"sidecar binary not found at {self.binary}: install a wheel that carries it, set CONNECTOR_SIDECAR_BIN, "
                "or build it with `cargo build --release`",
                "binary-missing",
            )
        if not os.access(self.binary, os.X_OK):
            raise SidecarUnavailableError(f"sidecar binary at {self.binary} is not executable", "binary-not-executable")
        env = dict(os.environ)
        if self.log_level:
            env["CONNECTOR_SIDECAR_LOG"] = self.log_level
        loop = asyncio.get_running_loop()
        self.process = await asyncio.create_subprocess_exec(
            str(self.binary),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
            # One answer is one line; the sidecar refuses messages above its limit, so a line
            # never exceeds it by more than the JSON-RPC envelope.
            limit=MAX_MESSAGE_BYTES + 64 * 1024,
        )
        self.alive = True
        self.started_at = loop.time()
        self._tasks = [loop.create_task(self._read_stdout()), loop.create_task(self._read_stderr())]
        try:
            result = await asyncio.wait_for(
                self.call("initialize", {"protocolVersion": PROTOCOL_VERSION, "clientName": client_name}), handshake_timeout
            )
        except asyncio.TimeoutError:
            self.kill()
            raise SidecarUnavailableError(f"the sidecar did not answer initialize within {handshake_timeout} s", "handshake-timeout")
        except ChildDied:
            await self.wait_closed()
            code = self.process.returncode
            tail = " | ".join(self.stderr_tail)
            raise SidecarUnavailableError(f"the sidecar crashed at start (exit {code}){': ' + tail if tail else ''}", "crashed-at-start")
        except SidecarError as e:
            # Something that speaks JSON-RPC but not our initialize.
            self.kill()
            raise SidecarUnavailableError(f"the sidecar refused initialize: {e.message}", "protocol-mismatch")
        major = str(result.get("protocolVersion", "")).split(".")[0]
        if major != PROTOCOL_VERSION:
            self.kill()
            raise ProtocolVersionError(
                f"the sidecar speaks protocol {result.get('protocolVersion')!r}, this client {PROTOCOL_VERSION!r}", "protocol-mismatch"
            )
        return result

    def call(self, method: str, params: Any = None) -> "asyncio.Future[Any]":
        """Sends one request; the future resolves with its result or raises SidecarError / ChildDied."""
        loop = asyncio.get_running_loop()
        future: "asyncio.Future[Any]" = loop.create_future()
        if not self.alive or self.process is None or self.process.stdin is None:
            future.set_exception(ChildDied("the sidecar is not running"))
            return future
        request_id = self.next_id
        self.next_id += 1
        message: Dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        line = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"
        if len(line) > MAX_MESSAGE_BYTES:
            # Refused before it leaves: the sidecar would answer an error it may not be able to
            # match to this id, and the call would wait for its deadline.
            future.set_exception(
                SidecarError(
                    f"`{method}` params are {len(line)} bytes, over the sidecar's message limit of {MAX_MESSAGE_BYTES}",
                    -32600,
                    {"kind": "MessageTooLarge"},
                )
            )
            return future
        self.pending[request_id] = future
        try:
            self.process.stdin.write(line)
        except (BrokenPipeError, ConnectionResetError, RuntimeError):
            self.pending.pop(request_id, None)
            future.set_exception(ChildDied("the sidecar's stdin is closed"))
        return future

    async def drain(self) -> None:
        if self.process and self.process.stdin and self.alive:
            try:
                await self.process.stdin.drain()
            except (BrokenPipeError, ConnectionResetError):
                pass

    async def _read_stdout(self) -> None:
        assert self.process and self.process.stdout
        reader = self.process.stdout
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                self._settle(line)
        except (asyncio.LimitOverrunError, ValueError):
            # An answer longer than any the sidecar can send: the stream cannot be trusted.
            self.kill()
        finally:
            await self._exited()

    def _settle(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            return  # stdout carries protocol messages only; a broken line has no id to settle
        if not isinstance(message, dict):
            return
        future = self.pending.pop(message.get("id"), None) if isinstance(message.get("id"), int) else None
        if future is None or future.done():
            return
        if "error" in message and isinstance(message["error"], dict):
            err = message["error"]
            future.set_exception(SidecarError(str(err.get("message", "")), int(err.get("code", -32603)), err.get("data")))
        else:
            future.set_result(message.get("result"))

    async def _read_stderr(self) -> None:
        assert self.process and self.process.stderr
        while True:
            line = await self.process.stderr.readline()
            if not line:
                return
            self.stderr_tail.append(line.decode("utf-8", "replace").rstrip())

    async def _exited(self) -> None:
        was_alive = self.alive
        self.alive = False
        if self.process:
            try:
                await asyncio.wait_for(self.process.wait(), 5)
            except asyncio.TimeoutError:
                self.kill()
        pending, self.pending = self.pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(ChildDied(f"the sidecar (pid {self.pid}) exited with the call in flight"))
        if was_alive and self.on_exit:
            self.on_exit(self)

    def kill(self) -> None:
        if self.process and self.process.returncode is None:
            try:
                self.process.kill()
            except ProcessLookupError:
                pass

    async def wait_closed(self) -> None:
        for task in self._tasks:
            try:
                await task
            except asyncio.CancelledError:
                pass

    async def close(self, timeout: float = 2.0) -> None:
        """Closes stdin (the sidecar finishes what it read and exits 0), waits, then kills."""
        if self.process is None:
            return
        if self.process.stdin and not self.process.stdin.is_closing():
            self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), timeout)
        except asyncio.TimeoutError:
            self.kill()
        await self.wait_closed()
