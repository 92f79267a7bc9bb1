"""Rotated credentials and endpoints, a lost CreateUser answer, a zone or directory that vanished:
the engine test of each path the README documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_directory_users.testing import (
    ALICLOUD_ACCESS_KEY_ID,
    ALICLOUD_ACCESS_KEY_SECRET,
    ALICLOUD_DIRECTORY_ID,
    TENCENT_SECRET_ID,
    TENCENT_SECRET_KEY,
    TENCENT_ZONE_ID,
    EmulatorServer,
    FakeClouds,
    stack_config,
)

from .harness import DYNAMIC, Emulator, EngineStack, EngineWorkspace, Form, ops

pytestmark = pytest.mark.engine

NEW_TENCENT = ("AKIDrotatedkey00000000000000000001", "rotated-tencent-secret-000000001")
NEW_ALICLOUD = ("LTAIrotatedkey0000000001", "rotated-alicloud-secret-000000001")
CREDENTIAL_KEYS = ("tencentcloud:secretId", "tencentcloud:secretKey", "alicloud:accessKey", "alicloud:secretKey")


def _carol_in(form: Form) -> Callable[[], None]:
    """Carol in both clouds, in either form of the resources."""

    def program() -> None:
        tc = form.tencentcloud.User("carol-tc", zone_id=TENCENT_ZONE_ID, user_name="carol", display_name="Carol")
        ali = form.alicloud.User("carol-ali", directory_id=ALICLOUD_DIRECTORY_ID, user_name="carol",
                                 display_name="Carol")
        pulumi.export("tc_user_id", tc.user_id)
        pulumi.export("ali_user_id", ali.user_id)
        pulumi.export("tc_password_lost", tc.initial_password_lost)

    return program


def _rotated_emulator(directory: Path, state_file: Path) -> Emulator:
    """The same clouds (state file) behind a new port, accepting only the new keys."""
    return Emulator(directory, ["--state-file", str(state_file),
                                "--tencent-key", ":".join(NEW_TENCENT), "--alicloud-key", ":".join(NEW_ALICLOUD)]).start()


@pytest.fixture
def stateful_emulator(tmp_path: Path) -> Iterator[tuple[Emulator, Path]]:
    state_file = tmp_path / "clouds.json"
    server = Emulator(tmp_path / "first", ["--state-file", str(state_file)]).start()
    try:
        yield server, state_file
    finally:
        server.stop()


def _rotated_config(url: str) -> dict[str, auto.ConfigValue]:
    return {
        "tencentcloud:secretId": auto.ConfigValue(NEW_TENCENT[0], secret=True),
        "tencentcloud:secretKey": auto.ConfigValue(NEW_TENCENT[1], secret=True),
        "alicloud:accessKey": auto.ConfigValue(NEW_ALICLOUD[0], secret=True),
        "alicloud:secretKey": auto.ConfigValue(NEW_ALICLOUD[1], secret=True),
        "directory-users:tencentcloudEndpoint": auto.ConfigValue(url),
        "directory-users:alicloudEndpoint": auto.ConfigValue(url),
    }


def test_keys_and_endpoint_rotated_in_stack_config_need_run_program_for_refresh_and_destroy(
    workspace: EngineWorkspace, stateful_emulator: tuple[Emulator, Path], tmp_path: Path
) -> None:
    first, state_file = stateful_emulator
    stack = workspace.stack(_carol_in(DYNAMIC), "directory-users-rotate-config")
    stack.set_config({**stack_config(first.url), "directory-users:retryDeadline": "2"})
    stack.up()
    first.stop()
    rotated = _rotated_emulator(tmp_path / "rotated", state_file)
    try:
        stack.set_config(_rotated_config(rotated.url))

        # Without the program, the engine configures the provider with the config saved at the last up.
        with pytest.raises(auto.CommandError) as stale:
            stack.refresh()
        assert "--run-program" in str(stale.value) and "pulumi up" in str(stale.value)

        refresh = stack.refresh(run_program=True)
        assert ops(refresh.summary.resource_changes) == {"same": 3}
        # The reads reached the rotated endpoint, signed with the new keys.
        assert {c.cloud for c in rotated.calls() if c.error == "OK"} == {"tencent", "alicloud"}

        stack.destroy(run_program=True)
        deletes = [(c.cloud, c.error) for c in rotated.calls() if c.action == "DeleteUser"]
        assert sorted(deletes) == [("alicloud", "OK"), ("tencent", "OK")]
    finally:
        rotated.stop()


def test_keys_and_endpoint_rotated_in_the_environment_just_work_for_refresh_and_destroy(
    workspace: EngineWorkspace, stateful_emulator: tuple[Emulator, Path], tmp_path: Path
) -> None:
    first, state_file = stateful_emulator
    env = workspace.env
    env.update({
        "TENCENTCLOUD_SECRET_ID": TENCENT_SECRET_ID,
        "TENCENTCLOUD_SECRET_KEY": TENCENT_SECRET_KEY,
        "ALIBABA_CLOUD_ACCESS_KEY_ID": ALICLOUD_ACCESS_KEY_ID,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ALICLOUD_ACCESS_KEY_SECRET,
        "DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT": first.url,
        "DIRECTORY_USERS_ALICLOUD_ENDPOINT": first.url,
    })
    stack = workspace.stack(_carol_in(DYNAMIC), "directory-users-rotate-env")
    stack.stack.workspace.remove_all_config(stack.stack.name, [*CREDENTIAL_KEYS,
                                            "directory-users:tencentcloudEndpoint", "directory-users:alicloudEndpoint"])
    stack.up()
    first.stop()
    rotated = _rotated_emulator(tmp_path / "rotated", state_file)
    try:
        env_vars = stack.stack.workspace.env_vars
        env_vars.update({
            "TENCENTCLOUD_SECRET_ID": NEW_TENCENT[0], "TENCENTCLOUD_SECRET_KEY": NEW_TENCENT[1],
            "ALIBABA_CLOUD_ACCESS_KEY_ID": NEW_ALICLOUD[0], "ALIBABA_CLOUD_ACCESS_KEY_SECRET": NEW_ALICLOUD[1],
            "DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT": rotated.url, "DIRECTORY_USERS_ALICLOUD_ENDPOINT": rotated.url,
        })

        assert ops(stack.refresh().summary.resource_changes) == {"same": 3}
        stack.destroy()

        deletes = [(c.cloud, c.error) for c in rotated.calls() if c.action == "DeleteUser"]
        assert sorted(deletes) == [("alicloud", "OK"), ("tencent", "OK")]
    finally:
        rotated.stop()



# ----------------------------------------------------------------------------- the fakes in this process


@pytest.fixture
def clouds() -> Iterator[tuple[FakeClouds, EmulatorServer]]:
    """Fake clouds served from a thread of this process, so the test can queue faults and edit them."""
    fake = FakeClouds()
    with EmulatorServer(fake) as server:
        yield fake, server


def _stack_on(workspace: EngineWorkspace, server: EmulatorServer, project: str, form: Form) -> EngineStack:
    stack = workspace.stack(_carol_in(form), project, form=form)
    stack.set_config(form.config(server.url))
    return stack


def test_a_lost_create_answer_recovers_the_user_and_says_the_initial_password_is_lost(
    workspace: EngineWorkspace, form: Form, clouds: tuple[FakeClouds, EmulatorServer]
) -> None:
    fake, server = clouds
    fake.faults.drop_after_commit("tencent", "CreateUser")
    stack = _stack_on(workspace, server, "directory-users-lost-answer", form)

    up = stack.up()

    assert fake.faults.pending() == 0
    assert [c.error for c in fake.calls_for("tencent", "CreateUser")] == [None, "InvalidParameter.UsernameAlreadyExists"]
    (user,) = fake.tencent.users(TENCENT_ZONE_ID)
    assert up.outputs["tc_user_id"].value == user["UserId"]
    assert up.outputs["tc_password_lost"].value is True
    assert "CreateUser's answer was lost" in up.stdout and "need_reset_password" in up.stdout
    assert ops(stack.preview().change_summary) == {"same": 3}


def test_a_vanished_zone_or_directory_fails_refresh_and_destroy_and_keeps_the_state(
    workspace: EngineWorkspace, form: Form, clouds: tuple[FakeClouds, EmulatorServer]
) -> None:
    fake, server = clouds
    stack = _stack_on(workspace, server, "directory-users-vanished-parent", form)
    stack.up()
    fake.tencent.zones.pop(TENCENT_ZONE_ID)
    fake.alicloud.directories.pop(ALICLOUD_DIRECTORY_ID)

    with pytest.raises(auto.CommandError) as refresh:
        stack.refresh()
    with pytest.raises(auto.CommandError) as destroy:
        stack.destroy()

    assert f"zone {TENCENT_ZONE_ID} does not exist" in str(refresh.value)
    assert f"directory {ALICLOUD_DIRECTORY_ID} does not exist" in str(refresh.value)
    assert "does not exist" in str(destroy.value)
    resources = stack.stack.export_stack().deployment.get("resources") or []
    assert sorted(r["urn"].rsplit("::", 1)[-1] for r in resources if r["type"].endswith(":User")) == [
        "carol-ali", "carol-tc"]
