"""Calls the emulator with the full Tencent Cloud SDK that tccli runs on, for what the tccli
command cannot send: an action it does not know, and 64 connections at once (64 tccli
processes would start over seconds, not at once). Runs inside build/client-venv.

    python probe_tencent_sdk.py call ENDPOINT ACTION PARAMS_JSON
    python probe_tencent_sdk.py burst ENDPOINT COUNT ZONE_ID

Prints one JSON document: a list of outcomes, each {"ok": <response>} or {"error": {"code", "message"}};
for a burst, {"seconds": <its duration>, "outcomes": [...]}.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Any

from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile

SECRET_ID = "AKIDdirectoryusersfaketencent0000001"
SECRET_KEY = "directoryusersfaketencentsecret01"


def client(endpoint: str) -> CommonClient:
    profile = ClientProfile(httpProfile=HttpProfile(endpoint=endpoint, protocol="http", reqTimeout=30))
    return CommonClient("organization", "2021-03-31", Credential(SECRET_ID, SECRET_KEY), "", profile=profile)


def outcome(common: CommonClient, action: str, params: dict[str, Any]) -> dict[str, Any]:
    try:
        return {"ok": common.call_json(action, params)}
    except TencentCloudSDKException as error:
        return {"error": {"code": error.get_code(), "message": error.get_message()}}


def burst(endpoint: str, count: int, zone_id: str) -> dict[str, Any]:
    clients = [client(endpoint) for _ in range(count)]
    start = threading.Barrier(count)
    results: list[dict[str, Any]] = [{} for _ in range(count)]

    def create(index: int) -> None:
        start.wait()
        results[index] = outcome(clients[index], "CreateUser", {"ZoneId": zone_id, "UserName": f"burst-{index}"})

    began = time.monotonic()
    threads = [threading.Thread(target=create, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"seconds": time.monotonic() - began, "outcomes": results}


def main() -> None:
    command, endpoint, *rest = sys.argv[1:]
    result: Any
    if command == "call":
        action, params = rest
        result = [outcome(client(endpoint), action, json.loads(params))]
    else:
        count, zone_id = rest
        result = burst(endpoint, int(count), zone_id)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
