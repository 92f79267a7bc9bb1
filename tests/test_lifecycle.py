"""The provider's lifecycle in both clouds, through the real SDK clients against the fakes."""

from __future__ import annotations

import pytest
import requests
from pulumi.dynamic import Config, ConfigureRequest


from pulumi_directory_users.errors import (
    AlreadyExists,
    AuthFailure,
    DeadlineExceeded,
    DeleteBlocked,
    InvalidRequest,
    ManagedElsewhere,
    MissingCredentials,
    ParentNotFound,
    QuotaExceeded,
    ServiceNotEnabled,
)
from pulumi_directory_users.testing import (
    ALICLOUD_ACCESS_KEY_ID,
    ALICLOUD_ACCESS_KEY_SECRET,
    TENCENT_SECRET_ID,
    TENCENT_SECRET_KEY,
    FakeClouds,
)

from .conftest import CREDENTIAL_ENV, Cloud, FakeTime

PROFILE = {"display_name": "Alice Example", "email": "alice@example.com", "description": "SRE"}


def create(cloud: Cloud, **fields: object) -> tuple[str, dict]:
    result = cloud.provider.create(cloud.inputs(**fields))
    return result.id, result.outs


def calls(clouds: FakeClouds, cloud: Cloud) -> list[tuple[str, dict]]:
    return [(c.action, c.params) for c in clouds.calls_for(cloud.wire)]


def test_create_stores_ids_times_and_every_input(cloud: Cloud) -> None:
    resource_id, outs = create(cloud, **PROFILE)
    user_id = cloud.user_id(resource_id)
    assert resource_id == f"{cloud.parent_id}{cloud.separator}{user_id}"
    assert user_id.startswith("u-") and outs["user_id"] == user_id
    assert outs["create_time"] and outs["update_time"]
    assert {k: outs[k] for k in PROFILE} == PROFILE
    assert outs[cloud.status] == "Enabled"
    stored = cloud.user(user_id)
    assert stored["DisplayName"] == "Alice Example" and stored["Email"] == "alice@example.com"


def test_a_just_created_user_previews_as_no_change(cloud: Cloud) -> None:
    resource_id, outs = create(cloud, **PROFILE)
    news = {**cloud.inputs(**PROFILE), "__provider": "another-serialization"}
    diff = cloud.provider.diff(resource_id, {**outs, "__provider": "old"}, news)
    assert diff.changes is False and diff.replaces == []


def test_changing_display_name_sends_only_that_field(cloud: Cloud, clouds: FakeClouds) -> None:
    resource_id, outs = create(cloud, **PROFILE)
    clouds.clear_calls()
    result = cloud.provider.update(resource_id, outs, cloud.inputs(**{**PROFILE, "display_name": "Al"}))
    updates = [params for action, params in calls(clouds, cloud) if action == "UpdateUser"]
    assert len(updates) == 1
    assert {k: v for k, v in updates[0].items() if k.startswith("New")} == {"NewDisplayName": "Al"}
    assert result.outs["display_name"] == "Al"
    assert cloud.user(cloud.user_id(resource_id))["DisplayName"] == "Al"


def test_removing_an_optional_field_clears_it_in_the_cloud(cloud: Cloud) -> None:
    resource_id, outs = create(cloud, **PROFILE)
    result = cloud.provider.update(resource_id, outs, cloud.inputs(display_name="Alice Example"))
    stored = cloud.user(cloud.user_id(resource_id))
    assert stored["Email"] == "" and stored["Description"] == ""
    assert "email" not in result.outs and "description" not in result.outs


def test_disable_then_enable_uses_the_status_call_only(cloud: Cloud, clouds: FakeClouds) -> None:
    resource_id, outs = create(cloud)
    status_key = "UserStatus" if cloud.name == "tencentcloud" else "Status"
    for status in ("Disabled", "Enabled"):
        clouds.clear_calls()
        outs = cloud.provider.update(resource_id, outs, cloud.inputs(**{cloud.status: status})).outs
        assert [a for a, _ in calls(clouds, cloud)] == ["UpdateUserStatus"]
        assert cloud.user(cloud.user_id(resource_id))[status_key] == status
        assert outs[cloud.status] == status


