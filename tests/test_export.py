"""directory-users-export: a directory of a few hundred users as one `pulumi import --file` file, by pages.

The emulator serves the fakes over HTTP from a thread; the command's SDK clients call it with the
test keys from the environment, as the provider would. The directory is made in the fakes' state
directly, as the console or SCIM would make it.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest

from pulumi_directory_users import export
from pulumi_directory_users.testing import (
    ALICLOUD_DIRECTORY_ID,
    TENCENT_ZONE_ID,
    EmulatorServer,
    FakeClouds,
)

from .conftest import AMBIENT_ENV, CREDENTIAL_ENV, NO_CLIENT_RATE_LIMITS

USERS, GROUPS, BIG_GROUP = 300, 20, 120  # the first group has more members than a page holds
PAGE = 100
T, A = "directory-users:tencentcloud", "directory-users:alicloud"
# What the CLI accepts as a resource name and what every language's generated code can name.
NAME = re.compile(r"[a-z][A-Za-z0-9_-]*")


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[EmulatorServer]:
    server = EmulatorServer(FakeClouds()).start()
    for name in AMBIENT_ENV + list(CREDENTIAL_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**CREDENTIAL_ENV, **NO_CLIENT_RATE_LIMITS,
                        "DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT": server.url,
                        "DIRECTORY_USERS_ALICLOUD_ENDPOINT": server.url}.items():
        monkeypatch.setenv(name, value)
    try:
        yield server
    finally:
        server.stop()


def seed(clouds: FakeClouds) -> dict[str, list[tuple[str, str]]]:
    """USERS users (one of them SCIM's), GROUPS groups (the last empty) and their memberships, in both clouds.

    Returns each cloud's memberships as (group id, user id).
    """
    members: dict[str, list[tuple[str, str]]] = {"tencent": [], "alicloud": []}
    tencent, alicloud = clouds.tencent, clouds.alicloud
    t_users = [tencent.create_user(ZoneId=TENCENT_ZONE_ID, UserName=f"user{i:03d}")["UserId"] for i in range(USERS - 1)]
    t_users.append(tencent.create_user(ZoneId=TENCENT_ZONE_ID, UserName="scim.person", UserType="Synchronized")["UserId"])
    a_users = [alicloud.create_user(DirectoryId=ALICLOUD_DIRECTORY_ID, UserName=f"user{i:03d}")["UserId"]
               for i in range(USERS - 1)]
    a_users.append(alicloud.create_synchronized_user(ALICLOUD_DIRECTORY_ID, "scim.person")["UserId"])
    for g in range(GROUPS):
        t_group = tencent.create_group(ZoneId=TENCENT_ZONE_ID, GroupName=f"group{g:02d}")["GroupId"]
        a_group = alicloud.create_group(DirectoryId=ALICLOUD_DIRECTORY_ID, GroupName=f"group{g:02d}")["GroupId"]
        chosen = range(BIG_GROUP) if g == 0 else [] if g == GROUPS - 1 else range(g, USERS, GROUPS)
        for i in chosen:
            tencent.add_member(ZoneId=TENCENT_ZONE_ID, GroupId=t_group, UserId=t_users[i])
            alicloud.add_member(DirectoryId=ALICLOUD_DIRECTORY_ID, GroupId=a_group, UserId=a_users[i])
            members["tencent"].append((t_group, t_users[i]))
            members["alicloud"].append((a_group, a_users[i]))
    return members


def run_export(tmp_path: Path, *args: str) -> list[dict[str, Any]]:
    out = tmp_path / "directory.json"
    assert export.main([*args, "--out", str(out)]) == 0
    return list(json.loads(out.read_text(encoding="utf-8"))["resources"])


def test_a_directory_of_300_users_becomes_one_import_file_listed_by_pages(
        emulator: EmulatorServer, tmp_path: Path) -> None:
    clouds = emulator.clouds
    memberships = seed(clouds)
    clouds.clear_calls()
    resources = run_export(tmp_path, "--zone", TENCENT_ZONE_ID, "--directory", ALICLOUD_DIRECTORY_ID)

    names = [r["name"] for r in resources]
    assert len(set(n.lower() for n in names)) == len(names) and all(NAME.fullmatch(n) for n in names)
    assert all(set(r) == {"type", "name", "id"} for r in resources)
    kinds = Counter(r["type"] for r in resources)
    for cloud, prefix in ((T, "tencent"), (A, "alibaba")):
        assert kinds[f"{cloud}:User"] == USERS and kinds[f"{cloud}:Group"] == GROUPS
        assert kinds[f"{cloud}:GroupMembership"] == BIG_GROUP + USERS // GROUPS * (GROUPS - 2)
        # SCIM's user is marked in its name (the cloud refuses to change or delete it).
        assert f"{prefix}-user-scim-person-scim" in names and f"{prefix}-user-user007" in names
    assert {r["id"] for r in resources if r["type"] == f"{T}:GroupMembership"} == {
        f"{TENCENT_ZONE_ID}#{g}#{u}" for g, u in memberships["tencent"]}
    assert {r["id"] for r in resources if r["type"] == f"{A}:GroupMembership"} == {
        f"{ALICLOUD_DIRECTORY_ID}:{g}:{u}" for g, u in memberships["alicloud"]}

    # Each membership comes after the user and the group it names.
    seen: set[str] = set()
    for resource in resources:
        if resource["type"].endswith(":GroupMembership"):
            sep = "#" if resource["type"].startswith(T) else ":"
            parent, group, user = resource["id"].split(sep)
            assert {f"{parent}{sep}{group}", f"{parent}{sep}{user}"} <= seen, resource
        seen.add(resource["id"])

    # Pages of 100: the users, the groups, and each group's members (the big one in two pages).
    pages = math.ceil(USERS / PAGE)
    for wire in ("tencent", "alicloud"):
        made = Counter(c.action for c in clouds.calls_for(wire))
        assert made == {"ListUsers": pages, "ListGroups": 1,
                        "ListGroupMembers": GROUPS + math.ceil(BIG_GROUP / PAGE) - 1}, (wire, made)


def test_names_that_would_repeat_get_the_resource_id(emulator: EmulatorServer, tmp_path: Path) -> None:
    # Both become "a-b" once their punctuation is replaced; SCIM's user is marked.
    clouds = emulator.clouds
    first = clouds.tencent.create_user(ZoneId=TENCENT_ZONE_ID, UserName="a.b")["UserId"]
    second = clouds.tencent.create_user(ZoneId=TENCENT_ZONE_ID, UserName="a@b")["UserId"]
    synced = clouds.tencent.create_user(ZoneId=TENCENT_ZONE_ID, UserName="c", UserType="Synchronized")["UserId"]
    group = clouds.tencent.create_group(ZoneId=TENCENT_ZONE_ID, GroupName="people")["GroupId"]
    clouds.tencent.add_member(ZoneId=TENCENT_ZONE_ID, GroupId=group, UserId=second)
    resources = run_export(tmp_path, "--zone", TENCENT_ZONE_ID)
    assert [(r["name"], r["id"]) for r in resources] == [
        ("tencent-user-a-b", f"{TENCENT_ZONE_ID}#{first}"),
        (f"tencent-user-a-b-{second}", f"{TENCENT_ZONE_ID}#{second}"),
        ("tencent-user-c-scim", f"{TENCENT_ZONE_ID}#{synced}"),
        ("tencent-group-people", f"{TENCENT_ZONE_ID}#{group}"),
        (f"tencent-member-people-a-b-{second}", f"{TENCENT_ZONE_ID}#{group}#{second}"),
    ]


def test_a_zone_id_of_the_wrong_shape_is_refused_before_any_call(
        emulator: EmulatorServer, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        export.main(["--zone", "d-fakedir00001"])
    assert "--zone 'd-fakedir00001': expected 'z-'" in capsys.readouterr().err
    assert emulator.clouds.calls_for() == []
