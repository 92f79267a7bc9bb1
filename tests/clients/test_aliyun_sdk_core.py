"""Alibaba's legacy Python SDK, aliyun-python-sdk-core (CommonRequest, RPC style, signature V1),
against the emulator: what scripts written on that SDK see."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, EmulatorServer

from .conftest import run_probe


def call(venv: Path, home: Path, emulator: EmulatorServer, action: str, *args: str) -> list[dict[str, Any]]:
    return run_probe(venv, home, "probe_aliyun_core.py", "call", emulator.endpoint, action, *args)


def test_the_full_user_lifecycle(client_venv: Path, emulator: EmulatorServer, tmp_path: Path) -> None:
    def one(action: str, *params: str) -> dict[str, Any]:
        [result] = call(client_venv, tmp_path, emulator, action, f"DirectoryId={ALICLOUD_DIRECTORY_ID}", *params)
        return result

    created = one("CreateUser", "UserName=alice", "Email=a@example.com", "Tags.1.Key=env", "Tags.1.Value=dev")
    user_id = created["ok"]["User"]["UserId"]
    assert created["ok"]["User"]["Tags"] == [{"Key": "env", "Value": "dev"}]
    assert "ok" in one("UpdateUser", f"UserId={user_id}", "NewDisplayName=Alice")
    assert "ok" in one("UpdateUserStatus", f"UserId={user_id}", "NewStatus=Disabled")
    fetched = one("GetUser", f"UserId={user_id}")["ok"]["User"]
    assert (fetched["DisplayName"], fetched["Status"], fetched["Email"]) == ("Alice", "Disabled", "a@example.com")
    listed = one("ListUsers", "Filter=UserName eq alice")["ok"]
    assert [u["UserId"] for u in listed["Users"]] == [user_id]
    assert "ok" in one("DeleteUser", f"UserId={user_id}")
    gone = one("GetUser", f"UserId={user_id}")["error"]

    assert (gone["type"], gone["code"], gone["status"]) == ("ServerException", "EntityNotExists.User", 404)
    assert emulator.clouds.alicloud.users(ALICLOUD_DIRECTORY_ID) == []


def test_a_wrong_secret_is_the_sdks_normal_server_exception(
    client_venv: Path, emulator: EmulatorServer, tmp_path: Path
) -> None:
    params = (f"DirectoryId={ALICLOUD_DIRECTORY_ID}", "UserName=alice", "--secret", "not-the-secret")
    [common] = call(client_venv, tmp_path, emulator, "CreateUser", *params)
    [typed] = call(client_venv, tmp_path, emulator, "CreateUser", *params, "--typed")

    assert (common["error"]["type"], common["error"]["code"]) == ("ServerException", "SignatureDoesNotMatch"), common
    assert common["error"]["message"].startswith("Specified signature is not matched with our calculation.")
    # A typed request keeps its string to sign: the SDK finds it after the colon of the
    # server's message, recognises its own, and names the secret as the cause.
    assert (typed["error"]["type"], typed["error"]["code"]) == ("ServerException", "InvalidAccessKeySecret"), typed
    assert [(c.action, c.error) for c in emulator.clouds.calls] == [("CreateUser", "SignatureDoesNotMatch")] * 2


def test_an_expired_timestamp_is_invalid_timestamp_expired(
    client_venv: Path, emulator: EmulatorServer, tmp_path: Path
) -> None:
    real_clock = emulator.clouds.signature_clock
    emulator.clouds.signature_clock = lambda: real_clock() + timedelta(minutes=16)  # the request is 16 min old
    [result] = call(client_venv, tmp_path, emulator, "CreateUser", f"DirectoryId={ALICLOUD_DIRECTORY_ID}",
                    "UserName=alice")
    assert (result["error"]["code"], result["error"]["status"]) == ("InvalidTimeStamp.Expired", 400)
    assert emulator.clouds.alicloud.users(ALICLOUD_DIRECTORY_ID) == []


def test_a_replayed_nonce_is_signature_nonce_used(client_venv: Path, emulator: EmulatorServer, tmp_path: Path) -> None:
    first, second = call(client_venv, tmp_path, emulator, "CreateUser", f"DirectoryId={ALICLOUD_DIRECTORY_ID}",
                         "UserName=alice", "--nonce", "6f1c0e5a-replayed", "--times", "2")
    assert first["ok"]["User"]["UserName"] == "alice"
    assert (second["error"]["code"], second["error"]["status"]) == ("SignatureNonceUsed", 400)
    assert len(emulator.clouds.alicloud.users(ALICLOUD_DIRECTORY_ID)) == 1


def test_an_unknown_action_and_a_missing_parameter(client_venv: Path, emulator: EmulatorServer, tmp_path: Path) -> None:
    [unknown] = call(client_venv, tmp_path, emulator, "CreateUsers", f"DirectoryId={ALICLOUD_DIRECTORY_ID}")
    [missing] = call(client_venv, tmp_path, emulator, "CreateUser", f"DirectoryId={ALICLOUD_DIRECTORY_ID}")
    assert (unknown["error"]["code"], unknown["error"]["status"]) == ("InvalidAction.NotFound", 404)
    assert (missing["error"]["code"], missing["error"]["status"]) == ("MissingUserName", 400)


def test_a_burst_of_64_fresh_connections_all_get_an_answer(
    client_venv: Path, emulator: EmulatorServer, tmp_path: Path
) -> None:
    emulator.clouds.faults.set_rate_limit("alicloud", "CreateUser", 20)
    burst = run_probe(client_venv, tmp_path, "probe_aliyun_core.py", "burst", emulator.endpoint, "64",
                      ALICLOUD_DIRECTORY_ID)
    codes = ["OK" if "ok" in o else o["error"]["code"] for o in burst["outcomes"]]
    assert len(codes) == 64 and set(codes) == {"OK", "Throttling.User"}, burst  # never a reset
    assert 20 <= codes.count("OK") <= 20 + int(20 * burst["seconds"]) + 1
    assert len(emulator.clouds.alicloud.users(ALICLOUD_DIRECTORY_ID)) == codes.count("OK")
