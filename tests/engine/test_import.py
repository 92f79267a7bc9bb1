"""``pulumi import`` of a directory made out of band, through the real CLI and the YAML language host.

Every kind of both clouds is imported by its id (``z#u``, ``z#g``, ``z#g#u``, ``d:u``, ``d:g``,
``d:g:u``), one at a time and with ``--file``, and with a file written by ``directory-users-export``.
Each time: no call that changes anything reaches the clouds while importing, the code the CLI
generates (YAML, through the language host) makes a program whose preview is clean, and a later
destroy deletes exactly what was imported.

What needed working around: the CLI's generated code names a membership's user and group by their
ids as literals (it only turns values equal to another imported resource's *resource id* into
references), so the imported state records no dependencies and a destroy would delete users and
groups in parallel with the memberships that hold them (the clouds refuse). Pointing those ids at
the user's and group's outputs (:func:`link_memberships`) and running one ``up`` (no changes, no
calls) records the dependencies.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any, Mapping

import pytest
import yaml

from pulumi_directory_users.testing import (
    ALICLOUD_ACCESS_KEY_ID,
    ALICLOUD_ACCESS_KEY_SECRET,
    ALICLOUD_DIRECTORY_ID,
    TENCENT_SECRET_ID,
    TENCENT_SECRET_KEY,
    TENCENT_ZONE_ID,
)

from .harness import AlicloudSdk, Call, CliProject, Emulator, TencentSdk, writes

pytestmark = pytest.mark.engine

T, A = "directory-users:tencentcloud", "directory-users:alicloud"


@pytest.fixture
def project(pulumi_cli: str, emulator: Emulator, tmp_path: Path) -> CliProject:
    directory = tmp_path / "adopted"
    directory.mkdir()
    cli = CliProject(directory, tmp_path / "pulumi")
    cli.write_program({"name": "directory-users-adopted", "runtime": "yaml"})
    cli.init_stack("dev", emulator)
    return cli


def out_of_band(tencent: TencentSdk, alicloud: AlicloudSdk, names: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Users ``names`` and a group ``admins`` holding them, in both clouds, made with the SDKs: their ids."""
    made: dict[str, dict[str, str]] = {}
    for cloud, sdk in (("tencent", tencent), ("alicloud", alicloud)):
        ids = {"admins": sdk.create_group("admins", Description="Directory administrators")["GroupId"]}
        for name in names:
            fields: dict[str, Any] = {"DisplayName": name.title(), "Email": f"{name}@example.com"}
            if name == names[0]:  # what a program would have to declare: a status, tags
                fields.update({"UserStatus": "Disabled"} if cloud == "tencent" else
                              {"Tags": [{"Key": "team", "Value": "platform"}]})
            ids[name] = sdk.create(name, **fields)["UserId"]
            sdk.add_member(ids["admins"], ids[name])
        made[cloud] = ids
    return made


