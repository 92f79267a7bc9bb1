"""The state rewrite behind ``directory-users-migrate``, on deployments written out by hand.

The engine test (tests/engine/test_migrate_to_native.py) moves a real stack; these pin the
rewrite's rules: what is renamed, what is kept byte for byte, and what stops the move.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pulumi_directory_users.migrate import MigrationError, config_moves, migrate_deployment

STACK = "urn:pulumi:dev::team"
DYN_PROVIDER = f"{STACK}::pulumi:providers:pulumi-python::default"
NATIVE_PROVIDER = f"{STACK}::pulumi:providers:directory-users::default"
USER = f"{STACK}::pulumi-python:dynamic/alicloud:User::alice"
GROUP = f"{STACK}::pulumi-python:dynamic/alicloud:Group::admins"
MEMBER = f"{STACK}::pulumi-python:dynamic/alicloud:GroupMembership::alice-admins"
NATIVE_USER = f"{STACK}::directory-users:alicloud:User::alice"
NATIVE_GROUP = f"{STACK}::directory-users:alicloud:Group::admins"
NATIVE_MEMBER = f"{STACK}::directory-users:alicloud:GroupMembership::alice-admins"
SIG = "4dabf18193072939515e22adb298388d"


def _secret(ciphertext: str) -> dict[str, str]:
    return {SIG: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": ciphertext}


def _deployment() -> dict[str, Any]:
    """A dynamic stack as `pulumi stack export` writes it: one user in one group, credentials in config."""
    pickled = _secret("v1:pickled-provider")
    return {
        "manifest": {"version": "v3.259.0"},
        "secrets_providers": {"type": "passphrase", "state": {"salt": "v1:salt"}},
        "resources": [
            {"urn": f"{STACK}::pulumi:pulumi:Stack::team-dev", "custom": False, "type": "pulumi:pulumi:Stack",
             "outputs": {"alice": "u-1"}},
            {"urn": DYN_PROVIDER, "custom": True, "id": "p-1", "type": "pulumi:providers:pulumi-python",
             "inputs": {"alicloud:accessKey": _secret("v1:ak"), "alicloud:secretKey": _secret("v1:sk"),
                        "directory-users:alicloudEndpoint": "http://127.0.0.1:8790",
                        "directory-users:retryDeadline": "10", "team:zoneId": "z-1"}},
            {"urn": USER, "custom": True, "id": "d-1:u-1", "type": "pulumi-python:dynamic/alicloud:User",
             "provider": f"{DYN_PROVIDER}::p-1", "protect": True,
             "inputs": {"__provider": pickled, "directory_id": "d-1", "user_name": "alice",
                        "password": _secret("v1:pw"), "tags": {"cost_center": "42"}},
             "outputs": {"__provider": pickled, "directory_id": "d-1", "user_name": "alice", "user_id": "u-1",
                         "password": _secret("v1:pw"), "tags": {"cost_center": "42"}, "create_time": "t"},
             "propertyDependencies": {"__provider": [], "__secret_inputs": [], "directory_id": [], "user_name": []},
             "additionalSecretOutputs": ["password"], "ignoreChanges": ["tags.cost_center", "display_name"]},
            {"urn": GROUP, "custom": True, "id": "d-1:g-1", "type": "pulumi-python:dynamic/alicloud:Group",
             "provider": f"{DYN_PROVIDER}::p-1",
             "inputs": {"__provider": pickled, "directory_id": "d-1", "group_name": "admins"},
             "outputs": {"__provider": pickled, "directory_id": "d-1", "group_name": "admins", "group_id": "g-1"}},
            {"urn": MEMBER, "custom": True, "id": "d-1:g-1:u-1",
             "type": "pulumi-python:dynamic/alicloud:GroupMembership", "provider": f"{DYN_PROVIDER}::p-1",
             "dependencies": [USER, GROUP], "deletedWith": GROUP,
             "inputs": {"__provider": pickled, "directory_id": "d-1", "group_id": "g-1", "user_id": "u-1"},
             "outputs": {"__provider": pickled, "directory_id": "d-1", "group_id": "g-1", "user_id": "u-1"},
             "propertyDependencies": {"__provider": [], "directory_id": [], "group_id": [GROUP], "user_id": [USER]}},
        ],
    }


def _by_urn(deployment: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["urn"]: r for r in deployment["resources"]}


def test_a_user_moves_with_its_id_secrets_options_and_camel_case_names_and_without_the_pickled_provider() -> None:
    migration = migrate_deployment(_deployment())

    user = _by_urn(migration.deployment)[NATIVE_USER]
    provider = _by_urn(migration.deployment)[NATIVE_PROVIDER]
    assert user == {
        "urn": NATIVE_USER, "custom": True, "id": "d-1:u-1", "type": "directory-users:alicloud:User",
        "provider": f"{NATIVE_PROVIDER}::{provider['id']}", "protect": True,
        # "status": the cloud's default of an unset field, as the native check fills it in.
        "inputs": {"directoryId": "d-1", "userName": "alice", "status": "Enabled", "password": _secret("v1:pw"),
                   "tags": {"cost_center": "42"}},
        "outputs": {"directoryId": "d-1", "userName": "alice", "userId": "u-1", "password": _secret("v1:pw"),
                    "tags": {"cost_center": "42"}, "createTime": "t"},
        "propertyDependencies": {"directoryId": [], "userName": []},
        "additionalSecretOutputs": ["password"], "ignoreChanges": ["tags.cost_center", "displayName"],
    }


def test_a_membership_keeps_its_dependencies_on_the_moved_user_and_group() -> None:
    member = _by_urn(migrate_deployment(_deployment()).deployment)[NATIVE_MEMBER]

    assert member["dependencies"] == [NATIVE_USER, NATIVE_GROUP]
    assert member["deletedWith"] == NATIVE_GROUP
    assert member["propertyDependencies"] == {"directoryId": [], "groupId": [NATIVE_GROUP], "userId": [NATIVE_USER]}


def test_the_default_native_provider_takes_the_namespace_keys_and_the_credentials_as_ciphertext() -> None:
    migration = migrate_deployment(_deployment())

    resources = migration.deployment["resources"]
    urns = [r["urn"] for r in resources]
    assert DYN_PROVIDER not in urns and migration.dropped == [DYN_PROVIDER]
    assert urns.index(NATIVE_PROVIDER) < urns.index(NATIVE_USER)  # providers before the resources using them
    provider = _by_urn(migration.deployment)[NATIVE_PROVIDER]
    expected = {"alicloudAccessKey": _secret("v1:ak"), "alicloudSecretKey": _secret("v1:sk"),
                "alicloudEndpoint": "http://127.0.0.1:8790", "retryDeadline": "10"}
    assert provider["type"] == "pulumi:providers:directory-users" and provider["custom"] is True
    assert provider["inputs"] == expected and provider["outputs"] == expected


def test_the_stack_resource_secrets_manager_and_manifest_are_untouched() -> None:
    before = _deployment()
    after = migrate_deployment(before).deployment

    assert after["resources"][0] == before["resources"][0]
    assert after["secrets_providers"] == before["secrets_providers"] and after["manifest"] == before["manifest"]


def test_a_provider_other_dynamic_resources_still_use_stays() -> None:
    deployment = _deployment()
    deployment["resources"].append({"urn": f"{STACK}::pulumi-python:dynamic:Resource::other", "custom": True,
                                    "id": "x", "type": "pulumi-python:dynamic:Resource",
                                    "provider": f"{DYN_PROVIDER}::p-1"})

    migration = migrate_deployment(deployment)

    assert migration.dropped == [] and DYN_PROVIDER in _by_urn(migration.deployment)


def test_an_existing_default_native_provider_is_reused() -> None:
    deployment = _deployment()
    existing = {"urn": NATIVE_PROVIDER, "custom": True, "id": "n-1", "type": "pulumi:providers:directory-users",
                "inputs": {"alicloudEndpoint": "https://cloudsso.example"}}
    deployment["resources"].insert(2, existing)

    migration = migrate_deployment(deployment)

    assert not migration.provider_added
    assert [r["urn"] for r in migration.deployment["resources"]].count(NATIVE_PROVIDER) == 1
    assert _by_urn(migration.deployment)[NATIVE_USER]["provider"] == f"{NATIVE_PROVIDER}::n-1"
    assert _by_urn(migration.deployment)[NATIVE_PROVIDER] == existing


def test_children_of_a_component_keep_the_component_in_their_urn() -> None:
    deployment = _deployment()
    component = f"{STACK}::team:index:People::people"
    user = deployment["resources"][2]
    user["urn"], user["parent"] = f"{STACK}::team:index:People$pulumi-python:dynamic/alicloud:User::alice", component
    deployment["resources"][4]["dependencies"] = [user["urn"], GROUP]

    migration = migrate_deployment(deployment)

    moved = f"{STACK}::team:index:People$directory-users:alicloud:User::alice"
    assert migration.moved[user["urn"]] == moved
    assert _by_urn(migration.deployment)[moved]["parent"] == component
    assert _by_urn(migration.deployment)[NATIVE_MEMBER]["dependencies"] == [moved, NATIVE_GROUP]


def test_a_migrated_stack_has_nothing_left_to_move() -> None:
    once = migrate_deployment(_deployment()).deployment

    again = migrate_deployment(once)

    assert again.moved == {} and again.deployment == once


def test_a_property_this_release_does_not_know_stops_the_move_naming_it() -> None:
    deployment = _deployment()
    deployment["resources"][2]["outputs"]["nickname"] = "al"
    kept = copy.deepcopy(deployment)

    with pytest.raises(MigrationError, match=r"alice: property 'nickname' is not a field or output of the native "
                                             r"Alibaba Cloud CloudSSO user \(directory-users:alicloud:User\)"):
        migrate_deployment(deployment)
    assert deployment == kept


def test_pending_operations_stop_the_move() -> None:
    deployment = _deployment()
    deployment["pending_operations"] = [{"resource": deployment["resources"][2], "type": "creating"}]

    with pytest.raises(MigrationError, match="pending operations"):
        migrate_deployment(deployment)


def test_credentials_move_to_the_native_keys_unless_those_are_set() -> None:
    config = {"tencentcloud:secretId": True, "tencentcloud:secretKey": True, "alicloud:accessKey": True,
              "directory-users:alicloudAccessKey": True, "directory-users:tencentcloudEndpoint": False,
              "team:zoneId": False}

    assert config_moves(config) == [("tencentcloud:secretId", "directory-users:tencentcloudSecretId"),
                                    ("tencentcloud:secretKey", "directory-users:tencentcloudSecretKey")]


def test_an_existing_native_provider_listed_after_the_dynamic_resources_moves_before_them() -> None:
    deployment = _deployment()
    deployment["resources"].append({"urn": NATIVE_PROVIDER, "custom": True, "id": "n-1",
                                    "type": "pulumi:providers:directory-users", "inputs": {}})

    urns = [r["urn"] for r in migrate_deployment(deployment).deployment["resources"]]

    assert urns.count(NATIVE_PROVIDER) == 1 and urns.index(NATIVE_PROVIDER) < urns.index(NATIVE_USER)
