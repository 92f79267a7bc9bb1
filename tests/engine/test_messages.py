"""What a new user reads at preview: no credentials needed, short and secret-free messages, honest diffs."""

from __future__ import annotations

import re

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_directory_users import alicloud as ali_resources
from pulumi_directory_users import tencentcloud as tc_resources
from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import AlicloudSdk, Emulator, EngineWorkspace, TencentSdk, ops, provider_config

pytestmark = pytest.mark.engine

TC_TYPE = "pulumi-python:dynamic/tencentcloud:User"
ALI_TYPE = "pulumi-python:dynamic/alicloud:User"


def _one_person() -> None:
    """One person in both clouds, the user name from config."""
    name = pulumi.Config().require("userName")
    tc_resources.User("tc", zone_id=TENCENT_ZONE_ID, user_name=name)
    ali_resources.User("ali", directory_id=ALICLOUD_DIRECTORY_ID, user_name=name, tags={"team": "sre"})


def test_preview_validates_inputs_with_no_credentials_anywhere(
    workspace: EngineWorkspace, emulator: Emulator
) -> None:
    stack = workspace.stack(_one_person, "directory-users-no-keys", {"userName": "dora"})
    # Neither stack config nor environment holds a key or an endpoint (the workspace fixture
    # clears the environment); the engine hands the provider nothing to sign with.
    stack.stack.remove_all_config(list(provider_config(emulator)))
    assert set(stack.stack.get_all_config()) == {"directory-users-no-keys:userName"}

    preview = stack.preview()

    assert ops(preview.change_summary) == {"create": 3}
    stack.set_config({"userName": "dora smith"})
    with pytest.raises(auto.CommandError) as failed:
        stack.preview()
    output = str(failed.value)
    # The engine stops at the first resource that fails its check, whichever cloud's it is.
    assert re.search(r"User resource '(tc|ali)' has a problem: user_name 'dora smith' contains ' '", output), output
    assert "credentials" not in output.lower(), output
    assert emulator.calls() == []


def _case() -> None:
    """One user with the mistake the config names."""
    case = pulumi.Config().require("case")
    if case == "long":
        tc_resources.User("tc", zone_id=TENCENT_ZONE_ID, user_name="erin", description="d" * 1025)
    elif case == "secret":
        ali_resources.User("ali", directory_id=ALICLOUD_DIRECTORY_ID, user_name="erin",
                           email=pulumi.Output.secret("erin-at-example.com-secret"))
    else:
        source = tc_resources.User("source", zone_id=TENCENT_ZONE_ID, user_name="source")
        tc_resources.User("tc", zone_id=TENCENT_ZONE_ID, user_name="erin",
                          display_name=f"Erin, see {source.user_id}")


def _failed_preview(stack, case: str) -> str:  # type: ignore[no-untyped-def]
    stack.set_config({"case": case})
    with pytest.raises(auto.CommandError) as failed:
        stack.preview()
    return str(failed.value)


def test_preview_messages_quote_no_long_value_no_secret_and_catch_an_output_in_an_f_string(
    workspace: EngineWorkspace, emulator: Emulator
) -> None:
    stack = workspace.stack(_case, "directory-users-messages")

    long = _failed_preview(stack, "long")
    assert (f"{TC_TYPE} resource 'tc' has a problem: "
            "description is 1025 characters long; the limit is 1024 characters") in long, long
    assert "d" * 61 not in long, long

    secret = _failed_preview(stack, "secret")
    assert f"{ALI_TYPE} resource 'ali' has a problem: email " in secret, secret
    assert "erin-at-example.com-secret" not in secret, secret

    formatted = _failed_preview(stack, "f-string")
    assert (f"{TC_TYPE} resource 'tc' has a problem: display_name holds Pulumi's warning text "
            '"Calling __str__ on an Output[T] is not supported" instead of a value') in formatted, formatted
    assert "pulumi.Output.concat(" in formatted and ".apply(lambda v:" in formatted, formatted
    assert emulator.calls() == []


def test_a_rename_previews_as_the_one_input_that_changes_then_replaces(
    workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    stack = workspace.stack(_one_person, "directory-users-rename", {"userName": "alice"})
    stack.up()
    old_ids = (tencent.user("alice")["UserId"], alicloud.user("alice")["UserId"])  # type: ignore[index]
    stack.set_config({"userName": "alice2"})

    preview = stack.preview(diff=True)

    assert ops(preview.change_summary) == {"replace": 2, "same": 1}
    shown = [line.strip() for line in preview.stdout.splitlines() if line.strip().startswith(("~", "-", "+"))]
    # Each resource's header and its one changed input, in whichever order the engine printed them.
    pairs = sorted(zip(shown[:-1:2], shown[1:-1:2]))
    assert len(shown) == 5 and pairs == [
        ("+-pulumi-python:dynamic/alicloud:User: (replace)", '~ user_name: "alice" => "alice2"'),
        ("+-pulumi-python:dynamic/tencentcloud:User: (replace)", '~ user_name: "alice" => "alice2"'),
    ], preview.stdout
    stack.up()
    assert tencent.user("alice") is None and alicloud.user("alice") is None
    new_ids = (tencent.user("alice2")["UserId"], alicloud.user("alice2")["UserId"])  # type: ignore[index]
    assert set(new_ids).isdisjoint(old_ids)
    assert ops(stack.preview().change_summary) == {"same": 3}
