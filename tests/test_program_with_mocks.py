"""How a user unit-tests their own program with pulumi.runtime.set_mocks (no engine, no cloud).

Mocks never call our provider: ``new_resource`` plays the cloud. These tests check what the
program declares (type tokens, inputs, outputs wiring), which is what a program's unit tests
are for; the provider itself is tested against the fakes elsewhere.
"""

from __future__ import annotations

import base64
from typing import Any

import dill
import pulumi
import pytest
from pulumi.runtime import rpc

from pulumi_directory_users.clouds.alicloud import AlicloudUserProvider
from pulumi_directory_users.clouds.tencentcloud import TencentUserProvider


class DirectoryMocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.created: dict[str, pulumi.runtime.MockResourceArgs] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.created[args.name] = args
        parent = args.inputs.get("zone_id") or args.inputs.get("directory_id")
        user_id = f"u-{args.name}"
        sep = "#" if args.typ.endswith("tencentcloud:User") else ":"
        outputs = {**args.inputs, "user_id": user_id, "create_time": "2026-11-23 12:00:00"}
        return f"{parent}{sep}{user_id}", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list]:
        return {}, []


@pytest.fixture
def mocks() -> DirectoryMocks:
    mocks = DirectoryMocks()
    pulumi.runtime.set_mocks(mocks, preview=False)
    return mocks


@pulumi.runtime.test
def test_a_program_wires_one_clouds_user_id_into_the_other(mocks: DirectoryMocks) -> Any:
    from pulumi_directory_users import alicloud, tencentcloud

    tc = tencentcloud.User("alice-tc", zone_id="z-1os7c9tyugct", user_name="alice",
                           email="alice@example.com")
    ali = alicloud.User("alice-ali", directory_id="d-00fc2p61abcd", user_name="alice",
                        description=tc.user_id.apply(lambda uid: f"Tencent CIC user {uid}"),
                        tags={"team": "platform"})

    def check(values: list[Any]) -> None:
        tc_id, description, tags = values
        assert tc_id == "u-alice-tc"
        assert description == "Tencent CIC user u-alice-tc"
        assert tags == {"team": "platform"}
        assert mocks.created["alice-tc"].typ == "pulumi-python:dynamic/tencentcloud:User"
        assert mocks.created["alice-ali"].typ == "pulumi-python:dynamic/alicloud:User"
        # The provider travels with each resource as a plain value: the serialized class, no state
        # (nothing to keep secret, so the state does not encrypt it twice per resource).
        for name, provider_type in (("alice-tc", TencentUserProvider), ("alice-ali", AlicloudUserProvider)):
            provider = mocks.created[name].inputs["__provider"]
            assert isinstance(provider, str) and not rpc.is_rpc_secret(provider), provider
            unpickled = dill.loads(base64.b64decode(provider))
            assert type(unpickled) is provider_type and vars(unpickled) == {}

    return pulumi.Output.all(tc.user_id, ali.description, ali.tags).apply(check)


@pulumi.runtime.test
def test_get_reads_an_existing_user_by_its_import_id(mocks: DirectoryMocks) -> Any:
    from pulumi_directory_users import tencentcloud

    existing = tencentcloud.User.get("existing", "z-1os7c9tyugct#u-rdvm4xdqi8pr")

    def check(resource_id: str) -> None:
        assert resource_id == "z-1os7c9tyugct#u-rdvm4xdqi8pr"
        assert mocks.created["existing"].resource_id == "z-1os7c9tyugct#u-rdvm4xdqi8pr"

    return existing.id.apply(check)


def test_get_refuses_an_id_of_the_wrong_shape_in_the_program(mocks: DirectoryMocks) -> None:
    from pulumi_directory_users import alicloud

    with pytest.raises(ValueError, match="expected 'd-…:u-…'"):
        alicloud.User.get("bad", "d-00fc2p61abcd#u-1")


@pytest.mark.parametrize("module_name, parent, extra", [
    ("tencentcloud", {"zone_id": "z-1os7c9tyugct"}, {"user_status": "Disabled", "user_type": "Manual"}),
    ("alicloud", {"directory_id": "d-00fc2p61abcd"}, {"status": "Disabled", "tags": {"team": "sre"}}),
])
@pulumi.runtime.test
def test_user_args_and_keywords_declare_the_same_user(
        mocks: DirectoryMocks, module_name: str, parent: dict[str, str], extra: dict[str, Any]) -> Any:
    import importlib

    module = importlib.import_module(f"pulumi_directory_users.{module_name}")
    declared = {**parent, "user_name": "dora", "email": "dora@example.com", **extra}
    by_args = module.User("by-args", module.UserArgs(**declared))
    by_keywords = module.User("by-keywords", **declared)

    def check(_: Any) -> None:
        args, keywords = mocks.created["by-args"].inputs, mocks.created["by-keywords"].inputs
        assert {k: v for k, v in args.items() if not k.startswith("__")} == declared
        assert {k: v for k, v in keywords.items() if not k.startswith("__")} == declared
        assert mocks.created["by-args"].typ == f"pulumi-python:dynamic/{module_name}:User"

    return pulumi.Output.all(by_args.id, by_keywords.id).apply(check)


@pulumi.runtime.test
def test_the_program_tells_the_provider_which_inputs_are_secret(mocks: DirectoryMocks) -> Any:
    from pulumi_directory_users import alicloud

    team = pulumi.Output.secret("red-team")
    user = alicloud.User("sec", directory_id="d-00fc2p61abcd", user_name="sec", description="plain",
                         email=pulumi.Output.secret("sec@example.com"),
                         tags={"team": team.apply(lambda t: t.upper()), "env": "prod"})

    def check(_: Any) -> None:
        # Check() gets every value decrypted; this list is how it knows which ones not to quote.
        assert mocks.created["sec"].inputs["__secret_inputs"] == ["email", "tags"]

    return user.id.apply(check)


@pulumi.runtime.test
def test_the_program_sends_no_hidden_input_when_it_made_nothing_secret(mocks: DirectoryMocks) -> Any:
    from pulumi_directory_users import alicloud

    # The password is always secret (check() hides it anyway); an Output that is not secret is not either.
    plain = alicloud.User("plain", directory_id="d-00fc2p61abcd", user_name="plain", password="Plain-Passw0rd!")
    wired = alicloud.User("wired", directory_id="d-00fc2p61abcd", user_name="wired",
                          description=plain.user_id.apply(lambda uid: f"after {uid}"))

    def check(_: Any) -> None:
        # No such input: nothing for the engine to send around or keep in the state entry.
        for name in ("plain", "wired"):
            assert "__secret_inputs" not in mocks.created[name].inputs, name
        assert mocks.created["wired"].inputs["description"] == "after u-plain"

    return pulumi.Output.all(plain.id, wired.id).apply(check)
