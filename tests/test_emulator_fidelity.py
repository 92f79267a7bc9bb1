"""The emulator answers every client the way the clouds do: replays, signer errors, bursts,
unexpected errors, its request log, session tokens, unknown parameters and its state file."""

from __future__ import annotations

import functools
import http.client
import io
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alibabacloud_cloudsso20210515 import models as ali
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException
from alibabacloud_tea_openapi.utils_models import OpenApiRequest, Params
from darabonba.runtime import RuntimeOptions
from pulumi_directory_users.testing import (
    ALICLOUD_ACCESS_KEY_ID,
    ALICLOUD_ACCESS_KEY_SECRET,
    ALICLOUD_DIRECTORY_ID,
    TENCENT_SECRET_ID,
    TENCENT_SECRET_KEY,
    TENCENT_ZONE_ID,
    EmulatorProcess,
    EmulatorServer,
    FakeClouds,
    WireRequest,
    alicloud_client,
    mock_clouds,
    read_state,
    tencent_client,
)
from pulumi_directory_users.testing.process import parse_log
from pulumi_directory_users.testing.server import LineLog, LineLogHandler, build_parser, configure
from pulumi_directory_users.testing.wire import known_parameters
from tencentcloud.common.exception import TencentCloudSDKException
from tencentcloud.organization.v20210331 import models as tc


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(FakeClouds()) as running:
        yield running


def record_requests(server: EmulatorServer) -> list[WireRequest]:
    """The raw requests the emulator receives from now on."""
    seen: list[WireRequest] = []
    answer = server.process

    def recording(request: WireRequest) -> Any:
        seen.append(request)
        return answer(request)

    server.process = recording  # type: ignore[method-assign]
    return seen


