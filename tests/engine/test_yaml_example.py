"""examples/yaml through the real CLI and the YAML language host: the native provider's whole lifecycle.

The commands run in a copy of the example's directory exactly as its README paragraph types them
(``pulumi stack init``, ``config set``, ``up``, ``preview``, ``refresh``, ``destroy``); the clouds
are looked at, and changed behind the engine's back, with their official SDKs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import EXAMPLES, AlicloudSdk, CliProject, Emulator, TencentSdk, writes

pytestmark = pytest.mark.engine


@pytest.fixture
def example(pulumi_cli: str, emulator: Emulator, tmp_path: Path) -> CliProject:
    if shutil.which("pulumi-language-yaml") is None:
        pytest.fail("the YAML language host `pulumi-language-yaml` is not on PATH: run the engine tests with "
                    "`bash scripts/test.sh`", pytrace=False)
    directory = tmp_path / "yaml"
    shutil.copytree(EXAMPLES / "yaml", directory)
    project = CliProject(directory, tmp_path / "pulumi")
    project.init_stack("dev", emulator, {"zoneId": TENCENT_ZONE_ID, "directoryId": ALICLOUD_DIRECTORY_ID})
    return project


def actions(calls: list, cloud: str) -> list[str]:
    return [c.action for c in calls if c.cloud == cloud]


def test_the_yaml_example_creates_updates_replaces_converges_after_drift_and_destroys(
        example: CliProject, emulator: Emulator, tencent: TencentSdk, alicloud: AlicloudSdk) -> None:
    up = example("up", "--yes", "--skip-preview")
    assert "+ 7 created" in up, up
    outputs = example.outputs()
    carol_t, carol_a = tencent.user("carol"), alicloud.user("carol")
    assert carol_t is not None and carol_a is not None
    assert (outputs["tencentUserId"], outputs["tencentCreateTime"]) == (carol_t["UserId"], carol_t["CreateTime"])
    assert (outputs["alibabaUserId"], outputs["alibabaCreateTime"]) == (carol_a["UserId"], carol_a["CreateTime"])
    assert tencent.members(outputs["tencentGroupId"]) == [carol_t["UserId"]]
    assert alicloud.members(outputs["alibabaGroupId"]) == [carol_a["UserId"]]
    assert alicloud.get(carol_a["UserId"])["Description"] == f"Tencent Identity Center user {carol_t['UserId']}"

    # --expect-no-changes makes the CLI itself fail on any change.
    mark = emulator.mark()
    assert "7 unchanged" in example("preview", "--expect-no-changes")
    assert writes(emulator.calls_since(mark)) == []

    # A display name: an update in place of both users, and nothing else.
    example("config", "set", "displayName", "Carol Changed")
    mark = emulator.mark()
    assert "~ 2 updated" in example("up", "--yes", "--skip-preview")
    assert sorted((c.cloud, c.action) for c in writes(emulator.calls_since(mark))) == [
        ("alicloud", "UpdateUser"), ("tencent", "UpdateUser")]
    assert tencent.get(carol_t["UserId"])["DisplayName"] == "Carol Changed"
    assert alicloud.get(carol_a["UserId"])["DisplayName"] == "Carol Changed"

    # A user name: a replacement, the old user deleted (after its membership) before the new one is made.
    example("config", "set", "userName", "caroline")
    mark = emulator.mark()
    renamed = example("up", "--yes", "--skip-preview")
    assert "+-4 replaced" in renamed, renamed
    calls = emulator.calls_since(mark)
    for cloud in ("tencent", "alicloud"):
        made = actions(writes(calls), cloud)
        assert made == ["RemoveUserFromGroup", "DeleteUser", "CreateUser", "AddUserToGroup"], (cloud, made)
    assert tencent.user("carol") is None and alicloud.user("carol") is None
    caroline_t, caroline_a = tencent.user("caroline"), alicloud.user("caroline")
    assert caroline_t is not None and caroline_a is not None
    assert example.outputs()["tencentUserId"] == caroline_t["UserId"]

    # Behind the engine's back: Tencent's display name changed, Alibaba's user (and so its membership) deleted.
    tencent.update(caroline_t["UserId"], NewDisplayName="Changed In The Console")
    alicloud.remove_member(example.outputs()["alibabaGroupId"], caroline_a["UserId"])
    alicloud.delete(caroline_a["UserId"])
    refreshed = example("refresh", "--yes", "--skip-preview")
    assert "~ 1 updated" in refreshed and "- 2 deleted" in refreshed, refreshed
    mark = emulator.mark()
    converged = example("up", "--yes", "--skip-preview")
    assert "+ 2 created" in converged and "~ 1 updated" in converged, converged
    assert sorted((c.cloud, c.action) for c in writes(emulator.calls_since(mark))) == [
        ("alicloud", "AddUserToGroup"), ("alicloud", "CreateUser"), ("tencent", "UpdateUser")]
    assert tencent.get(caroline_t["UserId"])["DisplayName"] == "Carol Changed"
    again = alicloud.user("caroline")
    assert again is not None and again["UserId"] != caroline_a["UserId"]
    assert alicloud.members(example.outputs()["alibabaGroupId"]) == [again["UserId"]]
    example("preview", "--expect-no-changes")

    assert "- 7 deleted" in example("destroy", "--yes", "--skip-preview")
    for sdk in (tencent, alicloud):
        assert sdk.users() == [] and sdk.groups() == []
    example("stack", "rm", "dev", "--yes")
