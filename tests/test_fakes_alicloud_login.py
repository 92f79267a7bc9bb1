"""CloudSSO users' password and MFA setting in the fake, driven through the real CloudSSO SDK."""

from __future__ import annotations

import json
import string
from collections.abc import Iterator

import pytest
from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, FakeClouds, mock_clouds

from .fake_group_clients import AlicloudSdk

DIRECTORY = ALICLOUD_DIRECTORY_ID
GOOD_PASSWORD = "Correct-Horse-7"
POLICY = (
    "The password must be 8-32 characters with at least one uppercase letter, one lowercase letter, "
    "one digit and one special character."
)


@pytest.fixture
def clouds() -> Iterator[FakeClouds]:
    with mock_clouds() as fake:
        yield fake


@pytest.fixture
def sso(clouds: FakeClouds) -> AlicloudSdk:
    return AlicloudSdk()


def test_a_chosen_password_is_set_answered_with_nothing_and_kept_only_as_a_hash(
    sso: AlicloudSdk, clouds: FakeClouds
) -> None:
    alice = sso.create_user("alice")
    assert clouds.alicloud.login_settings(DIRECTORY, alice)["password_set"] is False
    answer = sso.call("ResetUserPassword", UserId=alice, Password=GOOD_PASSWORD)
    assert answer == {}  # NewPassword only for a generated password
    assert clouds.alicloud.password_matches(DIRECTORY, alice, GOOD_PASSWORD)
    assert not clouds.alicloud.password_matches(DIRECTORY, alice, GOOD_PASSWORD.lower())
    settings = clouds.alicloud.login_settings(DIRECTORY, alice)
    assert settings == {"mfa": "Enabled", "password_set": True, "password_reset_required": False}
    # Neither the call record nor the state (what the state file holds) has the password.
    (recorded,) = clouds.calls_for("alicloud", "ResetUserPassword")
    assert recorded.params["Password"] == "<redacted>"
    assert GOOD_PASSWORD not in repr(recorded) and GOOD_PASSWORD not in json.dumps(clouds.to_dict())


def test_a_generated_password_is_answered_once_and_meets_the_policy(sso: AlicloudSdk, clouds: FakeClouds) -> None:
    alice = sso.create_user("alice")
    answer = sso.call(
        "ResetUserPassword", UserId=alice, GenerateRandomPassword=True, RequirePasswordResetForNextLogin=True
    )
    generated = answer["NewPassword"]
    assert 8 <= len(generated) <= 32
    for pool in (string.ascii_uppercase, string.ascii_lowercase, string.digits):
        assert any(c in pool for c in generated)
    assert any(not c.isalnum() for c in generated)
    assert clouds.alicloud.password_matches(DIRECTORY, alice, generated)
    assert clouds.alicloud.login_settings(DIRECTORY, alice)["password_reset_required"] is True
    (recorded,) = clouds.calls_for("alicloud", "ResetUserPassword")
    assert recorded.params["GenerateRandomPassword"] == "True"  # what the SDK sends for a bool


@pytest.mark.parametrize(
    "password",
    [
        "Sh0rt!a",  # 7 characters
        "Aa1!" + "x" * 29,  # 33 characters
        "nouppercase1!",
        "NOLOWERCASE1!",
        "NoDigitsHere!",
        "NoSpecial123",
    ],
)
def test_a_password_against_the_policy_is_refused_without_echoing_it(
    sso: AlicloudSdk, clouds: FakeClouds, password: str
) -> None:
    alice = sso.create_user("alice")
    sso.call("ResetUserPassword", UserId=alice, Password=GOOD_PASSWORD)
    with pytest.raises(Exception) as caught:
        sso.call("ResetUserPassword", UserId=alice, Password=password)
    assert caught.value.code == "InvalidParameter.Password"  # type: ignore[attr-defined]
    assert POLICY in caught.value.message  # type: ignore[attr-defined]
    assert password not in str(caught.value)
    assert clouds.alicloud.password_matches(DIRECTORY, alice, GOOD_PASSWORD)  # the old one still holds


def test_the_longest_and_shortest_passwords_the_policy_allows_are_accepted(sso: AlicloudSdk) -> None:
    alice = sso.create_user("alice")
    sso.call("ResetUserPassword", UserId=alice, Password="Aa1!aaaa")
    sso.call("ResetUserPassword", UserId=alice, Password="Aa1!" + "a" * 28)


