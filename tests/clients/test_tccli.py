"""Tencent's command line, tccli, against the emulator: what a user scripting the emulator sees."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pulumi_directory_users.testing import TENCENT_ZONE_ID, EmulatorServer

from .conftest import Tccli, run_probe


def test_the_full_user_lifecycle(tccli: Tccli, emulator: EmulatorServer) -> None:
    created = tccli("CreateUser", "--ZoneId", TENCENT_ZONE_ID, "--UserName", "alice", "--Email", "a@example.com")
    user_id = created.output["UserInfo"]["UserId"]
    assert created.output["UserInfo"]["UserName"] == "alice" and created.output["UserInfo"]["Password"]

    zone_user = ["--ZoneId", TENCENT_ZONE_ID, "--UserId", user_id]
    assert tccli("UpdateUser", *zone_user, "--NewDisplayName", "Alice").returncode == 0
    assert tccli("UpdateUserStatus", *zone_user, "--NewUserStatus", "Disabled").returncode == 0
    fetched = tccli("GetUser", *zone_user).output["UserInfo"]
    assert (fetched["DisplayName"], fetched["UserStatus"], fetched["Email"]) == ("Alice", "Disabled", "a@example.com")
    listed = tccli("ListUsers", "--ZoneId", TENCENT_ZONE_ID, "--Filter", "alice").output
    assert [u["UserId"] for u in listed["Users"]] == [user_id] and listed["TotalCounts"] == 1
    assert tccli("DeleteUser", *zone_user).returncode == 0
    gone = tccli("GetUser", *zone_user)

    assert gone.returncode != 0 and gone.code == "ResourceNotFound.UserNotExist"
    assert emulator.clouds.tencent.users(TENCENT_ZONE_ID) == []
    assert [(c.action, c.error) for c in emulator.clouds.calls] == [
        ("CreateUser", None), ("UpdateUser", None), ("UpdateUserStatus", None), ("GetUser", None),
        ("ListUsers", None), ("DeleteUser", None), ("GetUser", "ResourceNotFound.UserNotExist"),
    ]


def test_a_wrong_secret_is_the_sdks_signature_failure(tccli: Tccli, emulator: EmulatorServer) -> None:
    result = tccli("CreateUser", "--ZoneId", TENCENT_ZONE_ID, "--UserName", "alice", secret_key="not-the-secret")
    assert result.code == "AuthFailure.SignatureFailure", result.text
    assert emulator.clouds.tencent.users(TENCENT_ZONE_ID) == []


def test_an_expired_timestamp_is_signature_expire(tccli: Tccli, emulator: EmulatorServer) -> None:
    real_clock = emulator.clouds.signature_clock
    emulator.clouds.signature_clock = lambda: real_clock() + timedelta(minutes=6)  # the request is 6 min old
    result = tccli("CreateUser", "--ZoneId", TENCENT_ZONE_ID, "--UserName", "alice")
    assert result.code == "AuthFailure.SignatureExpire", result.text
    assert emulator.clouds.tencent.users(TENCENT_ZONE_ID) == []


def test_a_missing_parameter_is_missing_parameter(tccli: Tccli) -> None:
    # tccli checks required options itself; a JSON input reaches the API unchecked.
    result = tccli("GetUser", input_json={"ZoneId": TENCENT_ZONE_ID})
    assert result.code == "MissingParameter", result.text
    assert result.message == "The parameter `UserId` is missing."


def test_an_unknown_action_is_invalid_action(client_venv: Path, emulator: EmulatorServer, tmp_path: Path) -> None:
    # tccli refuses actions it does not know before sending; the SDK it runs on sends anything.
    [result] = run_probe(client_venv, tmp_path, "probe_tencent_sdk.py", "call", emulator.endpoint, "CreateUsers", "{}")
    assert result["error"]["code"] == "InvalidAction"
    assert [(c.action, c.error) for c in emulator.clouds.calls] == [("CreateUsers", "InvalidAction")]


def test_a_burst_of_64_fresh_connections_all_get_an_answer(
    client_venv: Path, emulator: EmulatorServer, tmp_path: Path
) -> None:
    burst = run_probe(client_venv, tmp_path, "probe_tencent_sdk.py", "burst", emulator.endpoint, "64", TENCENT_ZONE_ID)
    codes = ["OK" if "ok" in o else o["error"]["code"] for o in burst["outcomes"]]
    assert len(codes) == 64 and set(codes) == {"OK", "RequestLimitExceeded"}, codes  # no ClientNetworkError
    # The documented 20 per second: a full bucket of 20, plus what refills while the burst lasts.
    assert 20 <= codes.count("OK") <= 20 + int(20 * burst["seconds"]) + 1
    assert len(emulator.clouds.tencent.users(TENCENT_ZONE_ID)) == codes.count("OK")