def test_refresh_after_an_out_of_band_delete_drops_the_user(cloud: Cloud) -> None:
    resource_id, outs = create(cloud)
    cloud.backend.remove_user(cloud.parent_id, cloud.user_id(resource_id))
    result = cloud.provider.read(resource_id, outs)
    assert not result.id and result.outs == {}


def test_an_out_of_band_change_shows_as_a_diff_after_refresh(cloud: Cloud) -> None:
    resource_id, outs = create(cloud, **PROFILE)
    cloud.backend.modify_user(cloud.parent_id, cloud.user_id(resource_id), DisplayName="Mallory")
    refreshed = cloud.provider.read(resource_id, outs)
    assert refreshed.outs["display_name"] == "Mallory"
    assert refreshed.inputs["display_name"] == "Mallory"
    diff = cloud.provider.diff(resource_id, refreshed.outs, cloud.inputs(**PROFILE))
    assert diff.changes is not False and diff.replaces == []  # some (the dynamic form: "unknown")


def test_refresh_of_an_unchanged_user_keeps_inputs_as_declared(cloud: Cloud) -> None:
    resource_id, outs = create(cloud, **PROFILE)
    refreshed = cloud.provider.read(resource_id, outs)
    assert refreshed.inputs == cloud.inputs(**PROFILE)
    assert cloud.provider.diff(resource_id, refreshed.outs, cloud.inputs(**PROFILE)).changes is False


def test_get_reads_a_user_from_its_id_alone(cloud: Cloud) -> None:
    resource_id, _ = create(cloud, **PROFILE)
    result = cloud.provider.read(resource_id, {})
    assert result.id == resource_id
    assert result.outs["user_name"] == "alice" and result.outs[cloud.parent] == cloud.parent_id
    assert result.outs["email"] == "alice@example.com"


def test_a_malformed_id_is_rejected_with_the_expected_shape(cloud: Cloud) -> None:
    with pytest.raises(ValueError, match="malformed"):
        cloud.provider.read("u-123", {})


def test_delete_removes_the_user_and_a_second_delete_is_fine(cloud: Cloud) -> None:
    resource_id, outs = create(cloud)
    cloud.provider.delete(resource_id, outs)
    assert cloud.user_ids() == []
    cloud.provider.delete(resource_id, outs)


def test_delete_of_a_group_member_says_to_remove_it_from_its_groups(cloud: Cloud) -> None:
    resource_id, outs = create(cloud)
    cloud.backend.add_user_to_group(cloud.parent_id, cloud.user_id(resource_id), "g-admins")
    with pytest.raises(DeleteBlocked, match="member of a.* group.*remove it from its groups"):
        cloud.provider.delete(resource_id, outs)
    assert cloud.user_ids() == [cloud.user_id(resource_id)]


def test_delete_with_an_assignment_says_to_remove_the_assignment(tencent: Cloud, alibaba: Cloud) -> None:
    tc_id, tc_outs = create(tencent)
    tencent.backend.add_role_assignment(tencent.parent_id, tencent.user_id(tc_id))
    with pytest.raises(DeleteBlocked, match="DeleteRoleAssignment"):
        tencent.provider.delete(tc_id, tc_outs)
    ali_id, ali_outs = create(alibaba)
    alibaba.backend.add_access_assignment(alibaba.parent_id, alibaba.user_id(ali_id))
    with pytest.raises(DeleteBlocked, match="DeleteAccessAssignment"):
        alibaba.provider.delete(ali_id, ali_outs)


def test_synchronized_users_are_refused_with_advice(tencent: Cloud, alibaba: Cloud) -> None:
    tc_info = tencent.backend.create_user(ZoneId=tencent.parent_id, UserName="scim", UserType="Synchronized")
    tc_id = f"{tencent.parent_id}#{tc_info['UserId']}"
    with pytest.raises(ManagedElsewhere, match="identity provider"):
        tencent.provider.delete(tc_id, {})
    ali_info = alibaba.backend.create_synchronized_user(alibaba.parent_id, "scim")
    ali_id = f"{alibaba.parent_id}:{ali_info['UserId']}"
    outs = alibaba.provider.read(ali_id, {}).outs
    assert outs["provision_type"] == "Synchronized"
    with pytest.raises(ManagedElsewhere, match="identity provider"):
        alibaba.provider.update(ali_id, outs, alibaba.inputs(user_name="scim", display_name="x"))


