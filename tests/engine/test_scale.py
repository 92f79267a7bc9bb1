"""A stack of more than a thousand users previews through the real engine.

Without our guard, the Pulumi SDK's pickler leak fails such a program after about 960
registrations (RecursionError while serializing the dynamic provider).
"""

from __future__ import annotations

import pytest

from pulumi_directory_users import tencentcloud
from pulumi_directory_users.testing import TENCENT_ZONE_ID

from .harness import Emulator, EngineWorkspace, ops

pytestmark = pytest.mark.engine

USERS = 1100


def _eleven_hundred_users() -> None:
    for i in range(USERS):
        tencentcloud.User(f"user-{i:04d}", zone_id=TENCENT_ZONE_ID, user_name=f"user-{i:04d}")


def test_a_program_of_eleven_hundred_users_previews_every_create_without_calling_the_cloud(
    workspace: EngineWorkspace, emulator: Emulator
) -> None:
    stack = workspace.stack(_eleven_hundred_users, "directory-users-scale")
    mark = emulator.mark()

    preview = stack.preview()

    assert ops(preview.change_summary) == {"create": USERS + 1}  # the users and the stack itself
    assert emulator.calls_since(mark) == []
