#!/usr/bin/env bash
# The scale benchmark: bootstraps (fast when already done), then runs scripts/bench.py with any
# arguments passed through, e.g. `bash scripts/bench.sh -n 200 --markdown bench.md`.
# Default: N=50 users per stack, 50 ms emulator latency, the documented quotas, both forms (dynamic and
# native), the engine at --parallel 32.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/bootstrap.sh
# shellcheck source=/dev/null
. build/env.sh

exec python scripts/bench.py "$@"