def test_reset_needs_exactly_one_of_password_and_generate(sso: AlicloudSdk, clouds: FakeClouds) -> None:
    alice = sso.create_user("alice")
    assert sso.error("ResetUserPassword", UserId=alice) == "MissingPassword"
    assert sso.error("ResetUserPassword", UserId=alice, GenerateRandomPassword=False) == "MissingPassword"
    both = sso.error("ResetUserPassword", UserId=alice, Password=GOOD_PASSWORD, GenerateRandomPassword=True)
    assert both == "InvalidParameter.Password"
    assert sso.error("ResetUserPassword", UserId="u-nosuchuser", Password=GOOD_PASSWORD) == "EntityNotExists.User"
    assert clouds.alicloud.login_settings(DIRECTORY, alice)["password_set"] is False


def test_mfa_setting_defaults_to_enabled_and_is_updated(sso: AlicloudSdk, clouds: FakeClouds) -> None:
    alice = sso.create_user("alice")
    assert sso.call("GetUserMFAAuthenticationSettings", UserId=alice) == {"UserMFAAuthenticationSettings": "Enabled"}
    assert sso.call("UpdateUserMFAAuthenticationSettings", UserId=alice, UserMFAAuthenticationSettings="Disabled") == {}
    assert sso.call("GetUserMFAAuthenticationSettings", UserId=alice) == {"UserMFAAuthenticationSettings": "Disabled"}
    clouds.alicloud.set_mfa_out_of_band(DIRECTORY, alice, "Enabled")  # a console change refresh must see
    assert sso.call("GetUserMFAAuthenticationSettings", UserId=alice) == {"UserMFAAuthenticationSettings": "Enabled"}


def test_mfa_setting_rules(sso: AlicloudSdk) -> None:
    alice = sso.create_user("alice")
    bad = sso.error("UpdateUserMFAAuthenticationSettings", UserId=alice, UserMFAAuthenticationSettings="On")
    assert bad == "InvalidParameter.UserMFAAuthenticationSettings"
    assert sso.error("UpdateUserMFAAuthenticationSettings", UserId=alice) == "MissingUserMFAAuthenticationSettings"
    assert sso.error("GetUserMFAAuthenticationSettings", UserId="u-nosuchuser") == "EntityNotExists.User"
    assert sso.call("GetUserMFAAuthenticationSettings", UserId=alice) == {"UserMFAAuthenticationSettings": "Enabled"}


def test_faults_cover_the_sign_in_actions(sso: AlicloudSdk, clouds: FakeClouds) -> None:
    alice = sso.create_user("alice")
    clouds.faults.drop_after_commit("alicloud", "UpdateUserMFAAuthenticationSettings")
    with pytest.raises(Exception):
        sso.call("UpdateUserMFAAuthenticationSettings", UserId=alice, UserMFAAuthenticationSettings="Disabled")
    assert clouds.alicloud.login_settings(DIRECTORY, alice)["mfa"] == "Disabled"  # applied, answer lost
    clouds.faults.fail_next("alicloud", "ResetUserPassword", "ServiceUnavailable", status=503)
    assert sso.error("ResetUserPassword", UserId=alice, Password=GOOD_PASSWORD) == "ServiceUnavailable"
    assert clouds.alicloud.login_settings(DIRECTORY, alice)["password_set"] is False
    recorded = [(c.action, c.error, c.dropped) for c in clouds.calls_for("alicloud") if c.action != "CreateUser"]
    assert recorded == [
        ("UpdateUserMFAAuthenticationSettings", None, True),
        ("ResetUserPassword", "ServiceUnavailable", False),
    ]


def test_reset_user_password_refuses_unknown_parameters(sso: AlicloudSdk, clouds: FakeClouds) -> None:
    alice = sso.create_user("alice")
    from alibabacloud_tea_openapi.utils_models import OpenApiRequest, Params
    from darabonba.runtime import RuntimeOptions
    from pulumi_directory_users.testing import alicloud_client

    params = Params(action="ResetUserPassword", version="2021-05-15", protocol="HTTPS", pathname="/", method="POST",
                    auth_type="AK", style="RPC", req_body_type="formData", body_type="json")
    query = {"DirectoryId": DIRECTORY, "UserId": alice, "Password": GOOD_PASSWORD, "Pasword": GOOD_PASSWORD}
    with pytest.raises(Exception) as caught:
        alicloud_client().call_api(params, OpenApiRequest(query=query), RuntimeOptions())
    assert caught.value.code == "InvalidParameter"  # type: ignore[attr-defined]
    assert GOOD_PASSWORD not in str(caught.value)
    (recorded,) = clouds.calls_for("alicloud", "ResetUserPassword")
    assert recorded.params["Password"] == "<redacted>"
