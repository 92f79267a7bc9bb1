"""check(): every rule rejects with a message naming the field, the problem and the rule."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import UNKNOWN

from pulumi_directory_users.spec import ALICLOUD, TENCENT, UserSpec
from pulumi_directory_users.validation import check_inputs

TC_BASE = {"zone_id": "z-1os7c9tyugct", "user_name": "alice"}
ALI_BASE = {"directory_id": "d-00fc2p61abcd", "user_name": "alice"}


def failures(spec: UserSpec, **overrides: Any) -> dict[str, str]:
    base = TC_BASE if spec is TENCENT else ALI_BASE
    inputs = {**base, **overrides}
    return {f.property: f.reason for f in check_inputs(spec, inputs)}


def test_valid_inputs_pass_for_both_clouds() -> None:
    assert failures(TENCENT, email="a@example.com", user_status="Disabled", user_type="Manual",
                    need_reset_password=True, description="x" * 1024) == {}
    assert failures(ALICLOUD, email="a@example.com", status="Enabled", tags={"team": "sre"},
                    display_name="d" * 256) == {}


@pytest.mark.parametrize(
    "spec, field, value, expected",
    [
        (TENCENT, "user_name", "", ["user_name is empty", "1 to 64 characters"]),
        (TENCENT, "user_name", "a" * 65, ["65 characters long", "1 to 64"]),
        (TENCENT, "user_name", "bad name!", ["' '", "'!'", "+ = , . @ - _"]),
        (TENCENT, "user_name", "a+b=c,d", []),
        (ALICLOUD, "user_name", "a+b", ["'+'", "@ _ - ."]),
        (ALICLOUD, "user_name", "a.b@c_d-e", []),
        (TENCENT, "first_name", "f" * 65, ["first_name is 65 characters", "limit is 64"]),
        (ALICLOUD, "last_name", "l" * 65, ["last_name is 65 characters", "limit is 64"]),
        (TENCENT, "display_name", "d" * 257, ["display_name is 257", "limit is 256"]),
        (ALICLOUD, "description", "d" * 1025, ["description is 1025", "limit is 1024"]),
        (TENCENT, "email", "e" * 120 + "@example.com", ["email is 132", "limit is 128"]),
        (ALICLOUD, "email", "not-an-address", ["email 'not-an-address' is not an email address", "name@example.com"]),
        (TENCENT, "user_status", "enabled", ["user_status 'enabled' is not an allowed value", "Enabled, Disabled"]),
        (ALICLOUD, "status", "Active", ["status 'Active'", "Enabled, Disabled"]),
        (TENCENT, "user_type", "Imported", ["user_type 'Imported'", "Manual, Synchronized"]),
        (TENCENT, "zone_id", "zone-1", ["zone_id 'zone-1' is not a Tencent Cloud Identity Center zone id", "'z-'"]),
        (ALICLOUD, "directory_id", "d-ABC", ["directory_id 'd-ABC'", "'d-' followed by lowercase"]),
        (TENCENT, "need_reset_password", "yes", ["need_reset_password must be a boolean", "str 'yes'"]),
        (ALICLOUD, "tags", ["a"], ["tags must be a mapping"]),
        (ALICLOUD, "tags", {f"k{i}": "v" for i in range(21)}, ["21 entries", "at most 20"]),
        (ALICLOUD, "tags", {"aliyun-x": "v"}, ["'aliyun-x' starts with a reserved prefix", "'acs:'"]),
        (ALICLOUD, "tags", {"see https://x": "v"}, ["contains a URL scheme"]),
        (ALICLOUD, "tags", {"k" * 129: "v"}, ["129 characters long", "limit is 128"]),
        (ALICLOUD, "tags", {"k": "v" * 129}, ["tags['k'] is 129 characters", "limit is 128"]),
        (ALICLOUD, "tags", {"k": 3}, ["tags['k'] must be a string"]),
    ],
)
def test_each_rule_names_field_problem_and_rule(spec: UserSpec, field: str, value: Any, expected: list[str]) -> None:
    found = failures(spec, **{field: value})
    if not expected:
        assert found == {}
        return
    assert list(found) == [field]
    for part in expected:
        assert part in found[field]


def test_required_fields_and_unknown_inputs_are_reported() -> None:
    found = {f.property: f.reason for f in check_inputs(TENCENT, {"user_nam": "typo"})}
    assert found["zone_id"] == "zone_id is required and was not set"
    assert found["user_name"] == "user_name is required and was not set"
    assert "user_nam is not an input" in found["user_nam"] and "user_name" in found["user_nam"]


def test_tencent_has_no_tags_input() -> None:
    assert "tags is not an input" in failures(TENCENT, tags={"a": "b"})["tags"]


def test_unknown_values_pass_through_untouched() -> None:
    assert failures(TENCENT, zone_id=UNKNOWN, email=UNKNOWN) == {}
    assert failures(ALICLOUD, directory_id=UNKNOWN, tags={"team": UNKNOWN}) == {}
