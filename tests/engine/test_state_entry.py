"""What the state keeps of each resource beyond its inputs and outputs: where it was declared, the provider.

The engine rewrites the whole state file after every step, so every byte of an entry is paid
once per step of the stack; these tests pin what our resources add to it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi
import pytest

from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import EXAMPLES, EngineWorkspace

pytestmark = pytest.mark.engine

SECRET_SIG = "4dabf18193072939515e22adb298388d"


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _ours(deployment: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["urn"].rsplit("::", 1)[-1]: r for r in deployment["resources"]
            if r["type"].startswith("pulumi-python:dynamic/")}


def program() -> None:
    from pulumi_directory_users import alicloud, tencentcloud

    user = tencentcloud.User("tc-user", zone_id=TENCENT_ZONE_ID, user_name="alice")
    group = tencentcloud.Group("tc-group", zone_id=TENCENT_ZONE_ID, group_name="admins")
    tencentcloud.GroupMembership("tc-member", zone_id=TENCENT_ZONE_ID, group_id=group.group_id, user_id=user.user_id)
    alicloud.User("ali-user", directory_id=ALICLOUD_DIRECTORY_ID, user_name="bob",
                  password=pulumi.Output.secret("Bob-Passw0rd!"))


def test_each_entry_says_the_programs_line_keeps_only_program_frames_and_the_provider_in_the_clear(
        workspace: EngineWorkspace) -> None:
    stack = workspace.stack(program, "state-entry")
    stack.up()

    here = Path(__file__)
    entries = _ours(stack.stack.export_stack().deployment)
    assert sorted(entries) == ["ali-user", "tc-group", "tc-member", "tc-user"]
    for name, entry in entries.items():
        declared = f"{here.parent.name}/{here.name}#{_line_of(here, '(' + json.dumps(name))}"
        assert entry["sourcePosition"].endswith(declared), (name, entry["sourcePosition"])
        # One frame: the program function, which the runtime called (its frames are left out).
        assert entry["stackTrace"] == [{"sourcePosition": entry["sourcePosition"]}], name
        # The provider is a class reference with no state: stored as is, not as an encrypted secret.
        assert isinstance(entry["inputs"]["__provider"], str) and entry["inputs"]["__provider"] == entry["outputs"]["__provider"]
        # Nothing the program made secret beyond the always-secret password: no hidden input at all.
        assert "__secret_inputs" not in json.dumps(entry), name
    # The password stays a secret (export shows secrets decrypted, still marked).
    assert SECRET_SIG in entries["ali-user"]["inputs"]["password"]


def test_a_file_programs_entry_is_at_its_line_with_the_runpy_and_runtime_frames_left_out(
        workspace: EngineWorkspace) -> None:
    stack = workspace.example("alicloud")
    stack.up()

    main = EXAMPLES / "alicloud" / "__main__.py"
    entry = _ours(stack.stack.export_stack().deployment)["bob"]
    assert entry["sourcePosition"].endswith(f"examples/alicloud/__main__.py#{_line_of(main, 'alicloud.User(')}")
    assert entry["stackTrace"] == [{"sourcePosition": entry["sourcePosition"]}]
