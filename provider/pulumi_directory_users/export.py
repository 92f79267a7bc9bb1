"""``directory-users-export``: a zone's or a directory's users, groups and memberships as a ``pulumi import`` file.

One ``pulumi import --file FILE`` then brings the whole directory under management by the native
provider, and the CLI writes the program's code for it. The listing goes through the same
adapters, settings and retries as the provider: credentials and endpoints come from the
environment variables the provider reads (there is no stack, so no stack config), and every
list is paged at the APIs' largest page. Memberships are listed from the groups' side
(ListGroupMembers): one listing per group instead of one per user.

The file (see ``pulumi import --help``) holds ``resources``, each with ``type``, ``name`` and
``id``: the users and groups of each zone/directory first, then the memberships, so a reader of
the file and of the generated code meets a membership after its user and group. Names are
``tencent-user-<user name>``, ``alibaba-group-<group name>``, ``tencent-member-<group>-<user>``
with every character other than letters, digits, ``_`` and ``-`` replaced by ``-``; a user or
group that SCIM synchronizes gets the suffix ``-scim`` (the cloud refuses to change or delete
it, so the program should not try); a name that would repeat another (also when compared
without case) gets the resource's own id appended.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping, Optional, Sequence

from .clouds.base import Record, SdkDirectory
from .errors import DirectoryUserError
from .lifecycle import DirectoryLifecycle
from .dynamic_provider import DirectoryResourceProvider
from .spec import ResourceSpec

# How the clouds mark what SCIM provisions: Tencent's user_type / group_type, Alibaba's provision_type.
SYNCHRONIZED = "Synchronized"
_TYPE_NAMES = ("user_type", "group_type", "provision_type")
SCIM_SUFFIX = "-scim"

_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Cloud:
    """One cloud's three kinds, as the native provider serves them."""

    prefix: str  # of the resource names: "tencent", "alibaba"
    user: type[DirectoryResourceProvider]
    group: type[DirectoryResourceProvider]
    membership: type[DirectoryResourceProvider]


def _clouds() -> dict[str, Cloud]:
    """Each cloud's kinds, by the label of what holds them ("zone", "directory")."""
    from .clouds import bindings

    kinds: dict[str, dict[str, type[DirectoryResourceProvider]]] = {}
    for binding in bindings():
        kinds.setdefault(binding.spec.parent_label, {})[binding.spec.kind] = binding
    prefixes = {"zone": "tencent", "directory": "alibaba"}
    return {label: Cloud(prefixes[label], of["user"], of["group"], of["group membership"])
            for label, of in kinds.items()}


def _adapter(binding: Any, spec: Optional[ResourceSpec] = None) -> SdkDirectory:
    """The kind's adapter as the native provider builds it (settings from the environment, retries)."""
    return DirectoryLifecycle(spec or binding.spec, binding.sources.for_provider(), binding.adapter).api()


def members_by_group(spec: ResourceSpec) -> ResourceSpec:
    """The membership kind listed from the group's side: ListGroupMembers, scoped by the group."""
    ops = replace(spec.operations, list="ListGroupMembers", list_key="GroupMembers", list_scope=("group_id",))
    return replace(spec, operations=ops)


@dataclass
class Listed:
    """What one zone/directory holds."""

    users: list[Record]
    groups: list[Record]
    memberships: list[Record]  # each with group_id and user_id


def _all(adapter: SdkDirectory, parent_id: str, scope: Mapping[str, str] = {}) -> list[Record]:
    return [item for page in adapter.pages(parent_id, scope) for item in page.items]


def list_directory(cloud: Cloud, parent_id: str) -> Listed:
    """Every user, group and membership of the zone/directory, page by page."""
    users = _all(_adapter(cloud.user), parent_id)
    groups = _all(_adapter(cloud.group), parent_id)
    members = _adapter(cloud.membership, members_by_group(cloud.membership.spec))
    memberships = [{**item, "group_id": group["group_id"]}  # Tencent's members do not repeat the group
                   for group in groups for item in _all(members, parent_id, {"group_id": group["group_id"]})]
    return Listed(users, groups, memberships)


def is_synchronized(record: Mapping[str, Any]) -> bool:
    return any(record.get(name) == SYNCHRONIZED for name in _TYPE_NAMES)


def _name(*parts: str) -> str:
    return _NOT_IN_NAME.sub("-", "-".join(parts)).strip("-")


