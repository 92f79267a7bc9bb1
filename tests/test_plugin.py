"""The native front-end's own translations: provider configuration, the wire's values, detailed diffs."""

from __future__ import annotations

import asyncio

import pytest
from pulumi.provider.experimental import provider as rpc
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.runtime.rpc import UNKNOWN

from pulumi_directory_users.plugin import DEFAULT_THREADS, THREADS_ENV, DirectoryProvider, _threads


def check_config(**args: str) -> list[str]:
    request = rpc.CheckRequest("urn:pulumi:s::p::pulumi:providers:directory-users::default", {},
                               {k: PropertyValue(v) for k, v in args.items()}, b"")
    answer = asyncio.run(DirectoryProvider(threads=1).check_config(request))
    return [f.reason for f in answer.failures or []]


def test_well_formed_provider_settings_pass_without_credentials() -> None:
    assert check_config(tencentcloudEndpoint="http://127.0.0.1:8790", retryDeadline="30",
                        alicloudRateLimits="CreateUser=10,*=50") == []


def test_malformed_provider_settings_fail_the_preview_naming_their_key() -> None:
    assert check_config(tencentcloudEndpoint="ftp://x", retryDeadline="soon", alicloudRateLimits="CreateUser") == [
        "config directory-users:tencentcloudEndpoint, DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT: "
        "endpoint 'ftp://x' is not an http(s) URL or a host name",
        "config directory-users:retryDeadline, DIRECTORY_USERS_RETRY_DEADLINE: 'soon' is not a number of seconds",
        "config directory-users:alicloudRateLimits, DIRECTORY_USERS_ALICLOUD_RATE_LIMITS: 'CreateUser' is not "
        "ACTION=N: expected an API action (or * for every other action), '=', and requests per second as a number "
        ">= 0 (0 turns the client-side limit off)",
    ]


def diff_config(olds: dict[str, str], news: dict[str, str]) -> rpc.DiffResponse:
    request = rpc.DiffRequest("urn:pulumi:s::p::pulumi:providers:directory-users::account", "id",
                              {k: PropertyValue(v) for k, v in olds.items()},
                              {k: PropertyValue(v) for k, v in news.items()}, [])
    return asyncio.run(DirectoryProvider(threads=1).diff_config(request))


def test_a_rotated_key_or_a_new_endpoint_updates_the_provider_and_replaces_nothing() -> None:
    old = {"tencentcloudSecretKey": "old-secret", "retryDeadline": "10", "version": "0.1.0"}
    new = {"tencentcloudSecretKey": "new-secret", "tencentcloudEndpoint": "http://127.0.0.1:1", "version": "0.2.0"}
    answer = diff_config(old, new)
    assert answer.changes is True and answer.replaces == []
    assert {k: v.kind.name for k, v in answer.detailed_diff.items()} == {
        "retryDeadline": "DELETE", "tencentcloudEndpoint": "ADD", "tencentcloudSecretKey": "UPDATE"}


def test_the_same_settings_are_no_change_whatever_plugin_version() -> None:
    settings = {"alicloudRegion": "cn-hangzhou", "retryDeadline": "10"}
    assert diff_config({**settings, "version": "0.1.0"}, {**settings, "version": "0.2.0"}).changes is False


def test_check_fills_in_the_clouds_defaults_of_unset_fields_and_keeps_what_the_program_set() -> None:
    request = rpc.CheckRequest("urn:pulumi:s::p::directory-users:tencentcloud:User::alice", {},
                               {"zoneId": PropertyValue("z-1os7c9tyugct"), "userName": PropertyValue("alice"),
                                "userType": PropertyValue("Synchronized")}, b"")
    answer = asyncio.run(DirectoryProvider(threads=1).check(request))
    assert answer.failures == []
    assert {k: v.value for k, v in (answer.inputs or {}).items()} == {
        "zoneId": "z-1os7c9tyugct", "userName": "alice", "userType": "Synchronized", "userStatus": "Enabled"}


def test_a_setting_not_known_until_another_resource_exists_passes_the_preview_check() -> None:
    # e.g. a key read from a secret manager resource of the same program
    request = rpc.CheckRequest("urn:pulumi:s::p::pulumi:providers:directory-users::account", {},
                               {"tencentcloudSecretKey": PropertyValue.computed(), "retryDeadline": PropertyValue.computed(),
                                "tencentcloudEndpoint": PropertyValue("http://127.0.0.1:8790")}, b"")
    answer = asyncio.run(DirectoryProvider(threads=1).check_config(request))
    assert answer.failures == []


def test_an_unknown_sent_as_the_engines_sentinel_string_is_not_validated_as_a_value() -> None:
    # In a preview's Check the engine's unknown arrives as its sentinel text, not as Computed.
    request = rpc.CheckRequest("urn:pulumi:s::p::directory-users:alicloud:GroupMembership::m", {},
                               {"directoryId": PropertyValue("d-00fc2p61abcd"), "groupId": PropertyValue(UNKNOWN),
                                "userId": PropertyValue.computed()}, b"")
    assert asyncio.run(DirectoryProvider(threads=1).check(request)).failures == []


def test_the_plugins_thread_pool_size_comes_from_the_environment_with_a_clear_error() -> None:
    assert (_threads({}), _threads({THREADS_ENV: "64"})) == (DEFAULT_THREADS, 64)
    with pytest.raises(SystemExit, match="DIRECTORY_USERS_PROVIDER_THREADS='many' is not a number of threads"):
        _threads({THREADS_ENV: "many"})
    with pytest.raises(SystemExit, match="must be at least 1"):
        _threads({THREADS_ENV: "0"})