def precreate(cloud: Cloud, **api_fields: str) -> str:
    return str(cloud.precreate("alice", **api_fields)["UserId"])


def test_adopt_existing_takes_over_the_user_and_applies_the_declared_fields(cloud: Cloud) -> None:
    existing = precreate(cloud, DisplayName="Old", Description="stale")
    resource_id, outs = create(cloud, adopt_existing=True, display_name="New")
    assert cloud.user_id(resource_id) == existing
    stored = cloud.user(existing)
    assert stored["DisplayName"] == "New" and stored["Description"] == ""
    assert outs["adopt_existing"] is True and cloud.user_ids() == [existing]


def test_adopt_existing_creates_when_there_is_nothing_to_adopt(cloud: Cloud) -> None:
    resource_id, _ = create(cloud, adopt_existing=True)
    assert cloud.user_ids() == [cloud.user_id(resource_id)]


def test_without_adopt_existing_the_conflict_names_the_user_and_the_way_out(cloud: Cloud) -> None:
    existing = precreate(cloud)
    with pytest.raises(AlreadyExists) as caught:
        create(cloud)
    assert existing in str(caught.value) and "adopt_existing=True" in str(caught.value)


def test_an_email_taken_by_another_user_is_a_clear_conflict(cloud: Cloud) -> None:
    create(cloud, email="shared@example.com")
    with pytest.raises(AlreadyExists, match="email 'shared@example.com' is already used by user u-"):
        cloud.provider.create(cloud.inputs(user_name="bob", email="shared@example.com"))


def test_throttling_is_retried_until_it_succeeds(cloud: Cloud, clouds: FakeClouds, fake_time: FakeTime) -> None:
    code = cloud.throttle_code
    clouds.faults.fail_next(cloud.wire, "CreateUser", code, times=3)
    resource_id, _ = create(cloud)
    assert [c.error for c in clouds.calls_for(cloud.wire, "CreateUser")] == [code, code, code, None]
    assert len(fake_time.pauses) == 3
    assert cloud.user_ids() == [cloud.user_id(resource_id)]


def sequence(clouds: FakeClouds, cloud: Cloud) -> list[tuple[str, str | None, bool]]:
    """(action, error answered, connection dropped) of every request the fake received."""
    return [(c.action, c.error, c.dropped) for c in clouds.calls_for(cloud.wire)]


def test_server_errors_and_dropped_connections_are_retried(cloud: Cloud, clouds: FakeClouds) -> None:
    code = cloud.server_error_code
    resource_id, outs = create(cloud)
    clouds.clear_calls()
    # A refresh reads through the zone/directory's listing.
    clouds.faults.fail_next(cloud.wire, "ListUsers", code)
    clouds.faults.drop_next(cloud.wire, "ListUsers")
    assert cloud.provider.read(resource_id, outs).id == resource_id
    assert clouds.faults.pending() == 0
    assert sequence(clouds, cloud) == [
        ("ListUsers", code, False), ("ListUsers", "network", True), ("ListUsers", None, False)]




def test_a_lost_create_answer_does_not_make_a_second_user(cloud: Cloud, clouds: FakeClouds) -> None:
    clouds.faults.drop_after_commit(cloud.wire, "CreateUser")
    resource_id, outs = create(cloud, **PROFILE)
    assert clouds.faults.pending() == 0
    # The first CreateUser took effect but its answer was lost; the retry met "already exists",
    # and the lookup by name found the user the first attempt made.
    assert sequence(clouds, cloud) == [
        ("CreateUser", None, True), ("CreateUser", cloud.name_taken_code, False), ("ListUsers", None, False)]
    assert cloud.user_ids() == [cloud.user_id(resource_id)]
    assert outs["display_name"] == "Alice Example"


