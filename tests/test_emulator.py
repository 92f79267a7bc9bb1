"""The local emulator: both clouds on one HTTP port, persistence, and the command line."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from alibabacloud_cloudsso20210515 import models as ali
from darabonba.exceptions import UnretryableException
from pulumi_directory_users.testing import (
    ALICLOUD_ACCESS_KEY_SECRET,
    ALICLOUD_DIRECTORY_ID,
    TENCENT_SECRET_KEY,
    TENCENT_ZONE_ID,
    EmulatorServer,
    FakeClouds,
    alicloud_client,
    read_state,
    tencent_client,
)
from pulumi_directory_users.testing.server import LISTENING_PREFIX, build_parser, configure
from tencentcloud.common.exception import TencentCloudSDKException
from tencentcloud.organization.v20210331 import models as tc


def tencent_create(endpoint: str, name: str, **client_args: Any) -> tc.UserInfo:
    req = tc.CreateUserRequest()
    req.ZoneId, req.UserName = TENCENT_ZONE_ID, name
    return tencent_client(endpoint, **client_args).CreateUser(req).UserInfo


def tencent_get(endpoint: str, user_id: str) -> tc.UserInfo:
    req = tc.GetUserRequest()
    req.ZoneId, req.UserId = TENCENT_ZONE_ID, user_id
    return tencent_client(endpoint).GetUser(req).UserInfo


def alicloud_create(endpoint: str, name: str, tags: dict[str, str] | None = None) -> ali.CreateUserResponseBodyUser:
    tag_models = [ali.CreateUserRequestTags(key=k, value=v) for k, v in (tags or {}).items()] or None
    req = ali.CreateUserRequest(directory_id=ALICLOUD_DIRECTORY_ID, user_name=name, tags=tag_models)
    return alicloud_client(endpoint).create_user(req).body.user


def test_one_port_serves_both_clouds() -> None:
    with EmulatorServer(FakeClouds(), port=0) as server:
        assert server.port > 0 and server.endpoint == f"127.0.0.1:{server.port}"
        tencent_user = tencent_create(server.endpoint, "alice")
        alicloud_user = alicloud_create(server.endpoint, "alice")

        assert tencent_get(server.endpoint, tencent_user.UserId).UserName == "alice"
        stored = server.clouds.alicloud.find_user(ALICLOUD_DIRECTORY_ID, "alice")
        assert stored is not None and stored["UserId"] == alicloud_user.user_id
        assert [(c.cloud, c.action) for c in server.clouds.calls] == [
            ("tencent", "CreateUser"),
            ("alicloud", "CreateUser"),
            ("tencent", "GetUser"),
        ]


def test_state_survives_a_restart(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    with EmulatorServer(FakeClouds(), state_file=state_file) as first:
        tencent_user = tencent_create(first.endpoint, "alice")
        alicloud_create(first.endpoint, "bob", {"env": "dev"})

    with EmulatorServer(FakeClouds(), state_file=state_file) as second:
        assert tencent_get(second.endpoint, tencent_user.UserId).UserName == "alice"
        bob = second.clouds.alicloud.find_user(ALICLOUD_DIRECTORY_ID, "bob")
        assert bob is not None and bob["Tags"] == [{"Key": "env", "Value": "dev"}]
        alicloud_create(second.endpoint, "carol")


def test_state_is_on_disk_before_the_response_arrives(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    with EmulatorServer(FakeClouds(), state_file=state_file) as server:
        user = tencent_create(server.endpoint, "alice")

        on_disk = read_state(state_file)
        assert [u["UserId"] for u in on_disk.tencent.users(TENCENT_ZONE_ID)] == [user.UserId]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json", "state.json.journal"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]  # folded in at shutdown


def test_drop_after_commit_closes_the_connection_and_keeps_the_change(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    with EmulatorServer(FakeClouds(), state_file=state_file) as server:
        server.clouds.faults.drop_after_commit("tencent", "CreateUser")
        server.clouds.faults.drop_after_commit("alicloud", "CreateUser")

        with pytest.raises(TencentCloudSDKException) as caught:
            tencent_create(server.endpoint, "alice")
        assert caught.value.code == "ClientNetworkError"
        with pytest.raises(UnretryableException):
            alicloud_create(server.endpoint, "bob")

    restored = FakeClouds.from_dict(json.loads(state_file.read_text()))
    assert restored.tencent.find_user(TENCENT_ZONE_ID, "alice") is not None
    assert restored.alicloud.find_user(ALICLOUD_DIRECTORY_ID, "bob") is not None


def test_requests_of_neither_cloud_get_400() -> None:
    with EmulatorServer(FakeClouds()) as server:
        request = urllib.request.Request(server.url + "/", data=b"{}", method="POST")
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=5)
        caught.value.close()
    assert caught.value.code == 400


def test_command_line_configures_keys_zones_and_faults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTORY_USERS_EMULATOR_ALICLOUD_KEY", "LTAIenv:envsecret")
    args = build_parser().parse_args(
        [
            "--tencent-key",
            "AKIDcli:clisecret",
            "--rate-limit",
            "alicloud:ListUsers=5/s",
            "--rate-limit",
            "GetUser=2",
            "--drop-probability",
            "0.5",
            "--seed",
            "3",
        ]
    )

    clouds = configure(args)

    assert clouds.keys == {"AKIDcli": "clisecret", "LTAIenv": "envsecret"}
    assert clouds.faults.rate_limits() == {
        ("tencent", "CreateUser"): 20.0,
        ("tencent", "DeleteUser"): 20.0,
        ("alicloud", "ListUsers"): 5.0,
        ("tencent", "GetUser"): 2.0,
        ("alicloud", "GetUser"): 2.0,
    }
    assert clouds.faults.drop_probability == 0.5
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--throttle-probability", "2"])


def _read_line(stream: Any, timeout: float) -> str:
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    if not selector.select(timeout):
        raise TimeoutError("the emulator did not print its listening line")
    return stream.readline()


def test_cli_prints_the_listening_line_serves_and_stops_on_sigterm(tmp_path: Path) -> None:
    env = {**os.environ, "DIRECTORY_USERS_EMULATOR_TENCENT_KEY": "AKIDcli:clisecret"}
    command = [
        sys.executable,
        "-m",
        "pulumi_directory_users.testing",
        "--port",
        "0",
        "--state-file",
        str(tmp_path / "s.json"),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = _read_line(process.stdout, timeout=20)
        assert line.startswith(LISTENING_PREFIX + " 127.0.0.1:")
        endpoint = line.split()[-1]
        tencent_create(endpoint, "alice", secret_id="AKIDcli", secret_key="clisecret")
        with pytest.raises(TencentCloudSDKException):
            tencent_create(endpoint, "bob")  # the default key was replaced
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "tencent CreateUser 200 OK" in stderr
    assert "tencent CreateUser 200 AuthFailure.SecretIdNotFound" in stderr
    for secret in ("clisecret", TENCENT_SECRET_KEY, ALICLOUD_ACCESS_KEY_SECRET, "Signature="):
        assert secret not in stderr
    assert json.loads((tmp_path / "s.json").read_text())["version"] == 1
