"""A program's unit tests on the native classes with pulumi.runtime.set_mocks (no engine, no plugin).

What the program sends the engine: the type token, camelCase inputs (the keys of a map of tags
as written), secrets, the explicit provider; and what it reads back: snake_case attributes.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi.runtime import rpc

from pulumi_directory_users import native


class NativeMocks(pulumi.runtime.Mocks):
    """Plays the plugin: answers with the inputs plus the outputs the cloud computes, in camelCase."""

    def __init__(self) -> None:
        self.created: dict[str, pulumi.runtime.MockResourceArgs] = {}
        self.requests: dict[str, Any] = {}  # the RegisterResource requests, by resource name

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.created[args.name] = args
        if args.typ.startswith("pulumi:providers:"):
            return f"{args.name}-id", dict(args.inputs)
        computed = {"userId": f"u-{args.name}", "createTime": "2026-11-23 12:00:00", "memberCount": 3.0,
                    "password": "Initial-1!"}
        parent = args.inputs.get("zoneId") or args.inputs.get("directoryId")
        return f"{parent}#u-{args.name}", {**args.inputs, **computed}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list]:
        return {}, []


@pytest.fixture
def mocks() -> NativeMocks:
    mocks = NativeMocks()
    pulumi.runtime.set_mocks(mocks, preview=False)
    # The mocks do not apply additional_secret_outputs (the engine does): record the requests that carry them.
    monitor = pulumi.runtime.settings.SETTINGS.monitor
    register = monitor.RegisterResource

    def recording(request: Any) -> Any:
        mocks.requests[request.name] = request
        return register(request)

    monitor.RegisterResource = recording
    return mocks


@pulumi.runtime.test
def test_a_user_registers_with_its_token_and_camel_case_inputs_and_reads_back_snake_case(mocks: NativeMocks) -> Any:
    user = native.alicloud.User("alice", directory_id="d-00fc2p61abcd", user_name="alice",
                                first_name="Alice", tags={"cost_center": "42", "userName": "tag"})

    def check(values: list[Any]) -> None:
        user_id, create_time, user_name, tags = values
        created = mocks.created["alice"]
        assert created.typ == "directory-users:alicloud:User"
        assert created.inputs == {"directoryId": "d-00fc2p61abcd", "userName": "alice", "firstName": "Alice",
                                  # a map's keys are the program's, never translated
                                  "tags": {"cost_center": "42", "userName": "tag"}}
        assert (user_id, create_time, user_name) == ("u-alice", "2026-11-23 12:00:00", "alice")
        assert tags == {"cost_center": "42", "userName": "tag"}

    return pulumi.Output.all(user.user_id, user.create_time, user.user_name, user.tags).apply(check)


@pulumi.runtime.test
def test_an_integer_output_comes_back_as_an_int(mocks: NativeMocks) -> Any:
    group = native.tencentcloud.Group("admins", zone_id="z-1os7c9tyugct", group_name="admins")

    def check(count: Any) -> None:
        assert mocks.created["admins"].typ == "directory-users:tencentcloud:Group"
        assert count == 3 and type(count) is int

    return group.member_count.apply(check)


@pulumi.runtime.test
def test_a_password_travels_as_a_secret_and_secret_outputs_are_named_on_the_wire(mocks: NativeMocks) -> Any:
    ali = native.alicloud.User("bob", native.alicloud.UserArgs(directory_id="d-00fc2p61abcd", user_name="bob",
                                                               password="Plain-text-1!"))
    tc = native.tencentcloud.User("carol", zone_id="z-1os7c9tyugct", user_name="carol")

    def check(_: Any) -> None:
        password = mocks.created["bob"].inputs["password"]
        assert rpc.is_rpc_secret(password) and rpc.unwrap_rpc_secret(password) == "Plain-text-1!"
        assert list(mocks.requests["bob"].additionalSecretOutputs) == ["password"]
        assert list(mocks.requests["carol"].additionalSecretOutputs) == ["password"]

    return pulumi.Output.all(ali.id, tc.id).apply(check)


@pulumi.runtime.test
def test_an_explicit_provider_takes_its_settings_in_camel_case_with_credentials_secret(mocks: NativeMocks) -> Any:
    staging = native.Provider("staging", tencentcloud_secret_id="AKIDexample", tencentcloud_secret_key="key",
                              tencentcloud_endpoint="http://127.0.0.1:8790", retry_deadline=30)
    user = native.tencentcloud.User("dave", zone_id="z-1os7c9tyugct", user_name="dave",
                                    opts=pulumi.ResourceOptions(provider=staging))

    def check(values: list[Any]) -> None:
        urn, provider_id = values
        created = mocks.created["staging"]
        assert created.typ == "pulumi:providers:directory-users"
        inputs = created.inputs
        assert sorted(inputs) == ["retryDeadline", "tencentcloudEndpoint", "tencentcloudSecretId",
                                  "tencentcloudSecretKey"]
        assert sorted(k for k, v in inputs.items() if rpc.is_rpc_secret(v)) == ["tencentcloudSecretId",
                                                                              "tencentcloudSecretKey"]
        assert rpc.unwrap_rpc_secret(inputs["tencentcloudSecretId"]) == "AKIDexample"
        # Provider configuration is text, as the stack config gives it to the default provider.
        assert (inputs["tencentcloudEndpoint"], inputs["retryDeadline"]) == ("http://127.0.0.1:8790", "30")
        assert mocks.created["dave"].provider == f"{urn}::{provider_id}"

    return pulumi.Output.all(staging.urn, staging.id, user.id).apply(lambda v: check(v[:2]))


@pulumi.runtime.test
def test_get_reads_a_membership_by_its_import_id(mocks: NativeMocks) -> Any:
    existing = native.alicloud.GroupMembership.get(
        "existing", "d-00fc2p61abcd:g-00jqzghi2n3o5hkxxxxx:u-00q8wbq42wiltcrxxxxx")

    def check(resource_id: str) -> None:
        assert resource_id == "d-00fc2p61abcd:g-00jqzghi2n3o5hkxxxxx:u-00q8wbq42wiltcrxxxxx"
        assert mocks.created["existing"].typ == "directory-users:alicloud:GroupMembership"

    return existing.id.apply(check)


def test_get_refuses_an_id_of_the_wrong_shape_in_the_program(mocks: NativeMocks) -> None:
    with pytest.raises(ValueError, match="expected 'z-…#u-…'"):
        native.tencentcloud.User.get("bad", "z-1os7c9tyugct:u-1")
