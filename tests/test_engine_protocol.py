"""The provider as the engine drives it: `python -u -m pulumi.dynamic` over gRPC, in its own process.

The provider is serialized exactly as a program serializes it, so these tests prove that it
unpickles in a separate process, takes credentials from Configure (none in its environment),
keeps unknowns at check and diff, and keeps secrets out of the serialized provider.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from typing import Any, Iterator

import grpc
import pytest
from google.protobuf import struct_pb2
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime.proto import provider_pb2 as proto
from pulumi.runtime.proto import provider_pb2_grpc

from pulumi_directory_users.clouds.alicloud import AlicloudUserProvider
from pulumi_directory_users.clouds.tencentcloud import TencentUserProvider
from pulumi_directory_users.testing import (
    ALICLOUD_ACCESS_KEY_ID,
    ALICLOUD_ACCESS_KEY_SECRET,
    ALICLOUD_DIRECTORY_ID,
    TENCENT_SECRET_ID,
    TENCENT_SECRET_KEY,
    TENCENT_ZONE_ID,
    EmulatorServer,
    FakeClouds,
)

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
SECRET_SIG = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}
TC_URN = "urn:pulumi:dev::proj::pulumi-python:dynamic/tencentcloud:User::alice"
ALI_URN = "urn:pulumi:dev::proj::pulumi-python:dynamic/alicloud:User::bob"


def struct(values: dict[str, Any]) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    message.update(values)
    return message


def plain(message: struct_pb2.Struct) -> dict[str, Any]:
    from google.protobuf.json_format import MessageToDict

    return MessageToDict(message)


def secret(value: str) -> dict[str, Any]:
    return {**SECRET_SIG, "value": value}


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    server = EmulatorServer(FakeClouds(), port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def engine_stub(emulator: EmulatorServer) -> Iterator[provider_pb2_grpc.ResourceProviderStub]:
    """The dynamic provider server, started as the engine starts it, already configured."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TENCENTCLOUD_", "ALIBABA_CLOUD_", "ALICLOUD_", "DIRECTORY_USERS_"))}
    env["PULUMI_PROJECT"] = "proj"
    process = subprocess.Popen([sys.executable, "-u", "-m", "pulumi.dynamic"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline().strip())
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        stub = provider_pb2_grpc.ResourceProviderStub(channel)
        stub.Configure(proto.ConfigureRequest(args=struct({
            "tencentcloud:secretId": TENCENT_SECRET_ID,
            "tencentcloud:secretKey": secret(TENCENT_SECRET_KEY),
            "alicloud:accessKey": ALICLOUD_ACCESS_KEY_ID,
            "alicloud:secretKey": secret(ALICLOUD_ACCESS_KEY_SECRET),
            "directory-users:tencentcloudEndpoint": f"http://{emulator.endpoint}",
            "directory-users:alicloudEndpoint": f"http://{emulator.endpoint}",
        })))
        yield stub
        channel.close()
    finally:
        process.kill()
        process.wait()


TC_BLOB = serialize_provider(TencentUserProvider())
ALI_BLOB = serialize_provider(AlicloudUserProvider())


def test_serialized_providers_hold_no_code_and_no_secrets_even_after_configure() -> None:
    provider = TencentUserProvider()
    from pulumi.dynamic import Config, ConfigureRequest

    provider.configure(ConfigureRequest(Config({"tencentcloud:secretKey": TENCENT_SECRET_KEY}, "p")))
    for blob in (TC_BLOB, ALI_BLOB, serialize_provider(provider)):
        raw = base64.b64decode(blob)
        assert len(raw) < 200  # a reference to the installed class, not pickled code
        for key in (TENCENT_SECRET_KEY, ALICLOUD_ACCESS_KEY_SECRET, TENCENT_SECRET_ID):
            assert key.encode() not in raw
    assert serialize_provider(provider) == TC_BLOB  # configuring changes nothing that is saved


def test_full_lifecycle_over_grpc_with_configure_delivered_credentials(
        engine_stub: provider_pb2_grpc.ResourceProviderStub, emulator: EmulatorServer) -> None:
    news = {"zone_id": TENCENT_ZONE_ID, "user_name": "alice", "email": "alice@example.com",
            "__provider": TC_BLOB}
    check = engine_stub.Check(proto.CheckRequest(urn=TC_URN, olds=struct({}), news=struct(news)))
    assert list(check.failures) == []

    created = engine_stub.Create(proto.CreateRequest(urn=TC_URN, properties=check.inputs))
    outs = plain(created.properties)
    assert created.id == f"{TENCENT_ZONE_ID}#{outs['user_id']}"
    assert outs["password"] and outs["create_time"]

    same = engine_stub.Diff(proto.DiffRequest(id=created.id, urn=TC_URN, olds=created.properties,
                                              news=check.inputs))
    assert same.changes == proto.DiffResponse.DIFF_NONE

    renamed = engine_stub.Diff(proto.DiffRequest(id=created.id, urn=TC_URN, olds=created.properties,
                                                 news=struct({**news, "user_name": "alice2"})))
    assert list(renamed.replaces) == ["user_name"] and renamed.deleteBeforeReplace

    updated = engine_stub.Update(proto.UpdateRequest(
        id=created.id, urn=TC_URN, olds=created.properties,
        news=struct({**news, "display_name": "Alice"})))
    assert plain(updated.properties)["display_name"] == "Alice"
    assert plain(updated.properties)["password"] == outs["password"]

    emulator.clouds.tencent.modify_user(TENCENT_ZONE_ID, outs["user_id"], DisplayName="Changed")
    read = engine_stub.Read(proto.ReadRequest(id=created.id, urn=TC_URN, properties=updated.properties))
    assert plain(read.properties)["display_name"] == "Changed"
    assert plain(read.inputs)["display_name"] == "Changed"

    engine_stub.Delete(proto.DeleteRequest(id=created.id, urn=TC_URN, properties=read.properties))
    assert emulator.clouds.tencent.users(TENCENT_ZONE_ID) == []
    gone = engine_stub.Read(proto.ReadRequest(id=created.id, urn=TC_URN, properties=read.properties))
    assert gone.id == ""


def test_preview_with_an_unknown_directory_checks_and_diffs_without_calling_the_cloud(
        engine_stub: provider_pb2_grpc.ResourceProviderStub, emulator: EmulatorServer) -> None:
    news = {"directory_id": UNKNOWN, "user_name": "bob", "tags": {"team": "sre"}, "__provider": ALI_BLOB}
    check = engine_stub.Check(proto.CheckRequest(urn=ALI_URN, olds=struct({}), news=struct(news)))
    assert list(check.failures) == [] and plain(check.inputs)["directory_id"] == UNKNOWN

    olds = {"directory_id": ALICLOUD_DIRECTORY_ID, "user_name": "bob", "status": "Enabled",
            "user_id": "u-x", "__provider": ALI_BLOB}
    diff = engine_stub.Diff(proto.DiffRequest(id=f"{ALICLOUD_DIRECTORY_ID}:u-x", urn=ALI_URN,
                                              olds=struct(olds), news=check.inputs))
    assert list(diff.replaces) == ["directory_id"] and diff.deleteBeforeReplace
    assert emulator.clouds.calls_for() == []


def test_bad_input_fails_check_naming_the_field_in_the_reason(
        engine_stub: provider_pb2_grpc.ResourceProviderStub) -> None:
    news = {"directory_id": ALICLOUD_DIRECTORY_ID, "user_name": "bad name!", "__provider": ALI_BLOB}
    check = engine_stub.Check(proto.CheckRequest(urn=ALI_URN, olds=struct({}), news=struct(news)))
    # No property: the engine would print the whole input value beside it (secrets included).
    assert [(f.property, f.reason.startswith("user_name 'bad name!' contains")) for f in check.failures] == [
        ("", True)]


def test_alicloud_lifecycle_over_grpc(engine_stub: provider_pb2_grpc.ResourceProviderStub,
                                      emulator: EmulatorServer) -> None:
    news = {"directory_id": ALICLOUD_DIRECTORY_ID, "user_name": "bob", "tags": {"team": "sre"},
            "__provider": ALI_BLOB}
    created = engine_stub.Create(proto.CreateRequest(urn=ALI_URN, properties=struct(news)))
    assert plain(created.properties)["tags"] == {"team": "sre"}
    got = engine_stub.Read(proto.ReadRequest(id=created.id, urn=ALI_URN, properties=struct({"__provider": ALI_BLOB})))
    assert plain(got.properties)["user_name"] == "bob"
    engine_stub.Delete(proto.DeleteRequest(id=created.id, urn=ALI_URN, properties=created.properties))
    assert emulator.clouds.alicloud.users(ALICLOUD_DIRECTORY_ID) == []
