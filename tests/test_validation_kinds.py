"""Validation at preview of the group and membership kinds and of the Alibaba user's password and MFA."""

from __future__ import annotations

import pytest

from pulumi_directory_users.spec import ALICLOUD_GROUP, ALICLOUD_MEMBERSHIP, ALICLOUD_USER, TENCENT_GROUP, TENCENT_MEMBERSHIP
from pulumi_directory_users.validation import check_inputs

ALI_USER = {"directory_id": "d-00fc2p61abcd", "user_name": "bob"}


def reasons(spec, inputs):  # type: ignore[no-untyped-def]
    return [f.reason for f in check_inputs(spec, inputs)]


@pytest.mark.parametrize("password", ["Passw0rd!", "Aa1!Aa1!", "Very-Long-Passw0rd-With-32-Char!"])
def test_a_password_that_meets_cloudssos_policy_passes(password: str) -> None:
    assert reasons(ALICLOUD_USER, {**ALI_USER, "password": password}) == []


@pytest.mark.parametrize("password, problem", [
    ("Sh0rt!", "is 6 characters long"),
    ("A" * 20 + "a1!" + "x" * 10, "is 33 characters long"),
    ("password1!", "has no uppercase letter"),
    ("PASSWORD1!", "has no lowercase letter"),
    ("Password!!", "has no digit"),
    ("Password11", "has no special character"),
    ("abcdefgh", "has no uppercase letter and no digit and no special character"),
])
def test_a_password_that_breaks_the_policy_names_the_rule_and_never_the_password(password: str, problem: str) -> None:
    (reason,) = reasons(ALICLOUD_USER, {**ALI_USER, "password": password})
    assert problem in reason
    assert "8 to 32 characters with at least one uppercase letter, one lowercase letter, one digit, one special character" in reason
    assert password not in reason and "(secret, not shown)" in reason


def test_a_wrong_password_type_is_not_quoted_either() -> None:
    (reason,) = reasons(ALICLOUD_USER, {**ALI_USER, "password": 12345678})
    assert "password must be a string" in reason and "12345678" not in reason


def test_mfa_setting_takes_enabled_or_disabled() -> None:
    assert reasons(ALICLOUD_USER, {**ALI_USER, "mfa_authentication_settings": "Enabled"}) == []
    (reason,) = reasons(ALICLOUD_USER, {**ALI_USER, "mfa_authentication_settings": "on"})
    assert "mfa_authentication_settings 'on' is not an allowed value; use one of Enabled, Disabled" in reason


@pytest.mark.parametrize("spec, parent, bad, allowed", [
    (TENCENT_GROUP, {"zone_id": "z-1os7c9tyugct"}, "ops_team", "letters, digits and -"),
    (ALICLOUD_GROUP, {"directory_id": "d-00fc2p61abcd"}, "ops team", "letters, digits and _ - ."),
])
def test_group_names_follow_each_clouds_charset(spec, parent, bad, allowed) -> None:  # type: ignore[no-untyped-def]
    assert reasons(spec, {**parent, "group_name": "ops-team"}) == []
    (reason,) = reasons(spec, {**parent, "group_name": bad})
    assert f"group_name {bad!r} contains" in reason and f"1 to 128 characters from {allowed}" in reason
    (too_long,) = reasons(spec, {**parent, "group_name": "g" * 129})
    assert "group_name is 129 characters long" in too_long


@pytest.mark.parametrize("spec, parent", [
    (TENCENT_MEMBERSHIP, {"zone_id": "z-1os7c9tyugct"}),
    (ALICLOUD_MEMBERSHIP, {"directory_id": "d-00fc2p61abcd"}),
])
def test_membership_ids_are_checked_at_preview(spec, parent) -> None:  # type: ignore[no-untyped-def]
    length = 12 if spec is TENCENT_MEMBERSHIP else 20  # Tencent: prefix and 12; Alibaba: prefix and 20
    group_id, user_id = "g-" + "a1" * (length // 2), "u-" + "b2" * (length // 2)
    assert reasons(spec, {**parent, "group_id": group_id, "user_id": user_id}) == []
    got = reasons(spec, {**parent, "group_id": user_id, "user_id": "alice"})
    assert any(f"group_id {user_id!r} is not a" in r and "expected 'g-'" in r for r in got)
    assert any("user_id 'alice' is not a" in r and "expected 'u-'" in r for r in got)
    (short,) = reasons(spec, {**parent, "group_id": group_id[:-1], "user_id": user_id})
    assert f"followed by {length} lowercase letters and digits" in short
    assert reasons(spec, parent) == ["group_id is required and was not set", "user_id is required and was not set"]


def test_an_id_error_reads_well_and_its_example_has_the_clouds_shape() -> None:
    (tc,) = reasons(TENCENT_MEMBERSHIP, {"zone_id": "z-1os7c9tyugct", "group_id": "g-1os7c9tyugct", "user_id": "x"})
    assert tc == ("user_id 'x' is not a Tencent Cloud Identity Center user id; expected 'u-' followed by 12 "
                  "lowercase letters and digits, e.g. 'u-1os7c9tyugct'")
    (ali,) = reasons(ALICLOUD_MEMBERSHIP, {"directory_id": "d-00fc2p61abcd", "group_id": "g-" + "0" * 20,
                                           "user_id": "x"})
    assert ali == ("user_id 'x' is not an Alibaba Cloud CloudSSO user id; expected 'u-' followed by 20 "
                   "lowercase letters and digits, e.g. 'u-1os7c9tyugct0q8wbq42'")
