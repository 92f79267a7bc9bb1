"""check(): every rule rejects with a message naming the field, the problem and the rule."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import UNKNOWN

from pulumi_directory_users.spec import ALICLOUD_USER, TENCENT_USER, ResourceSpec
from pulumi_directory_users.validation import check_inputs

TC_BASE = {"zone_id": "z-1os7c9tyugct", "user_name": "alice"}
ALI_BASE = {"directory_id": "d-00fc2p61abcd", "user_name": "alice"}


def failures(spec: ResourceSpec, **overrides: Any) -> dict[str, str]:
    base = TC_BASE if spec is TENCENT_USER else ALI_BASE
    inputs = {**base, **overrides}
    return {f.property: f.reason for f in check_inputs(spec, inputs)}


def test_valid_inputs_pass_for_both_clouds() -> None:
    assert failures(TENCENT_USER, email="a@example.com", user_status="Disabled", user_type="Manual",
                    need_reset_password=True, description="x" * 1024) == {}
    assert failures(ALICLOUD_USER, email="a@example.com", status="Enabled", tags={"team": "sre"},
                    display_name="d" * 256) == {}


@pytest.mark.parametrize(
    "spec, field, value, expected",
    [
        (TENCENT_USER, "user_name", "", ["user_name is empty", "1 to 64 characters"]),
        (TENCENT_USER, "user_name", "a" * 65, ["65 characters long", "1 to 64"]),
        (TENCENT_USER, "user_name", "bad name!", ["' '", "'!'", "+ = , . @ - _"]),
        (TENCENT_USER, "user_name", "a+b=c,d", []),
        (ALICLOUD_USER, "user_name", "a+b", ["'+'", "@ _ - ."]),
        (ALICLOUD_USER, "user_name", "a.b@c_d-e", []),
        (TENCENT_USER, "first_name", "f" * 65, ["first_name is 65 characters", "limit is 64"]),
        (ALICLOUD_USER, "last_name", "l" * 65, ["last_name is 65 characters", "limit is 64"]),
        (TENCENT_USER, "display_name", "d" * 257, ["display_name is 257", "limit is 256"]),
        (ALICLOUD_USER, "description", "d" * 1025, ["description is 1025", "limit is 1024"]),
        (TENCENT_USER, "email", "e" * 120 + "@example.com", ["email is 132", "limit is 128"]),
        (ALICLOUD_USER, "email", "not-an-address", ["email 'not-an-address' is not an email address", "name@example.com"]),
        (TENCENT_USER, "user_status", "enabled", ["user_status 'enabled' is not an allowed value", "Enabled, Disabled"]),
        (ALICLOUD_USER, "status", "Active", ["status 'Active'", "Enabled, Disabled"]),
        (TENCENT_USER, "user_type", "Imported", ["user_type 'Imported'", "Manual, Synchronized"]),
        (TENCENT_USER, "zone_id", "zone-1", ["zone_id 'zone-1' is not a Tencent Cloud Identity Center zone id", "'z-'"]),
        (ALICLOUD_USER, "directory_id", "d-ABC", ["directory_id 'd-ABC' is not an Alibaba Cloud CloudSSO directory id",
                                                  "'d-' followed by 12 lowercase letters and digits, e.g. 'd-1os7c9tyugct'"]),
        (TENCENT_USER, "need_reset_password", "yes", ["need_reset_password must be a boolean", "str 'yes'"]),
        (ALICLOUD_USER, "tags", ["a"], ["tags must be a mapping"]),
        (ALICLOUD_USER, "tags", {f"k{i}": "v" for i in range(21)}, ["21 entries", "at most 20"]),
        (ALICLOUD_USER, "tags", {"aliyun-x": "v"}, ["'aliyun-x' starts with a reserved prefix", "'acs:'"]),
        (ALICLOUD_USER, "tags", {"see https://x": "v"}, ["contains a URL scheme"]),
        (ALICLOUD_USER, "tags", {"k" * 129: "v"}, ["(129 characters) is too long", "limit is 128"]),
        (ALICLOUD_USER, "tags", {"k": "v" * 129}, ["tags['k'] is 129 characters", "limit is 128"]),
        (ALICLOUD_USER, "tags", {"k": 3}, ["tags['k'] must be a string"]),
    ],
)
def test_each_rule_names_field_problem_and_rule(spec: ResourceSpec, field: str, value: Any, expected: list[str]) -> None:
    found = failures(spec, **{field: value})
    if not expected:
        assert found == {}
        return
    assert list(found) == [field]
    for part in expected:
        assert part in found[field]


def test_required_fields_and_unknown_inputs_are_reported() -> None:
    found = {f.property: f.reason for f in check_inputs(TENCENT_USER, {"user_nam": "typo"})}
    assert found["zone_id"] == "zone_id is required and was not set"
    assert found["user_name"] == "user_name is required and was not set"
    assert "user_nam is not an input" in found["user_nam"] and "user_name" in found["user_nam"]


def test_tencent_has_no_tags_input() -> None:
    assert "tags is not an input" in failures(TENCENT_USER, tags={"a": "b"})["tags"]


def test_unknown_values_pass_through_untouched() -> None:
    assert failures(TENCENT_USER, zone_id=UNKNOWN, email=UNKNOWN) == {}
    assert failures(ALICLOUD_USER, directory_id=UNKNOWN, tags={"team": UNKNOWN}) == {}


# What a program's value becomes when an Output is put into an f-string (pulumi 3.x, Output.__str__).
FORMATTED_OUTPUT = (
    "Calling __str__ on an Output[T] is not supported.\n\nTo get the value of an Output[T] as an "
    "Output[str] consider:\n1. o.apply(lambda v: f\"prefix{v}suffix\")\n\nSee "
    "https://www.pulumi.com/docs/concepts/inputs-outputs for more details.\n"
    "This function may throw in a future version of Pulumi."
)


def test_the_text_of_an_output_in_an_f_string_is_refused_with_how_to_build_the_string() -> None:
    found = failures(TENCENT_USER, description=f"Owner: {FORMATTED_OUTPUT}")
    reason = found["description"]
    assert reason.startswith("description holds Pulumi's warning text")
    assert "an Output was put into an f-string or str()" in reason
    assert "pulumi.Output.concat(" in reason and ".apply(lambda v:" in reason
    assert failures(ALICLOUD_USER, tags={"owner": FORMATTED_OUTPUT})["tags"].startswith("tags holds Pulumi's warning text")
    # The first thing wrong is named, not a length or character rule the text happens to break.
    assert failures(ALICLOUD_USER, user_name=f"a-{FORMATTED_OUTPUT}")["user_name"].startswith("user_name holds")


@pytest.mark.parametrize("spec, field, value, start", [
    (TENCENT_USER, "zone_id", "z-" + "A" * 300, "zone_id 'z-" + "A" * 58 + "'… (302 characters) is not a"),
    (TENCENT_USER, "user_status", "E" * 1000, "user_status '" + "E" * 60 + "'… (1000 characters) is not an allowed"),
    (ALICLOUD_USER, "tags", {"aliyun" + "k" * 100: "v"}, "tags key 'aliyun" + "k" * 54 + "'… (106 characters) starts with a reserved prefix"),
    (TENCENT_USER, "need_reset_password", ["x" * 10] * 50, "need_reset_password must be a boolean, got list ['xxxxxxxxxx'"),
])
def test_a_long_value_is_quoted_by_its_start_and_its_length(spec: ResourceSpec, field: str, value: Any, start: str) -> None:
    reason = failures(spec, **{field: value})[field]
    assert reason.startswith(start), reason
    assert len(reason) < 300, reason


def test_an_over_long_free_text_is_never_quoted() -> None:
    reason = failures(ALICLOUD_USER, description="d" * 1025)["description"]
    assert reason == "description is 1025 characters long; the limit is 1024 characters"


def test_inputs_the_program_made_secret_are_never_quoted() -> None:
    inputs = {**ALI_BASE, "email": "not-an-address", "status": "On", "tags": {"acs:team": "x"}}
    found = {f.property: f.reason for f in check_inputs(ALICLOUD_USER, inputs, secret_inputs=["email", "tags"])}
    assert found == {
        "email": "email (secret, not shown) is not an email address; expected the form name@example.com",
        "status": "status 'On' is not an allowed value; use one of Enabled, Disabled (case-sensitive)",
        "tags": "tags key (secret, not shown) starts with a reserved prefix; keys must not start with "
                "'aliyun' or 'acs:'",
    }
