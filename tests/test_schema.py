"""The native provider's package schema: what `pulumi package get-schema` prints and SDK generators read."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from pulumi_directory_users.schema import package_schema

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return package_schema()


def test_the_pulumi_cli_accepts_the_schema(schema: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema))
    pulumi = shutil.which("pulumi")
    assert pulumi, "the Pulumi CLI (scripts/bootstrap.sh puts it on PATH through build/env.sh)"
    checked = subprocess.run([pulumi, "schema", "check", str(path)], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_package_is_named_and_versioned_as_the_wheel(schema: dict[str, Any]) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert (schema["name"], schema["version"]) == ("directory-users", project["version"])
    assert sorted(schema["resources"]) == [
        "directory-users:alicloud:Group", "directory-users:alicloud:GroupMembership", "directory-users:alicloud:User",
        "directory-users:tencentcloud:Group", "directory-users:tencentcloud:GroupMembership",
        "directory-users:tencentcloud:User",
    ]


def test_the_configuration_holds_both_clouds_settings_once_with_credentials_secret(schema: dict[str, Any]) -> None:
    variables = schema["config"]["variables"]
    assert variables == schema["provider"]["inputProperties"]
    assert list(variables) == [
        "tencentcloudSecretId", "tencentcloudSecretKey", "tencentcloudSecurityToken", "tencentcloudRegion",
        "tencentcloudEndpoint", "tencentcloudDomain", "tencentcloudRateLimits", "retryDeadline",
        "alicloudAccessKey", "alicloudSecretKey", "alicloudSecurityToken", "alicloudRegion", "alicloudEndpoint",
        "alicloudRateLimits",
    ]
    assert sorted(k for k, v in variables.items() if v.get("secret")) == [
        "alicloudAccessKey", "alicloudSecretKey", "alicloudSecurityToken",
        "tencentcloudSecretId", "tencentcloudSecretKey", "tencentcloudSecurityToken",
    ]
    assert {k for k, v in variables.items() if v["type"] != "string"} == {"retryDeadline"}
    assert variables["retryDeadline"]["type"] == "number"


@pytest.mark.parametrize("key, names", [
    ("tencentcloudSecretId", ["TENCENTCLOUD_SECRET_ID"]),
    ("alicloudAccessKey", ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"]),
    ("alicloudRegion", ["ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"]),
    ("tencentcloudEndpoint", ["DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT"]),
    ("retryDeadline", ["DIRECTORY_USERS_RETRY_DEADLINE"]),
])
def test_each_setting_names_the_environment_variables_it_falls_back_to(
        schema: dict[str, Any], key: str, names: list[str]) -> None:
    description = schema["config"]["variables"][key]["description"]
    assert all(f"`{name}`" in description for name in names), description


def test_a_tencent_user_replaces_on_its_zone_name_and_type_and_keeps_its_password_secret(
        schema: dict[str, Any]) -> None:
    user = schema["resources"]["directory-users:tencentcloud:User"]
    assert user["requiredInputs"] == ["zoneId", "userName"]
    assert sorted(k for k, v in user["inputProperties"].items() if v.get("replaceOnChanges")) == [
        "userName", "userType", "zoneId"]
    assert user["properties"]["password"] == {
        "type": "string", "secret": True,
        "description": "The initial password CreateUser returned; a Pulumi secret. Absent for adopted users.",
    }
    assert "password" not in user["inputProperties"]
    # Always there: the required inputs, what the cloud defaults, what every read returns; not the
    # create answer's password or the flag of its loss.
    assert user["required"] == ["zoneId", "userName", "userStatus", "userType", "userId", "createTime", "updateTime"]
    assert user["properties"]["needResetPassword"]["type"] == "boolean"


def test_an_alibaba_user_takes_a_secret_password_and_a_map_of_tags(schema: dict[str, Any]) -> None:
    user = schema["resources"]["directory-users:alicloud:User"]
    assert user["inputProperties"]["password"]["secret"] is True
    assert user["properties"]["password"]["secret"] is True
    assert user["inputProperties"]["tags"]["type"] == "object"
    assert user["inputProperties"]["tags"]["additionalProperties"] == {"type": "string"}
    assert "Up to 20 tags" in user["inputProperties"]["tags"]["description"]
    assert "8-32 characters" in user["inputProperties"]["password"]["description"]


def test_a_group_counts_its_members_as_an_integer_and_a_membership_replaces_on_every_input(
        schema: dict[str, Any]) -> None:
    group = schema["resources"]["directory-users:tencentcloud:Group"]
    assert group["properties"]["memberCount"]["type"] == "integer"
    assert "replaceOnChanges" not in group["inputProperties"]["groupName"]  # a rename is an update
    membership = schema["resources"]["directory-users:alicloud:GroupMembership"]
    assert membership["requiredInputs"] == ["directoryId", "groupId", "userId"]
    assert all(v.get("replaceOnChanges") for v in membership["inputProperties"].values())
    assert membership["properties"] == membership["inputProperties"]
