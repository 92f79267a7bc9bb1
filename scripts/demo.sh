#!/usr/bin/env bash
# The local demo: bootstraps (fast when already done), then runs the root Pulumi project
# (Pulumi.yaml, program examples/team/) against the local emulator of both clouds:
# up, outputs, a second preview with no changes, destroy. Needs no cloud account.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/bootstrap.sh
# shellcheck source=/dev/null
. build/env.sh

exec python scripts/demo.py "$@"
