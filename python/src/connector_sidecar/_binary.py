"""Where the sidecar binary is: ``$CONNECTOR_SIDECAR_BIN``, else the one the wheel installed beside
this interpreter's scripts, else ``connector-sidecar`` on PATH, else a contributor's
``target/release`` build in a clone of the repository."""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path
from typing import List

EXE = "connector-sidecar" + (".exe" if sys.platform == "win32" else "")


def candidates() -> List[Path]:
    found: List[Path] = []
    env = os.environ.get("CONNECTOR_SIDECAR_BIN")
    if env:
        return [Path(env)]
    # A wheel built with maturin's `bindings = "bin"` puts the executable in the scripts folder.
    for scheme_path in {sysconfig.get_path("scripts"), str(Path(sys.executable).parent)}:
        if scheme_path:
            found.append(Path(scheme_path) / EXE)
    on_path = shutil.which(EXE)
    if on_path:
        found.append(Path(on_path))
    # A clone: python/src/connector_sidecar/_binary.py -> repository root.
    root = Path(__file__).resolve().parents[3]
    found.append(root / "target" / "release" / EXE)
    return found


def find_binary() -> Path:
    """The first candidate that exists; the first candidate (for the error message) if none does."""
    options = candidates()
    for path in options:
        if path.is_file():
            return path
    return options[0]
