#!/usr/bin/env bash
# Installs the Pulumi engine pieces this project needs into build/bin:
#
#   build/bin/pulumi                         the Pulumi CLI, at the version pinned in
#                                            pyproject.toml ("pulumi==X"), so the Python
#                                            SDK and the CLI cannot drift apart
#   build/bin/pulumi-resource-pulumi-python  the plugin the engine starts for Python
#                                            dynamic resources (looked up on PATH or
#                                            next to the CLI)
#
# The CLI comes, in order of preference, from:
#   1. `pulumi` on PATH, if `pulumi version` prints the pinned version (symlinked);
#   2. an earlier build in build/bin/pulumi that reports the pinned version;
#   3. a build from Go modules using the tools module in scripts/pulumi-cli. Pulumi's
#      download site is not used. The first build downloads ~1.4 GB of modules and takes
#      a few minutes; later builds reuse the default Go module and build caches.
#
# The language host (pulumi-language-python) is not installed: its Go module has no
# release tags and the module proxy does not serve it. Programs therefore run through
# the Automation API (inline programs), which needs only the CLI and the plugin above.
#
# Usage: scripts/install-engine.sh   (normally called by scripts/bootstrap.sh)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/build/bin"
TOOLS="$ROOT/scripts/pulumi-cli"

die() { echo "install-engine: error: $*" >&2; exit 1; }
log() { echo "install-engine: $*" >&2; }

# Never let `pulumi version` phone home.
export PULUMI_SKIP_UPDATE_CHECK=true

# --- The pinned version: one place, pyproject.toml ------------------------------------
pin="$(sed -n 's/^[[:space:]]*"pulumi==\([0-9][0-9a-zA-Z.+-]*\)".*/\1/p' "$ROOT/pyproject.toml" | head -n 1)"
[ -n "$pin" ] || die "no \"pulumi==X\" dependency found in pyproject.toml"
want="v$pin"

# The tools module must build the same release; refuse to build anything else.
for mod in pkg sdk; do
    grep -Eq "^[[:space:]]*(require[[:space:]]+)?github\.com/pulumi/pulumi/$mod/v3 $want([[:space:]]|\$)" "$TOOLS/go.mod" ||
        die "scripts/pulumi-cli/go.mod does not require github.com/pulumi/pulumi/$mod/v3 $want (pyproject.toml pins pulumi==$pin).
Update it with:  cd scripts/pulumi-cli && GOSUMDB=off go get github.com/pulumi/pulumi/pkg/v3@$want github.com/pulumi/pulumi/sdk/v3@$want && GOSUMDB=off go mod tidy"
done

cli_version() { "$1" version 2>/dev/null | head -n 1 | tr -d '[:space:]' || true; }

mkdir -p "$BIN"

# --- 1. pulumi on PATH ----------------------------------------------------------------
cli=""
if path_cli="$(command -v pulumi 2>/dev/null)" && [ "$(cli_version "$path_cli")" = "$want" ]; then
    if [ "$path_cli" != "$BIN/pulumi" ]; then
        ln -sfn "$path_cli" "$BIN/pulumi"
        log "using pulumi $want from PATH: $path_cli"
    fi
    cli="$BIN/pulumi"
fi

# --- 2. an earlier build ----------------------------------------------------------------
if [ -z "$cli" ] && [ -x "$BIN/pulumi" ] && [ "$(cli_version "$BIN/pulumi")" = "$want" ]; then
    cli="$BIN/pulumi"
fi

# --- 3. build from Go modules -----------------------------------------------------------
if [ -z "$cli" ]; then
    command -v go >/dev/null 2>&1 ||
        die "pulumi $want is not on PATH and Go is not installed to build it (needs Go >= $(sed -n 's/^go //p' "$TOOLS/go.mod"))"
    # go.sum (committed) records the hash of every module, so the checksum database,
    # which is not reachable from here, is not needed. Build exactly what go.mod says.
    export GOSUMDB="${GOSUMDB:-off}"
    export GOFLAGS="-mod=readonly -buildvcs=false"
    log "building pulumi $want from Go modules ($(go version | cut -d' ' -f3)); the first build takes minutes"
    start=$(date +%s)
    rm -f "$BIN/pulumi.tmp"
    (
        cd "$TOOLS"
        go build -o "$BIN/pulumi.tmp" \
            -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$want" \
            github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    )
    mv -f "$BIN/pulumi.tmp" "$BIN/pulumi"
    log "built pulumi $want in $(( $(date +%s) - start ))s"
    cli="$BIN/pulumi"
    got="$(cli_version "$cli")"
    [ "$got" = "$want" ] || die "built $cli reports version '$got', expected $want"
fi

# --- The dynamic provider plugin --------------------------------------------------------
# Pulumi ships this as a shell script next to the CLI (it is not in the PyPI wheel).
# Ours always runs the project's virtualenv, which has `pulumi` and our package installed.
launcher="$BIN/pulumi-resource-pulumi-python"
content='#!/bin/sh
# The plugin the Pulumi engine starts for Python dynamic resources (pulumi-python:dynamic*).
# Written by scripts/install-engine.sh; runs the project virtualenv, whatever PATH says.
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
unset PYTHONHOME
exec "$root/.venv/bin/python" -u -m pulumi.dynamic "$@"'
if [ ! -x "$launcher" ] || [ "$(cat "$launcher")" != "$content" ]; then
    printf '%s\n' "$content" >"$launcher.tmp"
    chmod 0755 "$launcher.tmp"
    mv -f "$launcher.tmp" "$launcher"
fi

log "engine ready: $cli ($want) + $launcher"
