#!/usr/bin/env bash
# Creates build/client-venv/: a virtualenv with the third-party clients the emulator is tested
# against (tccli, aliyun-python-sdk-core), pinned in tests/clients/requirements.txt. Kept apart
# from .venv so the package and its test extra never depend on them.
#
# Idempotent: does nothing when the virtualenv matches the requirements and the interpreter
# (a stamp file records both). Prints the virtualenv's path on stdout. The tests in
# tests/clients/ run it once per session; the first run downloads about 120 MB from PyPI.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/build/client-venv"
REQUIREMENTS="$ROOT/tests/clients/requirements.txt"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"

stamp="$( (cat "$REQUIREMENTS"; "$PYTHON" -c 'import sys; print(sys.version)') | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$VENV/.stamp" 2>/dev/null || true)" != "$stamp" ]; then
    echo "client-venv: creating $VENV from $REQUIREMENTS" >&2
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    # --no-deps: the file pins every dependency; --no-compile: tccli alone is 224 MB of Python.
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
        "$VENV/bin/python" -m pip install --quiet --no-deps --no-compile -r "$REQUIREMENTS" >&2
    printf '%s\n' "$stamp" >"$VENV/.stamp"
fi
echo "$VENV"
