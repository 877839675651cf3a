"""Fixtures: the sidecar binary (the wheel's, CONNECTOR_SIDECAR_BIN's or the clone's build) and the
repository's loopback emulator. A missing binary or emulator FAILS the tests that need it: nothing
is skipped."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

from connector_sidecar._binary import find_binary

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def binary() -> Path:
    path = find_binary()
    assert path.is_file(), f"no sidecar binary at {path}: install the wheel, set CONNECTOR_SIDECAR_BIN or run cargo build --release"
    return path


@pytest.fixture(scope="session")
def emulator() -> Iterator[Dict[str, Any]]:
    node = shutil.which("node")
    assert node, "the emulator runs on Node.js: `node` must be on PATH"
    proc = subprocess.Popen([node, str(HERE / "emulator.mjs")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line, f"the emulator did not start (exit {proc.poll()})"
    info = json.loads(line)
    yield info
    assert proc.stdin is not None
    proc.stdin.close()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
