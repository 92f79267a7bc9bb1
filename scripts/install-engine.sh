#!/usr/bin/env bash
# Installs the Pulumi engine pieces this project needs into build/bin:
#
#   build/bin/pulumi                         the Pulumi CLI, at the version pinned in
#                                            pyproject.toml ("pulumi==X"), so the Python
#                                            SDK and the CLI cannot drift apart
#   build/bin/pulumi-language-yaml           the YAML language host, so `pulumi up` runs a
#                                            YAML project (runtime: yaml) in its directory
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
# The YAML language host is built from Go modules with the tools module in
# scripts/pulumi-language-yaml: github.com/pulumi/pulumi-yaml (cmd/pulumi-language-yaml)
# at the version pinned there, its pulumi/pkg/v3 and sdk/v3 lifted to the CLI's release
# (checked below). The host does not print its version, so build/bin keeps a stamp of
# what was built (pulumi-language-yaml.stamp: the pins and a hash of that module's
# go.mod and go.sum); it is rebuilt only when the stamp no longer matches. A
# pulumi-language-yaml on PATH with a matching stamp next to it is symlinked instead.
# It shares almost all of its modules and compiled packages with the CLI, so its first
# build after the CLI's takes about 30 s on 2 cores (up to 2.5 minutes with an empty Go build cache).
#
# The Python language host (pulumi-language-python) is not installed: its Go module has
# no release tags and the module proxy does not serve it. Python programs therefore run
# through the Automation API (inline programs), which needs only the CLI and the plugin.
#
# Usage: scripts/install-engine.sh   (normally called by scripts/bootstrap.sh)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/build/bin"
TOOLS="$ROOT/scripts/pulumi-cli"
YAML_TOOLS="$ROOT/scripts/pulumi-language-yaml"

die() { echo "install-engine: error: $*" >&2; exit 1; }
log() { echo "install-engine: $*" >&2; }

# Never let `pulumi version` phone home.
export PULUMI_SKIP_UPDATE_CHECK=true

# --- The pinned version: one place, pyproject.toml ------------------------------------
pin="$(sed -n 's/^[[:space:]]*"pulumi==\([0-9][0-9a-zA-Z.+-]*\)".*/\1/p' "$ROOT/pyproject.toml" | head -n 1)"
[ -n "$pin" ] || die "no \"pulumi==X\" dependency found in pyproject.toml"
want="v$pin"

# Both tools modules must build against the same release; refuse to build anything else.
require_release() {  # <tools dir>: its go.mod requires pulumi/pkg/v3 and sdk/v3 at $want
    local mod dir="${1#"$ROOT/"}"
    for mod in pkg sdk; do
        grep -Eq "^[[:space:]]*(require[[:space:]]+)?github\.com/pulumi/pulumi/$mod/v3 $want([[:space:]]|\$)" "$1/go.mod" ||
            die "$dir/go.mod does not require github.com/pulumi/pulumi/$mod/v3 $want (pyproject.toml pins pulumi==$pin).
Update it with:  cd $dir && GOSUMDB=off go get github.com/pulumi/pulumi/pkg/v3@$want github.com/pulumi/pulumi/sdk/v3@$want && GOSUMDB=off go mod tidy"
    done
}
require_release "$TOOLS"
require_release "$YAML_TOOLS"

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

# --- Builds from Go modules -------------------------------------------------------------
# go_build <name> <tools dir> <output> <go build args...>: builds in that tools module, to
# <output>.tmp first so a failed build never leaves a half-written binary in place.
go_build() {
    local name="$1" dir="$2" out="$3" start
    shift 3
    command -v go >/dev/null 2>&1 ||
        die "$name is not installed and Go is not there to build it (needs Go >= $(sed -n 's/^go //p' "$dir/go.mod"))"
    log "building $name from Go modules ($(go version | cut -d' ' -f3)); the first build takes minutes"
    start=$(date +%s)
    rm -f "$out.tmp"
    # go.sum (committed) records the hash of every module, so the checksum database,
    # which is not reachable from here, is not needed. Build exactly what go.mod says.
    (cd "$dir" && GOSUMDB="${GOSUMDB:-off}" GOFLAGS="-mod=readonly -buildvcs=false" go build -o "$out.tmp" "$@") ||
        die "building $name from Go modules in ${dir#"$ROOT/"} failed; go's messages above name the cause.
After changing a pin there, run \`cd ${dir#"$ROOT/"} && GOSUMDB=off go mod tidy\` and commit go.mod and go.sum;
if the module proxy does not serve a module, require the nearest version of it that it serves in that go.mod."
    mv -f "$out.tmp" "$out"
    log "built $name in $(( $(date +%s) - start ))s"
}

# --- 3. build the CLI -------------------------------------------------------------------
if [ -z "$cli" ]; then
    go_build "pulumi $want" "$TOOLS" "$BIN/pulumi" \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$want" \
        github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    cli="$BIN/pulumi"
    got="$(cli_version "$cli")"
    [ "$got" = "$want" ] || die "built $cli reports version '$got', expected $want"
fi

# --- The YAML language host -------------------------------------------------------------
yaml_pin="$(sed -n 's/^[[:space:]]*\(require[[:space:]]\{1,\}\)\{0,1\}github\.com\/pulumi\/pulumi-yaml \(v[^[:space:]]*\).*/\2/p' "$YAML_TOOLS/go.mod" | head -n 1)"
[ -n "$yaml_pin" ] || die "scripts/pulumi-language-yaml/go.mod does not require github.com/pulumi/pulumi-yaml"
yaml_host="$BIN/pulumi-language-yaml"
yaml_stamp="pulumi-yaml $yaml_pin pulumi $want go.mod+go.sum $(cat "$YAML_TOOLS/go.mod" "$YAML_TOOLS/go.sum" | sha256sum | cut -d' ' -f1)"
stamp_of() { cat "$1.stamp" 2>/dev/null || true; }
if [ ! -x "$yaml_host" ] || [ "$(stamp_of "$yaml_host")" != "$yaml_stamp" ]; then
    rm -f "$yaml_host.stamp"
    if path_host="$(command -v pulumi-language-yaml 2>/dev/null)" && [ "$path_host" != "$yaml_host" ] &&
        [ "$(stamp_of "$path_host")" = "$yaml_stamp" ]; then
        # The stamp is linked too: when that build changes, this one no longer matches.
        ln -sfn "$path_host" "$yaml_host"
        ln -sfn "$path_host.stamp" "$yaml_host.stamp"
        log "using pulumi-language-yaml $yaml_pin from PATH: $path_host"
    else
        # pulumi-yaml's own builds stamp the version without the leading "v".
        go_build "pulumi-language-yaml $yaml_pin" "$YAML_TOOLS" "$yaml_host" \
            -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=${yaml_pin#v}" \
            github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
        printf '%s\n' "$yaml_stamp" >"$yaml_host.stamp"
    fi
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

log "engine ready: $cli ($want) + $yaml_host ($yaml_pin) + $launcher"