def test_retrying_stops_at_the_configured_deadline(cloud: Cloud, clouds: FakeClouds, fake_time: FakeTime,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTORY_USERS_RETRY_DEADLINE", "30")
    code = cloud.throttle_code
    clouds.faults.fail_next(cloud.wire, "CreateUser", code, times=1000)
    with pytest.raises(DeadlineExceeded, match="CreateUser still failing.*retryDeadline"):
        create(cloud)
    assert fake_time.now <= 30
    assert cloud.user_ids() == []


def test_a_wrong_secret_is_rejected_and_never_echoed(cloud: Cloud, monkeypatch: pytest.MonkeyPatch) -> None:
    secret_var = "TENCENTCLOUD_SECRET_KEY" if cloud.name == "tencentcloud" else "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
    monkeypatch.setenv(secret_var, "definitely-wrong-secret")
    with pytest.raises(AuthFailure) as caught:
        create(cloud)
    assert "definitely-wrong-secret" not in str(caught.value)
    assert secret_var in str(caught.value)


MISSING_CREDENTIALS = {
    ("tencentcloud", "dynamic"): (
        "No Tencent Cloud Identity Center credentials (none found). Any ONE of these is enough: "
        "(1) stack config: pulumi config set --secret tencentcloud:secretId <id> and "
        "pulumi config set --secret tencentcloud:secretKey <secret>; "
        "(2) environment: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY; "
        "for temporary credentials also set the token the same way "
        "(config tencentcloud:securityToken, TENCENTCLOUD_SECURITY_TOKEN)."
    ),
    ("alicloud", "dynamic"): (
        "No Alibaba Cloud CloudSSO credentials (none found). Any ONE of these is enough: "
        "(1) stack config: pulumi config set --secret alicloud:accessKey <id> and "
        "pulumi config set --secret alicloud:secretKey <secret>; "
        "(2) environment: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET; "
        "(3) environment: ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY; "
        "for temporary credentials also set the token the same way "
        "(config alicloud:securityToken, ALIBABA_CLOUD_SECURITY_TOKEN, ALICLOUD_SECURITY_TOKEN)."
    ),
    # The native provider is given its own namespace only, or an explicit provider's arguments.
    ("tencentcloud", "native"): (
        "No Tencent Cloud Identity Center credentials (none found). Any ONE of these is enough: "
        "(1) stack config: pulumi config set --secret directory-users:tencentcloudSecretId <id> and "
        "pulumi config set --secret directory-users:tencentcloudSecretKey <secret>; "
        "(2) an explicit provider: its tencentcloudSecretId and tencentcloudSecretKey arguments; "
        "(3) environment: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY; "
        "for temporary credentials also set the token the same way "
        "(config directory-users:tencentcloudSecurityToken, TENCENTCLOUD_SECURITY_TOKEN)."
    ),
    ("alicloud", "native"): (
        "No Alibaba Cloud CloudSSO credentials (none found). Any ONE of these is enough: "
        "(1) stack config: pulumi config set --secret directory-users:alicloudAccessKey <id> and "
        "pulumi config set --secret directory-users:alicloudSecretKey <secret>; "
        "(2) an explicit provider: its alicloudAccessKey and alicloudSecretKey arguments; "
        "(3) environment: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET; "
        "(4) environment: ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY; "
        "for temporary credentials also set the token the same way "
        "(config directory-users:alicloudSecurityToken, ALIBABA_CLOUD_SECURITY_TOKEN, ALICLOUD_SECURITY_TOKEN)."
    ),
}


def test_missing_credentials_say_any_one_of_the_places_is_enough(
        cloud: Cloud, clouds: FakeClouds, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CREDENTIAL_ENV:
        monkeypatch.delenv(name)
    with pytest.raises(MissingCredentials) as caught:
        create(cloud)
    assert str(caught.value) == MISSING_CREDENTIALS[cloud.name, cloud.front_end]
    assert clouds.calls == []


def test_half_a_key_pair_is_named_as_such(alibaba: Cloud, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
    with pytest.raises(MissingCredentials, match=r"credentials \(found its key id but not its secret\)"):
        create(alibaba)


def test_credentials_from_pulumi_config_win_over_the_environment(
        cloud: Cloud, monkeypatch: pytest.MonkeyPatch) -> None:
    config = {k.replace("TENCENTCLOUD_SECRET_ID", "tencentcloud:secretId")
              .replace("TENCENTCLOUD_SECRET_KEY", "tencentcloud:secretKey")
              .replace("ALIBABA_CLOUD_ACCESS_KEY_ID", "alicloud:accessKey")
              .replace("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "alicloud:secretKey"): v
              for k, v in CREDENTIAL_ENV.items()}
    for name in CREDENTIAL_ENV:
        monkeypatch.setenv(name, "wrong")
    cloud.provider.configure(ConfigureRequest(Config(config, "proj")))
    resource_id, _ = create(cloud)
    assert cloud.user_ids() == [cloud.user_id(resource_id)]


def test_service_level_errors_are_mapped_with_advice(tencent: Cloud, alibaba: Cloud, clouds: FakeClouds) -> None:
    with pytest.raises(ParentNotFound, match="z-missing00000 does not exist"):
        tencent.provider.create(tencent.inputs(zone_id="z-missing00000"))
    with pytest.raises(ParentNotFound, match="d-missing00000 does not exist"):
        alibaba.provider.create(alibaba.inputs(directory_id="d-missing00000"))
    clouds.tencent.add_zone("z-closedzone01", identity_center_open=False)
    with pytest.raises(ServiceNotEnabled, match="enable it"):
        tencent.provider.create(tencent.inputs(zone_id="z-closedzone01"))
    clouds.tencent.add_zone("z-fullzone0001", user_limit=0)
    with pytest.raises(QuotaExceeded, match="quota"):
        tencent.provider.create(tencent.inputs(zone_id="z-fullzone0001"))


def test_tencent_returns_the_initial_password_and_keeps_it_across_refresh(tencent: Cloud) -> None:
    resource_id, outs = create(tencent, need_reset_password=True)
    assert outs["password"]
    assert tencent.user(tencent.user_id(resource_id))["NeedResetPassword"] is True
    refreshed = tencent.provider.read(resource_id, outs)
    assert refreshed.outs["password"] == outs["password"]
    assert "password" not in refreshed.inputs


def test_alicloud_tags_are_added_changed_and_removed_in_place(alibaba: Cloud, clouds: FakeClouds) -> None:
    resource_id, outs = create(alibaba, tags={"team": "sre", "env": "dev"})
    user_id = alibaba.user_id(resource_id)
    assert outs["tags"] == {"team": "sre", "env": "dev"}
    clouds.clear_calls()
    outs = alibaba.provider.update(resource_id, outs, alibaba.inputs(tags={"team": "sre", "env": "prod", "cost": "42"})).outs
    sent = dict(calls(clouds, alibaba))
    assert {k: v for k, v in sent["TagResources"].items() if k.startswith("Tag.")} == {
        "Tag.1.Key": "env", "Tag.1.Value": "prod", "Tag.2.Key": "cost", "Tag.2.Value": "42"}
    assert "UntagResources" not in sent
    assert "UserId" not in sent["TagResources"] and sent["TagResources"]["ResourceId.1"] == user_id
    clouds.clear_calls()
    outs = alibaba.provider.update(resource_id, outs, alibaba.inputs(tags={"cost": "42"})).outs
    sent = dict(calls(clouds, alibaba))
    assert sorted(v for k, v in sent["UntagResources"].items() if k.startswith("TagKey.")) == ["env", "team"]
    assert outs["tags"] == {"cost": "42"}
    alibaba.backend.set_tags_out_of_band(alibaba.parent_id, user_id, {"cost": "42", "acs:system": "1"})
    refreshed = alibaba.provider.read(resource_id, outs)
    assert refreshed.outs["tags"] == {"cost": "42"}  # the cloud's own tags are not ours to manage
    outs = alibaba.provider.update(resource_id, refreshed.outs, alibaba.inputs()).outs
    assert "tags" not in outs
    assert alibaba.user(user_id).get("Tags") == [{"Key": "acs:system", "Value": "1"}]



def test_without_the_client_side_limit_a_burst_is_absorbed_by_retries(
        tencent: Cloud, clouds: FakeClouds, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fake's token bucket refills on the faked clock, which moves only when the retry policy pauses.
    clouds.faults.clock = lambda: fake_time.now
    monkeypatch.setenv("DIRECTORY_USERS_TENCENTCLOUD_RATE_LIMITS", "*=0")  # the safety net alone
    clouds.faults.use_documented_rate_limits()  # Tencent CreateUser: 20 requests/s, a bucket of 20
    for i in range(26):
        tencent.provider.create(tencent.inputs(user_name=f"user{i}"))
    errors = [c.error for c in clouds.calls_for("tencent", "CreateUser")]
    assert len(tencent.user_ids()) == 26
    # The bucket's 20 went through, the 21st was throttled; each pause refilled what the next ones needed.
    assert errors[:21] == [None] * 20 + ["RequestLimitExceeded"]
    assert errors.count(None) == 26 and errors.count("RequestLimitExceeded") == len(fake_time.pauses) > 0


def test_the_client_side_limit_keeps_a_burst_under_the_quota(
        tencent: Cloud, clouds: FakeClouds, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> None:
    # The client paces on the faked clock, and the fake refills on it: 30 creates at 50/s, 0.6 s of fake
    # time. The fake allows a burst of 5 only, so an unpaced burst is throttled (see the test above).
    clouds.faults.clock = lambda: fake_time.now
    monkeypatch.setenv("DIRECTORY_USERS_TENCENTCLOUD_RATE_LIMITS", "CreateUser=50")
    clouds.faults.set_rate_limit("tencent", "CreateUser", 50, burst=5)
    for i in range(30):
        tencent.provider.create(tencent.inputs(user_name=f"user{i}"))
    created = clouds.calls_for("tencent", "CreateUser")
    assert [c.error for c in created if c.error] == []
    assert len(created) == 30 and len(tencent.user_ids()) == 30
    assert fake_time.pauses == [pytest.approx(0.02)] * 29  # the first had its token; each other waited its turn


def test_adoption_finds_the_exact_name_past_the_first_page_of_a_loose_filter(
        tencent: Cloud, clouds: FakeClouds) -> None:
    # Tencent's ListUsers filter is free text: "alice" also matches 120 "alice-N" users here.
    for i in range(120):
        tencent.backend.create_user(ZoneId=tencent.parent_id, UserName=f"alice-{i}")
    existing = precreate(tencent)
    resource_id, _ = create(tencent, adopt_existing=True)
    assert tencent.user_id(resource_id) == existing
    assert len(clouds.calls_for("tencent", "ListUsers")) == 2


def test_alibaba_adoption_asks_for_the_name_and_reads_one_page_of_a_long_directory(
        alibaba: Cloud, clouds: FakeClouds) -> None:
    # 150 other users: listing the directory takes two pages; CloudSSO's name filter answers in one.
    for i in range(150):
        alibaba.backend.create_user(DirectoryId=alibaba.parent_id, UserName=f"user-{i}")
    existing = precreate(alibaba)
    clouds.clear_calls()
    resource_id, _ = create(alibaba, adopt_existing=True)
    assert alibaba.user_id(resource_id) == existing
    assert [c.params.get("Filter") for c in clouds.calls_for("alicloud", "ListUsers")] == ["UserName eq alice"]


def header_of(request: requests.PreparedRequest, name: str) -> str | None:
    return next((v for k, v in request.headers.items() if k.lower() == name.lower()), None)


def test_session_tokens_from_the_environment_go_out_with_every_request(
        tencent: Cloud, alibaba: Cloud, clouds: FakeClouds, sent: list[requests.PreparedRequest],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENCENTCLOUD_SECURITY_TOKEN", "tc-session-token")
    monkeypatch.setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "ali-sts-token")
    # The fakes accept a token only with the key it was issued with.
    clouds.add_key(TENCENT_SECRET_ID, TENCENT_SECRET_KEY, token="tc-session-token")
    clouds.add_key(ALICLOUD_ACCESS_KEY_ID, ALICLOUD_ACCESS_KEY_SECRET, token="ali-sts-token")
    create(tencent)
    create(alibaba)
    assert [header_of(r, "X-TC-Token") for r in sent if "tencentcloudapi" in (r.url or "")] == ["tc-session-token"]
    assert [header_of(r, "x-acs-security-token") for r in sent if "aliyuncs" in (r.url or "")] == ["ali-sts-token"]
    assert [c.action for c in clouds.calls] == ["CreateUser", "CreateUser"]


def test_tokens_and_regions_are_read_from_their_config_keys(
        tencent: Cloud, alibaba: Cloud, clouds: FakeClouds, sent: list[requests.PreparedRequest]) -> None:
    clouds.add_key(TENCENT_SECRET_ID, TENCENT_SECRET_KEY, token="tc-token-from-config")
    clouds.add_key(ALICLOUD_ACCESS_KEY_ID, ALICLOUD_ACCESS_KEY_SECRET, token="ali-token-from-config")
    tencent.provider.configure(ConfigureRequest(Config({
        "tencentcloud:securityToken": "tc-token-from-config", "tencentcloud:region": "ap-guangzhou"}, "proj")))
    alibaba.provider.configure(ConfigureRequest(Config({
        "alicloud:securityToken": "ali-token-from-config", "alicloud:region": "ap-southeast-1"}, "proj")))
    create(tencent)
    create(alibaba)
    tc_request, ali_request = sent
    assert header_of(tc_request, "X-TC-Token") == "tc-token-from-config"
    assert header_of(tc_request, "X-TC-Region") == "ap-guangzhou"
    assert tc_request.url == "https://organization.tencentcloudapi.com/"
    assert header_of(ali_request, "x-acs-security-token") == "ali-token-from-config"
    assert (ali_request.url or "").startswith("https://cloudsso.ap-southeast-1.aliyuncs.com/")
    assert [(c.cloud, c.action, c.error) for c in clouds.calls] == [
        ("tencent", "CreateUser", None), ("alicloud", "CreateUser", None)]


def test_removing_status_sets_it_back_to_enabled_on_the_wire(cloud: Cloud, clouds: FakeClouds) -> None:
    resource_id, outs = create(cloud, **{cloud.status: "Disabled"})
    clouds.clear_calls()
    result = cloud.provider.update(resource_id, outs, cloud.inputs())
    status_param, status_key = {"tencentcloud": ("NewUserStatus", "UserStatus"),
                                "alicloud": ("NewStatus", "Status")}[cloud.name]
    sent_calls = calls(clouds, cloud)
    assert [a for a, _ in sent_calls] == ["UpdateUserStatus"]
    assert sent_calls[0][1][status_param] == "Enabled"
    assert cloud.user(cloud.user_id(resource_id))[status_key] == "Enabled"
    assert result.outs[cloud.status] == "Enabled"


def test_need_reset_password_reaches_update_user_on_the_wire(tencent: Cloud, clouds: FakeClouds) -> None:
    resource_id, outs = create(tencent)
    assert tencent.user(tencent.user_id(resource_id))["NeedResetPassword"] is False
    clouds.clear_calls()
    tencent.provider.update(resource_id, outs, tencent.inputs(need_reset_password=True))
    updates = [params for action, params in calls(clouds, tencent) if action == "UpdateUser"]
    assert updates == [{"ZoneId": tencent.parent_id, "UserId": tencent.user_id(resource_id),
                        "NeedResetPassword": True}]
    assert tencent.user(tencent.user_id(resource_id))["NeedResetPassword"] is True


def test_adoption_is_refused_when_the_existing_users_type_differs(tencent: Cloud, clouds: FakeClouds) -> None:
    existing = precreate(tencent, UserType="Synchronized", DisplayName="From SCIM")
    clouds.clear_calls()
    with pytest.raises(InvalidRequest) as refused:
        create(tencent, adopt_existing=True, display_name="Declared")
    message = str(refused.value)
    assert f"Cannot adopt user 'alice' ({existing})" in message
    assert "its user_type is 'Synchronized' but the program declares 'Manual'" in message
    assert "Declare user_type='Synchronized', or delete that user first" in message
    assert [a for a, _ in calls(clouds, tencent)] == ["ListUsers"]  # looked, changed nothing
    assert tencent.user(existing)["DisplayName"] == "From SCIM" and tencent.user_ids() == [existing]
