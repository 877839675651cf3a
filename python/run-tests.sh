#!/usr/bin/env bash
# The Python client's tests, as a user gets it: build the wheel (maturin packs the sidecar binary
# into it; cargo reuses the release build when `npm install` made one), install it into a fresh
# virtual environment, check the installed package finds the wheel's own binary, then run pytest
# against the repository's loopback emulator (compiled by `npm run build:ts`).
set -euo pipefail
cd "$(dirname "$0")"
venv=${PYTHON_TEST_VENV:-.venv-test}
python3 -m venv --clear "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.5,<2" "pytest>=7"
rm -rf dist-wheel
"$venv/bin/maturin" build --release --quiet --out dist-wheel
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall dist-wheel/*.whl
# The installed package, not the source tree, and the binary from the wheel, not a clone's build.
env -u CONNECTOR_SIDECAR_BIN "$venv/bin/python" - <<'PY'
import sys
from pathlib import Path
import connector_sidecar
from connector_sidecar._binary import find_binary
package = Path(connector_sidecar.__file__).resolve()
binary = find_binary().resolve()
prefix = Path(sys.prefix).resolve()
assert prefix in package.parents, f"tests would import {package}, not the installed wheel"
assert prefix in binary.parents and binary.is_file(), f"the wheel's sidecar was not found (found {binary})"
print(f"wheel installed: package {package.parent}, sidecar {binary}")
PY
env -u CONNECTOR_SIDECAR_BIN "$venv/bin/python" -m pytest -p no:cacheprovider tests "$@"
