"""Calls the emulator with Alibaba's legacy Python SDK, aliyun-python-sdk-core (CommonRequest,
RPC style, signature V1). Runs inside build/client-venv, not in the project's environment.

    python probe_aliyun_core.py call ENDPOINT ACTION [NAME=VALUE ...] [--secret S] [--nonce N] [--times K] [--typed]
    python probe_aliyun_core.py burst ENDPOINT COUNT DIRECTORY_ID

Prints one JSON document: a list of outcomes, each {"ok": <response body>} or
{"error": {"type", "code", "status", "message"}}; for a burst, {"seconds": <its duration>,
"outcomes": [...]}.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from typing import Any

from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest, RpcRequest
from aliyunsdkcore.utils import parameter_helper

ACCESS_KEY_ID = "LTAIdirectoryusersfake01"
ACCESS_KEY_SECRET = "directoryusersfakealicloudsecret01"


def request(endpoint: str, action: str, params: dict[str, str], typed: bool = False) -> CommonRequest | RpcRequest:
    """A CommonRequest, or with ``typed`` the RpcRequest a generated product SDK would build."""
    if typed:
        built: CommonRequest | RpcRequest = RpcRequest("CloudSSO", "2021-05-15", action)
        built.set_endpoint(endpoint)
    else:
        built = CommonRequest(domain=endpoint, version="2021-05-15", action_name=action)
    built.set_protocol_type("http")
    built.set_method("POST")
    for name, value in params.items():
        built.add_query_param(name, value)
    return built


def outcome(client: AcsClient, common: CommonRequest | RpcRequest) -> dict[str, Any]:
    try:
        return {"ok": json.loads(client.do_action_with_exception(common))}
    except ServerException as error:
        return failure("ServerException", error.get_error_code(), error.get_http_status(), error.get_error_msg())
    except ClientException as error:
        return failure("ClientException", error.get_error_code(), None, error.get_error_msg())
    except Exception as error:  # noqa: BLE001 - anything else is what the test must see
        return failure(type(error).__name__, None, None, str(error))


def failure(kind: str, code: str | None, status: int | None, message: str) -> dict[str, Any]:
    return {"error": {"type": kind, "code": code, "status": status, "message": message}}


def call(args: argparse.Namespace) -> list[dict[str, Any]]:
    if args.nonce:
        parameter_helper.get_uuid = lambda: args.nonce  # every request signs with the same nonce
    client = AcsClient(ACCESS_KEY_ID, args.secret, "cn-shanghai", auto_retry=False)
    params = dict(item.split("=", 1) for item in args.params)
    return [outcome(client, request(args.endpoint, args.action, params, args.typed)) for _ in range(args.times)]


def burst(args: argparse.Namespace) -> dict[str, Any]:
    clients = [AcsClient(ACCESS_KEY_ID, ACCESS_KEY_SECRET, "cn-shanghai", auto_retry=False, timeout=30)
               for _ in range(args.count)]
    start = threading.Barrier(args.count)
    results: list[dict[str, Any]] = [{} for _ in range(args.count)]

    def create(index: int) -> None:
        common = request(args.endpoint, "CreateUser", {"DirectoryId": args.directory, "UserName": f"burst-{index}"})
        start.wait()
        results[index] = outcome(clients[index], common)

    began = time.monotonic()
    threads = [threading.Thread(target=create, args=(i,)) for i in range(args.count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"seconds": time.monotonic() - began, "outcomes": results}


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("call")
    one.add_argument("endpoint")
    one.add_argument("action")
    one.add_argument("params", nargs="*")
    one.add_argument("--secret", default=ACCESS_KEY_SECRET)
    one.add_argument("--nonce")
    one.add_argument("--times", type=int, default=1)
    one.add_argument("--typed", action="store_true")
    many = commands.add_parser("burst")
    many.add_argument("endpoint")
    many.add_argument("count", type=int)
    many.add_argument("directory")
    args = parser.parse_args()
    json.dump(call(args) if args.command == "call" else burst(args), sys.stdout)


if __name__ == "__main__":
    main()
