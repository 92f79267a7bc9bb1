"""The dynamic resources' guarantees, held by the native ones where the test needs a native program.

The guarantees a shared program can show run through both forms in their own files (the ``form``
fixture): the Alibaba password (test_secrets), a lost create answer and a vanished zone or
directory (test_rotation_and_recovery), ``get`` (test_existing_users), swaps and chains
(test_many_users_at_once), preview matching up (test_preview_matches_up).
"""

from __future__ import annotations

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_directory_users import native
from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import NATIVE, AlicloudSdk, Emulator, EngineWorkspace, TencentSdk
from .test_secrets import assert_initial_password_stays_secret

pytestmark = pytest.mark.engine


def _bad_name(cloud: str) -> None:
    if cloud == "tencentcloud":
        native.tencentcloud.User("alice", zone_id=TENCENT_ZONE_ID, user_name="bad name!")
    else:
        native.alicloud.User("bob", directory_id=ALICLOUD_DIRECTORY_ID, user_name="bad name!")


@pytest.mark.parametrize("cloud, resource, product", [
    ("tencentcloud", "alice", "Tencent Cloud Identity Center"),
    ("alicloud", "bob", "Alibaba Cloud CloudSSO"),
])
def test_a_bad_user_name_fails_the_preview_with_no_credentials_and_no_call_to_the_clouds(
    cloud: str, resource: str, product: str,
    workspace: EngineWorkspace, emulator: Emulator, tencent: TencentSdk, alicloud: AlicloudSdk,
) -> None:
    stack = workspace.stack(lambda: _bad_name(cloud), "directory-users-native-validation", form=NATIVE)
    # No credentials anywhere: the default provider has only the endpoints (ambient ones are removed).
    stack.stack.remove_all_config([key for key in stack.stack.get_all_config()
                                   if key.endswith(("SecretId", "SecretKey", "AccessKey"))])
    assert [k for k in stack.stack.get_all_config() if "Secret" in k or "AccessKey" in k] == []

    with pytest.raises(auto.CommandError) as failed:
        stack.preview()

    assert emulator.calls() == []
    output = str(failed.value)
    assert f"User ({resource}):" in output, output
    assert (f"User resource '{resource}' has a problem: "
            f"user_name 'bad name!' contains ' ', '!', which {product} does not allow") in output, output
    assert tencent.users() == [] and alicloud.users() == []


def _alice() -> None:
    alice = native.tencentcloud.User("alice", zone_id=TENCENT_ZONE_ID, user_name="alice")
    pulumi.export("initial_password", alice.password)


def test_the_tencent_initial_password_is_a_secret_output_kept_encrypted_also_after_refresh(
    workspace: EngineWorkspace, tencent: TencentSdk
) -> None:
    stack = workspace.stack(_alice, "directory-users-native-password", form=NATIVE)
    assert_initial_password_stays_secret(stack, tencent)