class _Names:
    """Unique resource names: a repeat (also without regard to case) gets the resource's id appended."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, name: str, own_id: str) -> str:
        if name.lower() in self._taken:
            name = _name(name, own_id)
        self._taken.add(name.lower())
        return name


def import_entries(cloud: Cloud, parent_id: str, listed: Listed, names: _Names) -> list[dict[str, str]]:
    """The ``pulumi import`` resources of one zone/directory: users, groups, then memberships."""
    entries: list[dict[str, str]] = []
    short: dict[str, str] = {}  # a user's or group's id -> its name without the prefix, for memberships
    for binding, records, noun in ((cloud.user, listed.users, "user"), (cloud.group, listed.groups, "group")):
        spec: ResourceSpec = binding.spec
        for record in records:
            own_id = str(record[spec.id_field])
            base = _name(str(record[spec.name_field])) + (SCIM_SUFFIX if is_synchronized(record) else "")
            name = names.claim(_name(cloud.prefix, noun, base), own_id)
            short[own_id] = name[len(f"{cloud.prefix}-{noun}-"):]
            entries.append({"type": spec.token, "name": name, "id": spec.resource_id(parent_id, own_id)})
    spec = cloud.membership.spec
    for record in listed.memberships:
        ids = [str(record[f]) for f in spec.id_fields]
        resource_id = spec.resource_id(parent_id, *ids)
        label = [short.get(i, i) for i in ids]
        entries.append({"type": spec.token, "name": names.claim(_name(cloud.prefix, "member", *label), ids[1]),
                        "id": resource_id})
    return entries


def export(parents: Iterable[tuple[str, str]]) -> tuple[dict[str, Any], list[str]]:
    """The import file of the given (``"zone"``/``"directory"``, id) pairs, and a summary line for each."""
    clouds = _clouds()
    names = _Names()
    resources: list[dict[str, str]] = []
    summary = []
    for label, parent_id in parents:
        cloud = clouds[label]
        listed = list_directory(cloud, parent_id)
        resources += import_entries(cloud, parent_id, listed, names)
        synced = sum(map(is_synchronized, listed.users + listed.groups))
        summary.append(f"{label} {parent_id}: {len(listed.users)} users, {len(listed.groups)} groups, "
                       f"{len(listed.memberships)} memberships ({synced} synchronized by SCIM, named *{SCIM_SUFFIX})")
    return {"resources": resources}, summary


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="directory-users-export",
        description="Write a `pulumi import --file` file of the users, groups and memberships of a Tencent Cloud "
                    "Identity Center zone and/or an Alibaba Cloud CloudSSO directory. Credentials and endpoints: "
                    "the environment variables the provider reads (e.g. TENCENTCLOUD_SECRET_ID, "
                    "ALIBABA_CLOUD_ACCESS_KEY_ID, DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT).",
    )
    parser.add_argument("--zone", action="append", default=[], metavar="z-…",
                        help="a Tencent Cloud Identity Center zone id (repeat for more)")
    parser.add_argument("--directory", action="append", default=[], metavar="d-…",
                        help="an Alibaba Cloud CloudSSO directory id (repeat for more)")
    parser.add_argument("--out", default="-", metavar="FILE", help="where to write the file (default: stdout)")
    return parser


def _check_ids(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[tuple[str, str]]:
    clouds = _clouds()
    parents = [("zone", z) for z in args.zone] + [("directory", d) for d in args.directory]
    if not parents:
        parser.error("give at least one --zone or --directory")
    for label, parent_id in parents:
        spec = clouds[label].user.spec
        rule = spec.cloud_spec.id_rules[spec.parent]
        if not re.fullmatch(re.escape(rule.prefix) + r"[a-z0-9]+", parent_id):
            parser.error(f"--{label} {parent_id!r}: expected {rule.prefix!r} and lowercase letters and digits, "
                         f"e.g. {rule.example}")
    return parents


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    parents = _check_ids(parser, args)
    try:
        document, summary = export(parents)
    except DirectoryUserError as error:
        print(f"directory-users-export: {error}", file=sys.stderr)
        return 1
    text = json.dumps(document, indent=2) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text)
    for line in summary:
        print(f"directory-users-export: {line}", file=sys.stderr)
    print(f"directory-users-export: {len(document['resources'])} resources; next: pulumi import --file "
          f"{'FILE' if args.out == '-' else args.out} --out CODE_FILE", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