def send_raw(server: EmulatorServer, request: WireRequest) -> tuple[int, bytes]:
    """Send a request exactly as recorded, on a new connection."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        headers = {k: v for k, v in request.headers.items() if k not in ("content-length", "connection")}
        connection.request(request.method, request.url, body=request.body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def alicloud_create(endpoint: str, name: str, **client_args: Any) -> str:
    request = ali.CreateUserRequest(directory_id=ALICLOUD_DIRECTORY_ID, user_name=name)
    return alicloud_client(endpoint, **client_args).create_user(request).body.user.user_id


def tencent_create(endpoint: str, name: str, **client_args: Any) -> str:
    request = tc.CreateUserRequest()
    request.ZoneId, request.UserName = TENCENT_ZONE_ID, name
    return tencent_client(endpoint, **client_args).CreateUser(request).UserInfo.UserId


def alicloud_call(endpoint: str, action: str, query: dict[str, str], **client_args: Any) -> dict[str, Any]:
    """Any CloudSSO action with any query parameters, signed by the SDK as it signs CreateUser."""
    params = Params(
        action=action, version="2021-05-15", protocol="HTTP", pathname="/", method="POST",
        auth_type="AK", style="RPC", req_body_type="formData", body_type="json",
    )
    client = alicloud_client(endpoint, **client_args)
    return client.call_api(params, OpenApiRequest(query=query), RuntimeOptions())


# -- 1. replayed nonces ------------------------------------------------------------------


@pytest.mark.parametrize("signature", [None, "v2"], ids=["acs3", "v1"])
def test_a_replayed_alicloud_request_is_refused_with_signature_nonce_used(
    server: EmulatorServer, signature: str | None
) -> None:
    seen = record_requests(server)
    alicloud_create(server.endpoint, "alice", signature_algorithm=signature)

    status, body = send_raw(server, seen[0])

    assert status == 400 and b'"Code": "SignatureNonceUsed"' in body
    assert [u["UserName"] for u in server.clouds.alicloud.users(ALICLOUD_DIRECTORY_ID)] == ["alice"]
    assert [(c.action, c.error) for c in server.clouds.calls] == [
        ("CreateUser", None),
        ("CreateUser", "SignatureNonceUsed"),
    ]
    alicloud_create(server.endpoint, "bob", signature_algorithm=signature)  # a fresh nonce still works


# -- 2. SignatureDoesNotMatch carries the server's string to sign -------------------------


def test_a_wrong_alicloud_secret_names_the_string_to_sign_after_a_colon(server: EmulatorServer) -> None:
    seen = record_requests(server)
    with pytest.raises(ClientException) as v1:
        alicloud_create(server.endpoint, "alice", signature_algorithm="v2", access_key_secret="wrong")
    with pytest.raises(ClientException) as acs3:
        alicloud_create(server.endpoint, "alice", access_key_secret="wrong")

    v1_prefix, v1_signed = v1.value.data["Message"].split(":", 1)
    assert v1.value.code == "SignatureDoesNotMatch" and v1.value.status_code == 400
    assert v1_prefix == "Specified signature is not matched with our calculation. server string to sign is"
    # What aliyun-python-sdk-core compares with its own string: everything after the colon.
    assert v1_signed.startswith("POST&%2F&AccessKeyId%3DLTAIdirectoryusersfake01%26Action%3DCreateUser%26")
    assert ":" not in v1_signed
    acs3_prefix, acs3_signed = acs3.value.data["Message"].split(":", 1)
    assert acs3.value.code == "SignatureDoesNotMatch"
    assert acs3_prefix.endswith("server string to sign is")
    algorithm, digest = acs3_signed.split("\n")
    assert algorithm == "ACS3-HMAC-SHA256" and len(digest) == 64
    assert len(seen) == 2


# -- 3. bursts of new connections, idle connections ----------------------------------------


def test_a_burst_of_64_fresh_connections_all_get_an_answer(server: EmulatorServer) -> None:
    server.clouds.faults.clock = lambda: 0.0  # stopped: the bucket does not refill during the burst
    server.clouds.faults.use_documented_rate_limits()  # as the command line does
    clients = [tencent_client(server.endpoint, timeout=20) for _ in range(64)]
    start = threading.Barrier(64)
    outcomes: list[str] = []

    def create(index: int) -> None:
        request = tc.CreateUserRequest()
        request.ZoneId, request.UserName = TENCENT_ZONE_ID, f"burst-{index}"
        start.wait()
        try:
            clients[index].CreateUser(request)
            outcomes.append("OK")
        except TencentCloudSDKException as error:
            outcomes.append(error.code or "")

    threads = [threading.Thread(target=create, args=(i,)) for i in range(64)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(set(outcomes)) == ["OK", "RequestLimitExceeded"], outcomes
    assert len(outcomes) == 64
    # The documented 20 per second: a full bucket of 20, and no refill on the stopped clock.
    assert outcomes.count("OK") == 20
    assert len(server.clouds.tencent.users(TENCENT_ZONE_ID)) == outcomes.count("OK")


def test_an_idle_keep_alive_connection_is_closed_after_the_idle_timeout() -> None:
    with EmulatorServer(FakeClouds(), idle_timeout=0.3) as server:
        with socket.create_connection((server.host, server.port), timeout=5) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            answered = _read_until_closed(sock)
    assert answered.startswith(b"HTTP/1.1 400")  # neither cloud's request, answered, then closed when idle


def _read_until_closed(sock: socket.socket) -> bytes:
    received = b""
    while chunk := sock.recv(4096):  # raises socket.timeout if the server keeps the connection
        received += chunk
    return received


# -- 4. unexpected errors and unreadable bodies ---------------------------------------------


def broken(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` with a bug: same parameters, raises."""

    @functools.wraps(method)
    def raising(**kwargs: Any) -> Any:
        raise RuntimeError("a bug in the fake")

    return raising


