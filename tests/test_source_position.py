"""Where the state says a resource was declared: the program's line, and the program's frames only.

The registrations are recorded from the mock monitor (no engine): the request the SDK sends
carries the ``sourcePosition`` and ``stackTrace`` the engine keeps in the state entry. The
engine's copy of them is checked in tests/engine/test_state_entry.py.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, Callable

import pulumi
import pulumi.runtime.resource as sdk
import pytest
from pulumi.runtime import settings

from pulumi_directory_users import _trace

THIS_FILE = Path(__file__).resolve().as_uri()


class _Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return args.resource_id or f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list]:
        return {}, []


@pytest.fixture
def requests() -> dict[str, Any]:
    """The RegisterResource and ReadResource requests of the test's program, by resource name."""
    pulumi.runtime.set_mocks(_Mocks(), preview=False)
    monitor = settings.SETTINGS.monitor
    seen: dict[str, Any] = {}

    def recording(method: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def record(request: Any) -> Any:
            seen[request.name] = request
            return method(request)
        return record

    monitor.RegisterResource = recording(monitor.RegisterResource)
    monitor.ReadResource = recording(monitor.ReadResource)
    return seen


def _line_of(marker: str) -> int:
    """The line of this file that carries ``marker`` in a comment."""
    lines = Path(__file__).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if text.rstrip().endswith(f"# {marker}"))


def _frames(request: Any) -> list[tuple[str, int]]:
    return [(frame.pc.uri, frame.pc.line) for frame in request.stackTrace.frames]


def test_the_pinned_sdk_records_each_registration_through_the_function_we_stand_in_for() -> None:
    # If the SDK renames or inlines it, program_trace() silently does nothing: this fails instead.
    for registration in (sdk.register_resource, sdk.read_resource):
        assert _trace.HOOKED in registration.__code__.co_names, registration
    assert inspect.isfunction(getattr(sdk, _trace.HOOKED))
    assert inspect.isfunction(getattr(sdk, _trace.POSITION))


def _declare_in_a_helper() -> Any:
    from pulumi_directory_users import alicloud

    return alicloud.Group("helper-group", directory_id="d-00fc2p61abcd", group_name="ops")  # helper


@pulumi.runtime.test
def test_every_kind_is_recorded_at_the_programs_line_with_no_frame_of_ours_or_the_runtime(
        requests: dict[str, Any]) -> Any:
    from pulumi_directory_users import alicloud, native, tencentcloud

    original = getattr(sdk, _trace.HOOKED)
    user = tencentcloud.User("tc-user", zone_id="z-1os7c9tyugct", user_name="alice")  # tc-user
    group = tencentcloud.Group("tc-group", zone_id="z-1os7c9tyugct", group_name="admins")  # tc-group
    member = tencentcloud.GroupMembership("tc-member", zone_id="z-1os7c9tyugct",  # tc-member
                                          group_id=group.group_id, user_id=user.user_id)
    existing = alicloud.User.get("ali-existing", "d-00fc2p61abcd:u-00000000000000000001")  # ali-existing
    helper = _declare_in_a_helper()  # helper caller
    native_provider = native.Provider("native-provider")  # native-provider
    native_user = native.tencentcloud.User("native-user", zone_id="z-1os7c9tyugct", user_name="bob",  # native-user
                                           opts=pulumi.ResourceOptions(provider=native_provider))
    assert getattr(sdk, _trace.HOOKED) is original, "the SDK's function is put back after each registration"

    def check(_: Any) -> None:
        for name in ("tc-user", "tc-group", "tc-member", "ali-existing", "native-provider", "native-user"):
            request = requests[name]
            assert (request.sourcePosition.uri, request.sourcePosition.line) == (THIS_FILE, _line_of(name)), name
            # One frame: the test function, called by the SDK's test runner (runtime code, left out).
            assert _frames(request) == [(THIS_FILE, _line_of(name))], name
        assert _frames(requests["helper-group"]) == [(THIS_FILE, _line_of("helper")),
                                                     (THIS_FILE, _line_of("helper caller"))]

    resources = (user, group, member, existing, helper, native_provider, native_user)
    return pulumi.Output.all(*(r.urn for r in resources)).apply(check)


class _OtherProvider(pulumi.dynamic.ResourceProvider):
    def create(self, props: Any) -> pulumi.dynamic.CreateResult:
        return pulumi.dynamic.CreateResult("other-id", props)


class _OtherDynamicResource(pulumi.dynamic.Resource):
    def __init__(self, name: str) -> None:
        super().__init__(_OtherProvider(), name, {})  # other resource


@pulumi.runtime.test
def test_another_resource_of_the_program_keeps_the_sdks_own_trace(requests: dict[str, Any]) -> Any:
    from pulumi_directory_users import tencentcloud

    tencentcloud.User("ours", zone_id="z-1os7c9tyugct", user_name="alice")
    other = _OtherDynamicResource("other")

    def check(_: Any) -> None:
        request = requests["other"]
        # The SDK's rule: the frames above the third __init__, runtime frames included.
        assert (request.sourcePosition.uri, request.sourcePosition.line) == (THIS_FILE, _line_of("other resource"))
        assert len(_frames(request)) > 2 and any("/pulumi/" in uri for uri, _ in _frames(request))

    return other.urn.apply(check)
