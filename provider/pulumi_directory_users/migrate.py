"""Move a stack's users, groups and memberships from the dynamic classes to the native provider.

``directory-users-migrate`` changes the stack's state, never the clouds: it exports the state
with the Pulumi CLI (secrets stay encrypted: nothing here decrypts state), rewrites every
dynamic resource of ours into the form the native provider would have written for the same
cloud object, and imports the state back. It also copies the credential keys that the dynamic
resources read (``tencentcloud:secretId``, ...) to the ``directory-users:`` keys that the
native default provider reads, since the engine passes that provider only its own namespace.

The rewrite of one resource (``pulumi-python:dynamic/tencentcloud:User`` -> ``directory-users:
tencentcloud:User``): the type and URN, the provider reference (the default ``directory-users``
provider, added with the inputs the engine will give it), the property names (snake_case ->
the schema's camelCase, top-level only: tag keys are the program's), without the dynamic
provider's own keys (``__provider``, ``__secret_inputs``); the id, secrets (as ciphertext),
dependencies and options are kept, with every URN that names a moved resource rewritten.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from .schema import provider_settings
from .settings import NAMESPACE
from .spec import PACKAGE, ResourceSpec, camel
from .validation import SECRET_INPUTS_KEY

PROG = "directory-users-migrate"
NATIVE_PROVIDER_TYPE = f"pulumi:providers:{PACKAGE}"
# The name the engine gives a default provider when the program asks for no plugin version
# (the generated native classes do not).
DEFAULT_PROVIDER_NAME = "default"
# What only the dynamic front-end keeps in a resource's properties: the pickled provider and the
# names of the inputs the program made secret.
DYNAMIC_ONLY_KEYS = frozenset({"__provider", SECRET_INPUTS_KEY})
# The resource fields that hold URNs (apitype.ResourceV3), besides the resource's own.
_URN_FIELDS = ("parent", "deletedWith", "viewOf")
_URN_LIST_FIELDS = ("dependencies", "aliases", "replaceWith")


class MigrationError(Exception):
    """The state cannot be moved as it is; the message says what to do first."""


@dataclass
class Migration:
    """The rewritten deployment and what changed in it."""

    deployment: dict[str, Any]
    moved: dict[str, str] = field(default_factory=dict)  # old URN -> new URN, the moved resources only
    provider_urn: str = ""
    provider_added: bool = False
    dropped: list[str] = field(default_factory=list)  # dynamic providers no resource uses any more


# ----------------------------------------------------------------------------- the rewrite (pure)


def dynamic_kinds() -> dict[str, ResourceSpec]:
    """Each dynamic public class's type token, as its SDK registers it, and the kind's spec."""
    from . import alicloud, tencentcloud

    return {
        f"pulumi-python:{cls._resource_type_name}": cls._resource_spec()
        for module in (tencentcloud, alicloud)
        for cls in (module.User, module.Group, module.GroupMembership)
    }


def migrate_deployment(deployment: Mapping[str, Any]) -> Migration:
    """``deployment`` (``pulumi stack export``'s ``deployment``) with our dynamic resources made native."""
    if deployment.get("pending_operations"):
        raise MigrationError(
            "the stack has pending operations (an interrupted update): run `pulumi refresh` and resolve them, "
            "then migrate; the state must describe every cloud object before it moves"
        )
    kinds = dynamic_kinds()
    resources: list[dict[str, Any]] = copy.deepcopy(list(deployment.get("resources") or []))
    ours = [r for r in resources if r.get("type") in kinds]
    migration = Migration(deployment=copy.deepcopy(dict(deployment)))
    if not ours:
        return migration
    renamed = {r["urn"]: native_urn(r["urn"], kinds) for r in resources}
    migration.moved = {old: new for old, new in renamed.items() if old != new}
    provider, added = _native_provider(resources, ours)
    migration.provider_urn, migration.provider_added = provider["urn"], added
    provider_ref = f"{provider['urn']}::{provider['id']}"
    for resource in ours:
        _make_native(resource, kinds[resource["type"]], provider_ref)
    for resource in resources:
        _rename_urns(resource, migration.moved)
    # Providers come before the resources that use them in a snapshot (an existing one may be used
    # by native resources listed before ours: it moves only when it comes too late).
    place = added
    if not added and resources.index(provider) > resources.index(ours[0]):
        resources.remove(provider)
        place = True
    if place:
        resources.insert(resources.index(ours[0]), provider)
    migration.dropped = _unused_providers(before=deployment.get("resources") or [], kinds=kinds,
                                          resources=resources)
    migration.deployment["resources"] = [r for r in resources if r["urn"] not in migration.dropped]
    return migration


def native_urn(urn: str, kinds: Mapping[str, ResourceSpec]) -> str:
    """``urn`` with each of our dynamic types in its qualified type (its own, or a parent's) made native."""
    prefix, project, qualified_type, name = urn.split("::", 3)
    types = [kinds[t].token if t in kinds else t for t in qualified_type.split("$")]
    return "::".join((prefix, project, "$".join(types), name))


def _make_native(resource: dict[str, Any], spec: ResourceSpec, provider_ref: str) -> None:
    resource["type"] = spec.token
    resource["provider"] = provider_ref
    for key in ("inputs", "outputs"):
        if key in resource:
            resource[key] = native_properties(spec, resource[key], resource["urn"])
    # The native provider's check fills in the cloud's defaults of unset fields: the inputs it would store.
    resource["inputs"] = {**{camel(k): v for k, v in spec.defaults.items()}, **resource.get("inputs", {})}
    if "propertyDependencies" in resource:
        resource["propertyDependencies"] = native_properties(spec, resource["propertyDependencies"], resource["urn"])
    if "additionalSecretOutputs" in resource:
        resource["additionalSecretOutputs"] = [camel(name) for name in resource["additionalSecretOutputs"]]
    for key in ("ignoreChanges", "replaceOnChanges", "hideDiff"):
        if key in resource:
            resource[key] = [_camel_path(path) for path in resource[key]]


def native_properties(spec: ResourceSpec, props: Mapping[str, Any], urn: str) -> dict[str, Any]:
    """Top-level property names made camelCase; values (secrets as ciphertext, maps of tags) untouched."""
    known = {*spec.input_names, *spec.output_names}
    native: dict[str, Any] = {}
    for name, value in props.items():
        if name in DYNAMIC_ONLY_KEYS:
            continue
        if name not in known:
            raise MigrationError(
                f"{urn}: property {name!r} is not a field or output of the native {spec.label} "
                f"({spec.token}); nothing was changed. Run `pulumi refresh` with the dynamic classes of this "
                "release first, so that the state holds only the properties this release knows"
            )
        native[camel(name)] = value
    return native


def _camel_path(path: str) -> str:
    # A property path such as "tags" or "tags.team": its first element is a property name.
    head, dot, rest = path.partition(".")
    return camel(head) + dot + rest


def _rename_urns(resource: dict[str, Any], moved: Mapping[str, str]) -> None:
    resource["urn"] = moved.get(resource["urn"], resource["urn"])
    for key in _URN_FIELDS:
        if resource.get(key):
            resource[key] = moved.get(resource[key], resource[key])
    for key in _URN_LIST_FIELDS:
        if resource.get(key):
            resource[key] = [moved.get(urn, urn) for urn in resource[key]]
    if resource.get("propertyDependencies"):
        resource["propertyDependencies"] = {
            name: [moved.get(urn, urn) for urn in urns] for name, urns in resource["propertyDependencies"].items()
        }
    if resource.get("provider"):
        urn, _, provider_id = resource["provider"].rpartition("::")
        resource["provider"] = f"{moved.get(urn, urn)}::{provider_id}"


def _native_provider(resources: list[dict[str, Any]], ours: list[dict[str, Any]]) -> tuple[dict[str, Any], bool]:
    """The stack's default ``directory-users`` provider, or a new one with the inputs the engine will give it."""
    prefix, project = ours[0]["urn"].split("::", 3)[:2]
    urn = "::".join((prefix, project, NATIVE_PROVIDER_TYPE, DEFAULT_PROVIDER_NAME))
    existing = next((r for r in resources if r["urn"] == urn and not r.get("delete")), None)
    if existing is not None:
        return existing, False
    dynamic_provider = next((r for r in resources if r["urn"] == _provider_urn(ours[0])), {})
    inputs = native_provider_inputs(dynamic_provider.get("inputs") or {})
    provider = {"urn": urn, "custom": True, "id": str(uuid.uuid4()), "type": NATIVE_PROVIDER_TYPE,
                "inputs": inputs, "outputs": copy.deepcopy(inputs)}
    return provider, True


def native_provider_inputs(dynamic_config: Mapping[str, Any]) -> dict[str, Any]:
    """The native default provider's inputs, from the stack config the dynamic provider was given.

    The engine gives the default pulumi-python provider the whole stack config (secrets as
    ciphertext in the state) and the default ``directory-users`` provider its own namespace with
    the namespace taken off: after :func:`config_moves`, that is every ``directory-users:`` key
    plus the credentials copied from the dynamic form's keys.
    """
    prefix = f"{NAMESPACE}:"
    inputs = {key[len(prefix):]: value for key, value in dynamic_config.items() if key.startswith(prefix)}
    for source, target in config_moves(dynamic_config):
        inputs[target[len(prefix):]] = dynamic_config[source]
    return dict(sorted(inputs.items()))


def config_moves(config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(dynamic key, native key) for each setting set only under a key the native provider does not read."""
    moves = []
    for setting in provider_settings():
        target = f"{NAMESPACE}:{setting.provider_key}"
        if target in config:
            continue
        source = next((key for key in setting.config if key in config), None)
        if source is not None:
            moves.append((source, target))
    return moves


def _unused_providers(before: Sequence[Mapping[str, Any]], kinds: Mapping[str, ResourceSpec],
                      resources: Sequence[Mapping[str, Any]]) -> list[str]:
    """The providers only our dynamic resources used: the engine would delete them at the next update."""
    were_used = {_provider_urn(r) for r in before if r.get("type") in kinds}
    still_used = {_provider_urn(r) for r in resources if r.get("provider")}
    return sorted(were_used - still_used - {""})


def _provider_urn(resource: Mapping[str, Any]) -> str:
    return str(resource.get("provider", "")).rpartition("::")[0]


# ----------------------------------------------------------------------------- the CLI around it


class Pulumi:
    """The Pulumi CLI on PATH, for one stack in one project directory."""

    def __init__(self, stack: Optional[str], cwd: Path, env: Optional[Mapping[str, str]] = None) -> None:
        self.stack, self.cwd, self.env = stack, cwd, dict(env if env is not None else os.environ)

    def run(self, *args: str, stdin: Optional[str] = None) -> str:
        command = ["pulumi", *args, "--non-interactive", *(["--stack", self.stack] if self.stack else [])]
        done = subprocess.run(command, cwd=self.cwd, env=self.env, input=stdin, capture_output=True, text=True)
        if done.returncode != 0:
            # The command line never holds a secret (values go through stdin); stderr is the CLI's own.
            raise MigrationError(f"`pulumi {' '.join(args)}` failed: {done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def export(self) -> dict[str, Any]:
        return dict(json.loads(self.run("stack", "export")))

    def import_(self, exported: Mapping[str, Any]) -> None:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "state.json"
            path.write_text(json.dumps(exported), encoding="utf-8")
            self.run("stack", "import", "--file", str(path))

    def config_keys(self) -> dict[str, bool]:
        """Each config key of the stack and whether it is a secret (no values read)."""
        listed = json.loads(self.run("config", "--json"))
        return {key: bool(entry.get("secret")) for key, entry in listed.items()}

    def copy_config(self, source: str, target: str, secret: bool) -> None:
        value = self.run("config", "get", source)
        # The value goes through stdin, never the command line; `--secret` keeps a secret encrypted.
        self.run("config", "set", target, *(["--secret"] if secret else ["--plaintext"]), stdin=value)


def migrate_stack(pulumi: Pulumi, backup: Optional[Path], dry_run: bool = False) -> Migration:
    """Export, rewrite, copy the config keys, import; returns what moved."""
    exported = pulumi.export()
    migration = migrate_deployment(exported.get("deployment") or {})
    if not migration.moved:
        return migration
    # The same rule as the new provider's inputs (native_provider_inputs), so the next preview is clean.
    keys = pulumi.config_keys()
    moves = config_moves(keys)
    if backup is not None:
        # The export as it was (secrets as ciphertext): `pulumi stack import --file` of it undoes the move.
        backup.write_text(json.dumps(exported, indent=2), encoding="utf-8")
    _report(migration, moves, dry_run)
    if dry_run:
        return migration
    for source, target in moves:
        pulumi.copy_config(source, target, keys[source])
    pulumi.import_({**exported, "deployment": migration.deployment})
    return migration


def _report(migration: Migration, moves: list[tuple[str, str]], dry_run: bool) -> None:
    verb = "would move" if dry_run else "moving"
    print(f"{PROG}: {verb} {len(migration.moved)} resources to the native provider (no cloud is called):")
    for old, new in migration.moved.items():
        print(f"  {old}\n    -> {new}")
    if migration.provider_added:
        print(f"  + {migration.provider_urn} (the default provider, from the stack config)")
    for urn in migration.dropped:
        print(f"  - {urn} (no resource uses it any more)")
    for source, target in moves:
        print(f"  config {source} -> {target}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Move a stack's users, groups and memberships from the dynamic classes "
                    "(pulumi_directory_users.tencentcloud/alicloud) to the native provider "
                    "(pulumi_directory_users.native) by rewriting its state. No cloud is called. "
                    "Change the program's imports too, then `pulumi preview --expect-no-changes`.",
    )
    parser.add_argument("--stack", "-s", help="the stack (default: the project's current stack)")
    parser.add_argument("--cwd", "-C", type=Path, default=Path("."), help="the project directory (default: .)")
    parser.add_argument("--backup", type=Path, default=None,
                        help="where to keep the state as it was (default: <stack or current>.before-native.json "
                             "in the project directory; secrets stay encrypted)")
    parser.add_argument("--dry-run", action="store_true", help="print what would move and change nothing")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    backup = args.backup or args.cwd / f"{args.stack or 'current'}.before-native.json"
    try:
        migration = migrate_stack(Pulumi(args.stack, args.cwd), backup, args.dry_run)
    except MigrationError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    if not migration.moved:
        print(f"{PROG}: the stack has no dynamic users, groups or memberships; nothing to move")
    elif not args.dry_run:
        print(f"{PROG}: done; the state as it was is in {backup}. Next: `pulumi preview --expect-no-changes` "
              "with the program importing pulumi_directory_users.native")
    return 0


if __name__ == "__main__":
    sys.exit(main())