def test_an_unexpected_error_is_answered_as_the_clouds_internal_error_and_logged(
    server: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.clouds.alicloud.create_user = broken(server.clouds.alicloud.create_user)  # type: ignore[method-assign]
    server.clouds.tencent.create_user = broken(server.clouds.tencent.create_user)  # type: ignore[method-assign]

    with pytest.raises(ServerException) as alicloud_error:
        alicloud_create(server.endpoint, "alice")
    with pytest.raises(TencentCloudSDKException) as tencent_error:
        tencent_create(server.endpoint, "alice")

    assert (alicloud_error.value.code, alicloud_error.value.status_code) == ("InternalError", 500)
    assert tencent_error.value.code == "InternalError"
    assert [(c.cloud, c.error) for c in server.clouds.calls] == [
        ("alicloud", "InternalError"),
        ("tencent", "InternalError"),
    ]
    tracebacks = [r for r in caplog.records if r.exc_info and "a bug in the fake" in str(r.exc_info[1])]
    assert len(tracebacks) == 2


def test_a_flat_value_for_a_list_parameter_is_the_clients_error(server: EmulatorServer) -> None:
    query = {"DirectoryId": ALICLOUD_DIRECTORY_ID, "UserName": "alice", "Tags": "abc"}
    with pytest.raises(ClientException) as caught:
        alicloud_call(server.endpoint, "CreateUser", query)
    assert (caught.value.code, caught.value.status_code) == ("InvalidParameter.Tags", 400)
    assert caught.value.data["Message"] == "Tags must be sent as Tags.N.Key and Tags.N.Value."


@pytest.mark.parametrize(
    ("head", "body", "expected", "server_args"),
    [
        (b"Content-Length: many\r\n", b"", b"HTTP/1.1 400", {}),
        (b"Content-Length: 100\r\n", b'{"ZoneId": ', b"HTTP/1.1 400", {"idle_timeout": 0.5}),  # stops sending
        (b"Transfer-Encoding: chunked\r\n", b"0\r\n\r\n", b"HTTP/1.1 411", {}),
    ],
    ids=["not-a-number", "short-body", "chunked"],
)
def test_an_unreadable_body_gets_an_answer_not_a_dropped_connection(
    head: bytes, body: bytes, expected: bytes, server_args: dict[str, float]
) -> None:
    with EmulatorServer(FakeClouds(), **server_args) as server:
        with socket.create_connection((server.host, server.port), timeout=5) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-TC-Action: GetUser\r\n" + head + b"\r\n" + body)
            answered = _read_until_closed(sock)
    assert answered.startswith(expected), answered


# -- 5. the request log ------------------------------------------------------------------------


class _SlowStream(io.StringIO):
    """A stream that lets other threads run between writes, as a busy file does."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        time.sleep(0)
        return super().write(text)


def test_each_log_entry_is_one_write_of_a_whole_line() -> None:
    stream = _SlowStream()
    log = LineLog(stream)

    def write_many(thread: int) -> None:
        for n in range(50):
            log(f"tencent GetUser 200 OK {thread}.{n}ms")

    threads = [threading.Thread(target=write_many, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(text.endswith("\n") and text.count("\n") == 1 for text in stream.writes)
    assert len(stream.getvalue().splitlines()) == 400


def test_concurrent_requests_each_get_their_own_log_line(tmp_path: Path) -> None:
    with EmulatorProcess(tmp_path) as emulator:
        host, port = emulator.endpoint.split(":")

        def hammer() -> None:
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            for _ in range(25):
                connection.request("POST", "/", body=b"{}", headers={"X-TC-Action": "GetUser"})
                connection.getresponse().read()
            connection.close()

        threads = [threading.Thread(target=hammer) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        lines = emulator.log().splitlines()
    assert len(lines) == 400
    assert all(line.startswith("tencent GetUser 200 AuthFailure.InvalidAuthorization ") for line in lines), lines
    assert all(line.endswith("ms") and line.count("ms") == 1 for line in lines)


def test_the_log_reader_separates_entries_that_share_a_line() -> None:
    text = (
        "tencent CreateUser 200 OK 0.3msalicloud CreateUser 409 EntityAlreadyExists.User 1.2ms\n"
        "Traceback (most recent call last):\n  File \"tencent_wire.py\", line 1\n"
        "- - 400 InvalidContentLength 0.1ms\n"
        "alicloud GetUser drop network 0.0ms\n"
    )
    assert [(e.cloud, e.action, e.status, e.error) for e in parse_log(text)] == [
        ("tencent", "CreateUser", "200", "OK"),
        ("alicloud", "CreateUser", "409", "EntityAlreadyExists.User"),
        ("-", "-", "400", "InvalidContentLength"),
        ("alicloud", "GetUser", "drop", "network"),
    ]


# -- 6. session tokens ------------------------------------------------------------------------------


def test_only_the_session_token_configured_with_a_key_is_accepted() -> None:
    with mock_clouds() as clouds:
        clouds.add_key("AKIDtemporary", "temporary-secret", token="tc-token")
        clouds.add_key("LTAItemporary", "temporary-secret", token="ali-token")

        def tencent(key_id: str, token: str | None) -> str:
            secret = TENCENT_SECRET_KEY if key_id == TENCENT_SECRET_ID else "temporary-secret"
            client = tencent_client(secret_id=key_id, secret_key=secret, security_token=token)
            request = tc.GetUserRequest()
            request.ZoneId, request.UserId = TENCENT_ZONE_ID, "u-none"
            return _outcome(lambda: client.GetUser(request))

        def alicloud(key_id: str, token: str | None) -> str:
            secret = ALICLOUD_ACCESS_KEY_SECRET if key_id == ALICLOUD_ACCESS_KEY_ID else "temporary-secret"
            client = alicloud_client(access_key_id=key_id, access_key_secret=secret, security_token=token)
            request = ali.GetUserRequest(directory_id=ALICLOUD_DIRECTORY_ID, user_id="u-none")
            return _outcome(lambda: client.get_user(request))

        assert tencent("AKIDtemporary", "tc-token") == "ResourceNotFound.UserNotExist"
        assert tencent("AKIDtemporary", None) == "AuthFailure.TokenFailure"
        assert tencent("AKIDtemporary", "stolen") == "AuthFailure.TokenFailure"
        assert tencent(TENCENT_SECRET_ID, "tc-token") == "AuthFailure.TokenFailure"
        assert alicloud("LTAItemporary", "ali-token") == "EntityNotExists.User"
        assert alicloud("LTAItemporary", None) == "InvalidSecurityToken.MismatchWithAccessKey"
        assert alicloud("LTAItemporary", "stolen") == "InvalidSecurityToken.MismatchWithAccessKey"
        assert alicloud(ALICLOUD_ACCESS_KEY_ID, "ali-token") == "InvalidSecurityToken.Malformed"
        assert [c.session_token for c in clouds.calls] == [
            "tc-token", None, "stolen", "tc-token", "ali-token", None, "stolen", "ali-token",
        ]


def _outcome(call: Callable[[], Any]) -> str:
    try:
        call()
    except TencentCloudSDKException as error:
        return error.code or ""
    except ClientException as error:
        return error.code or ""
    return "OK"


def test_session_tokens_come_from_the_command_line_and_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTORY_USERS_EMULATOR_ALICLOUD_KEY", "STS.env:envsecret:env-token,LTAIlong:longsecret")
    args = build_parser().parse_args(["--tencent-key", "AKIDtmp:tmpsecret:tmp-token"])

    clouds = configure(args)

    assert clouds.keys == {"AKIDtmp": "tmpsecret", "STS.env": "envsecret", "LTAIlong": "longsecret"}
    assert clouds.tokens == {"AKIDtmp": "tmp-token", "STS.env": "env-token"}
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--tencent-key", "AKIDtmp:tmpsecret:"])


# -- unknown parameters -------------------------------------------------------------------------------


def test_the_known_parameters_are_the_sdk_request_models() -> None:
    assert known_parameters("tencent", "CreateUser") == {
        "ZoneId", "UserName", "FirstName", "LastName", "DisplayName", "Description", "Email",
        "UserStatus", "UserType", "NeedResetPassword",
    }
    assert known_parameters("alicloud", "UpdateUser") == {
        "DirectoryId", "UserId", "NewFirstName", "NewLastName", "NewDisplayName", "NewDescription", "NewEmail",
    }
    assert known_parameters("alicloud", "TagResources") == {"DirectoryId", "ResourceType", "ResourceId", "Tag"}


def test_a_misspelt_parameter_is_refused_by_both_clouds(server: EmulatorServer) -> None:
    client = tencent_client(server.endpoint)
    with pytest.raises(TencentCloudSDKException) as tencent_error:
        client.call_json("CreateUser", {"ZoneId": TENCENT_ZONE_ID, "UserName": "alice", "Emial": "a@example.com"})
    query = {"DirectoryId": ALICLOUD_DIRECTORY_ID, "UserName": "alice", "Emial": "a@example.com"}
    with pytest.raises(ClientException) as alicloud_error:
        alicloud_call(server.endpoint, "CreateUser", query)

    assert tencent_error.value.code == "UnknownParameter"
    assert tencent_error.value.message == "The parameter `Emial` is not recognized by CreateUser."
    assert (alicloud_error.value.code, alicloud_error.value.status_code) == ("InvalidParameter", 400)
    assert alicloud_error.value.data["Message"] == "The parameter Emial is not defined by CreateUser."
    assert server.clouds.tencent.users(TENCENT_ZONE_ID) == []
    assert server.clouds.alicloud.users(ALICLOUD_DIRECTORY_ID) == []


# -- 7. the state file and the call record ----------------------------------------------------------------


def _journal_growth_of_one_update(tmp_path: Path, users: int) -> tuple[int, bool]:
    """Bytes one UpdateUser adds to disk with ``users`` users, and whether the snapshot was left alone."""
    state_file = tmp_path / f"state-{users}.json"
    clouds = FakeClouds()
    user_ids = [clouds.tencent.create_user(ZoneId=TENCENT_ZONE_ID, UserName=f"user-{i}")["UserId"]
                for i in range(users)]
    with EmulatorServer(clouds, state_file=state_file) as server:
        journal = Path(f"{state_file}.journal")
        snapshot_before = state_file.stat()
        before = journal.stat().st_size
        request = tc.UpdateUserRequest()
        request.ZoneId, request.UserId, request.NewDisplayName = TENCENT_ZONE_ID, user_ids[0], "Changed"
        tencent_client(server.endpoint).UpdateUser(request)
        growth = journal.stat().st_size - before
        snapshot_after = state_file.stat()
        untouched = (snapshot_before.st_ino, snapshot_before.st_mtime_ns) == (
            snapshot_after.st_ino, snapshot_after.st_mtime_ns)
        on_disk = read_state(state_file).tencent.get_user(ZoneId=TENCENT_ZONE_ID, UserId=user_ids[0])
        assert on_disk["DisplayName"] == "Changed"
    return growth, untouched


def test_a_change_writes_the_same_few_bytes_whatever_the_number_of_users(tmp_path: Path) -> None:
    small, small_untouched = _journal_growth_of_one_update(tmp_path, 2)
    large, large_untouched = _journal_growth_of_one_update(tmp_path, 600)
    assert small_untouched and large_untouched  # the snapshot is not rewritten per change
    assert 0 < small < 1000 and abs(large - small) <= 8  # one user's record (the ids differ by a digit or two)


def test_an_acknowledged_create_survives_kill_9(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    emulator = EmulatorProcess(tmp_path / "first", ["--state-file", str(state_file)]).start()
    try:
        user_id = tencent_create(emulator.endpoint, "alice")
        alicloud_id = alicloud_create(emulator.endpoint, "bob")
    finally:
        emulator.kill()
    assert Path(f"{state_file}.journal").stat().st_size > 0  # not folded in: the process never shut down

    with EmulatorProcess(tmp_path / "second", ["--state-file", str(state_file)]) as restarted:
        request = tc.GetUserRequest()
        request.ZoneId, request.UserId = TENCENT_ZONE_ID, user_id
        assert tencent_client(restarted.endpoint).GetUser(request).UserInfo.UserName == "alice"
        get = ali.GetUserRequest(directory_id=ALICLOUD_DIRECTORY_ID, user_id=alicloud_id)
        assert alicloud_client(restarted.endpoint).get_user(get).body.user.user_name == "bob"


def test_a_torn_last_journal_line_is_ignored(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    with EmulatorServer(FakeClouds(), state_file=state_file) as server:
        tencent_create(server.endpoint, "alice")
        journal = Path(f"{state_file}.journal").read_bytes()
    Path(f"{state_file}.journal").write_bytes(journal + b'{"cloud": "tencent", "contai')

    assert [u["UserName"] for u in read_state(state_file).tencent.users(TENCENT_ZONE_ID)] == ["alice"]


def test_the_call_record_keeps_only_the_most_recent_calls() -> None:
    with mock_clouds(FakeClouds(max_calls=3)) as clouds:
        for name in ("a", "b", "c", "d", "e"):
            tencent_create_named(name)
    assert [c.params["UserName"] for c in clouds.calls] == ["c", "d", "e"]


def tencent_create_named(name: str) -> None:
    request = tc.CreateUserRequest()
    request.ZoneId, request.UserName = TENCENT_ZONE_ID, name
    tencent_client().CreateUser(request)


def test_unexpected_errors_reach_the_emulator_log_as_tracebacks() -> None:
    logger = logging.getLogger("pulumi_directory_users.testing")
    stream = io.StringIO()
    handler = LineLogHandler(LineLog(stream))
    logger.addHandler(handler)
    try:
        with EmulatorServer(FakeClouds()) as server:
            server.clouds.tencent.get_user = broken(server.clouds.tencent.get_user)  # type: ignore[method-assign]
            request = tc.GetUserRequest()
            request.ZoneId, request.UserId = TENCENT_ZONE_ID, "u-x"
            with pytest.raises(TencentCloudSDKException):
                tencent_client(server.endpoint).GetUser(request)
    finally:
        logger.removeHandler(handler)
    logged = stream.getvalue()
    assert "tencent GetUser: unexpected error" in logged and "RuntimeError: a bug in the fake" in logged


def test_the_journal_replays_every_kind_of_change(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    clouds = FakeClouds()
    server = EmulatorServer(clouds, state_file=state_file)  # not serving: changes go straight to the model
    tencent, alicloud = clouds.tencent, clouds.alicloud
    zone, directory = TENCENT_ZONE_ID, ALICLOUD_DIRECTORY_ID
    t1 = tencent.create_user(ZoneId=zone, UserName="t1")["UserId"]
    t2 = tencent.create_user(ZoneId=zone, UserName="t2")["UserId"]
    a1 = alicloud.create_user(DirectoryId=directory, UserName="a1", Tags=[{"Key": "env", "Value": "dev"}])["UserId"]
    a2 = alicloud.create_synchronized_user(directory, "a2")["UserId"]
    changes: list[Callable[[], Any]] = [
        lambda: tencent.add_zone("z-second00001", identity_center_open=False, user_limit=5),
        lambda: alicloud.add_directory("d-second00001", user_limit=7),
        lambda: tencent.update_user(ZoneId=zone, UserId=t1, NewDisplayName="T One"),
        lambda: tencent.update_user_status(ZoneId=zone, UserId=t1, NewUserStatus="Disabled"),
        lambda: tencent.add_user_to_group(zone, t1, "g-1"),
        lambda: tencent.add_role_assignment(zone, t1),
        lambda: tencent.modify_user(zone, t1, Email="t1@example.com"),
        lambda: tencent.delete_user(ZoneId=zone, UserId=t2),
        lambda: alicloud.tag_resources(DirectoryId=directory, ResourceType="user", ResourceId=[a1],
                                       Tag=[{"Key": "team", "Value": "x"}]),
        lambda: alicloud.untag_resources(DirectoryId=directory, ResourceType="user", ResourceId=[a1], TagKey=["env"]),
        lambda: alicloud.set_tags_out_of_band(directory, a2, {"k": "v"}),
        lambda: alicloud.add_access_assignment(directory, a1),
        lambda: alicloud.remove_access_assignments(directory, a1),
        lambda: alicloud.add_user_to_group(directory, a1, "g-2"),
        lambda: alicloud.remove_user_from_group(directory, a1, "g-2"),
        lambda: alicloud.remove_user(directory, a2),
    ]
    try:
        for change in changes:
            change()
            server.save_if_changed()
            assert read_state(state_file).to_dict() == clouds.to_dict(), change
    finally:
        server.stop()
    assert read_state(state_file).to_dict() == clouds.to_dict()