def generated(path: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8"))["resources"])


def link_memberships(resources: Mapping[str, Any], state: Mapping[str, Any]) -> dict[str, Any]:
    """The program with each membership's group and user ids as references to the imported resources."""
    by_id = {}
    for resource in state["deployment"]["resources"]:
        name = resource["urn"].rsplit("::", 1)[-1]
        for output in ("userId", "groupId"):
            if output in (resource.get("outputs") or {}) and not resource["type"].endswith("GroupMembership"):
                by_id[resource["outputs"][output]] = f"${{{name}.{output}}}"
    linked = {}
    for name, resource in resources.items():
        if resource["type"].endswith(":GroupMembership"):
            props = dict(resource["properties"])
            props.update({k: by_id[props[k]] for k in ("groupId", "userId")})
            resource = {**resource, "properties": props}
        linked[name] = resource
    return linked


def import_calls(calls: list[Call]) -> dict[str, int]:
    return dict(Counter(f"{c.cloud} {c.action}" for c in calls))


def adopt(project: CliProject, code: dict[str, Any], emulator: Emulator) -> None:
    """The generated code added to the program: a clean preview; then linked, one `up` records dependencies."""
    project.write_program({**project.program(), "resources": code})
    mark = emulator.mark()
    assert f"{len(code) + 1} unchanged" in project("preview", "--expect-no-changes")
    project.write_program({**project.program(), "resources": link_memberships(code, json.loads(project("stack", "export")))})
    project("up", "--yes", "--expect-no-changes")
    assert writes(emulator.calls_since(mark)) == []


def assert_destroyed(project: CliProject, emulator: Emulator, imported: int, per_cloud: dict[str, int],
                     sdks: tuple[TencentSdk, AlicloudSdk]) -> None:
    mark = emulator.mark()
    destroyed = project("destroy", "--yes", "--skip-preview")
    assert f"- {imported + 1} deleted" in destroyed, destroyed  # and the stack itself
    made = Counter((c.cloud, c.action) for c in writes(emulator.calls_since(mark)))
    assert made == Counter({(cloud, action): n for cloud in ("tencent", "alicloud") for action, n in per_cloud.items()})
    for sdk in sdks:
        assert sdk.users() == [] and sdk.groups() == []


def test_pulumi_import_adopts_every_kind_of_both_clouds_by_its_id_and_writes_its_yaml(
        project: CliProject, emulator: Emulator, tencent: TencentSdk, alicloud: AlicloudSdk, tmp_path: Path) -> None:
    ids = out_of_band(tencent, alicloud, ("alice", "bob"))
    t, a = ids["tencent"], ids["alicloud"]
    z, d = TENCENT_ZONE_ID, ALICLOUD_DIRECTORY_ID
    singles = [
        (f"{T}:User", "alice-t", f"{z}#{t['alice']}"),
        (f"{T}:Group", "admins-t", f"{z}#{t['admins']}"),
        (f"{T}:GroupMembership", "alice-admins-t", f"{z}#{t['admins']}#{t['alice']}"),
        (f"{A}:User", "alice-a", f"{d}:{a['alice']}"),
        (f"{A}:Group", "admins-a", f"{d}:{a['admins']}"),
        (f"{A}:GroupMembership", "alice-admins-a", f"{d}:{a['admins']}:{a['alice']}"),
    ]
    mark = emulator.mark()
    code: dict[str, Any] = {}
    for n, (token, name, resource_id) in enumerate(singles):
        out = tmp_path / f"single-{n}.yaml"
        project("import", token, name, resource_id, "--yes", "--protect=false", "--out", str(out))
        code.update(generated(out))
    many = {"resources": [
        {"type": f"{T}:User", "name": "bob-t", "id": f"{z}#{t['bob']}"},
        {"type": f"{A}:User", "name": "bob-a", "id": f"{d}:{a['bob']}"},
        {"type": f"{T}:GroupMembership", "name": "bob-admins-t", "id": f"{z}#{t['admins']}#{t['bob']}"},
        {"type": f"{A}:GroupMembership", "name": "bob-admins-a", "id": f"{d}:{a['admins']}:{a['bob']}"},
    ]}
    (tmp_path / "many.json").write_text(json.dumps(many), encoding="utf-8")
    project("import", "--file", str(tmp_path / "many.json"), "--yes", "--protect=false",
            "--out", str(tmp_path / "many.yaml"))
    code.update(generated(tmp_path / "many.yaml"))
    calls = emulator.calls_since(mark)
    assert writes(calls) == [], import_calls(calls)
    print("import calls (6 single imports and a --file of 4):", import_calls(calls))

    # What the read gave as inputs is what a program declares: no outputs, no defaults, the cloud's values.
    assert code["alice-t"]["properties"] == {"zoneId": z, "userName": "alice", "displayName": "Alice",
                                              "email": "alice@example.com", "userStatus": "Disabled"}
    assert code["alice-a"]["properties"] == {"directoryId": d, "userName": "alice", "displayName": "Alice",
                                              "email": "alice@example.com", "tags": {"team": "platform"}}
    assert code["admins-a"]["properties"] == {"directoryId": d, "groupName": "admins",
                                               "description": "Directory administrators"}
    assert code["bob-admins-t"]["properties"] == {"zoneId": z, "groupId": t["admins"], "userId": t["bob"]}

    # A membership that does not exist is not imported: the read says so, the engine refuses.
    ghost = f"{d}:{a['admins']}:u-{'0' * 20}"
    refused = project.run("import", f"{A}:GroupMembership", "ghost", ghost, "--yes", check=False)
    assert refused.returncode != 0 and f"resource '{ghost}' does not exist" in refused.stdout, refused.stdout

    adopt(project, code, emulator)
    assert_destroyed(project, emulator, 10, {"RemoveUserFromGroup": 2, "DeleteUser": 2, "DeleteGroup": 1},
                     (tencent, alicloud))


def test_an_exported_directory_comes_under_management_with_one_import_file(
        project: CliProject, emulator: Emulator, tencent: TencentSdk, alicloud: AlicloudSdk, tmp_path: Path) -> None:
    out_of_band(tencent, alicloud, ("alice", "bob", "carol"))
    env = {**project.env,
           "TENCENTCLOUD_SECRET_ID": TENCENT_SECRET_ID, "TENCENTCLOUD_SECRET_KEY": TENCENT_SECRET_KEY,
           "ALIBABA_CLOUD_ACCESS_KEY_ID": ALICLOUD_ACCESS_KEY_ID,
           "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ALICLOUD_ACCESS_KEY_SECRET,
           "DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT": emulator.url, "DIRECTORY_USERS_ALICLOUD_ENDPOINT": emulator.url}
    exported = tmp_path / "directory.json"
    subprocess.run(["directory-users-export", "--zone", TENCENT_ZONE_ID, "--directory", ALICLOUD_DIRECTORY_ID,
                    "--out", str(exported)], env=env, check=True, capture_output=True, timeout=60)
    assert len(json.loads(exported.read_text(encoding="utf-8"))["resources"]) == 14

    mark = emulator.mark()
    project("import", "--file", str(exported), "--yes", "--protect=false", "--out", str(tmp_path / "code.yaml"))
    calls = emulator.calls_since(mark)
    assert writes(calls) == [], import_calls(calls)
    print("import calls (--file of 14 from directory-users-export):", import_calls(calls))
    code = generated(tmp_path / "code.yaml")
    assert sorted(code) == sorted(
        f"{p}-{kind}" for p in ("tencent", "alibaba") for kind in (
            "user-alice", "user-bob", "user-carol", "group-admins",
            "member-admins-alice", "member-admins-bob", "member-admins-carol"))

    adopt(project, code, emulator)
    assert_destroyed(project, emulator, 14, {"RemoveUserFromGroup": 3, "DeleteUser": 3, "DeleteGroup": 1},
                     (tencent, alicloud))
