"""Groups and memberships in both fakes, driven through the real SDKs (in-process mock).

Every test runs once per cloud; what differs (error codes, id shapes) is
written out in ``fake_group_clients``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from alibabacloud_cloudsso20210515 import models as ali
from pulumi_directory_users.testing import NETWORK, FakeClouds, mock_clouds
from tencentcloud.organization.v20210331 import models as tc

from .fake_group_clients import AlicloudSdk, SdkCloud, TencentSdk, sdk_field_names


@pytest.fixture
def clouds() -> Iterator[FakeClouds]:
    with mock_clouds() as fake:
        yield fake


@pytest.fixture(params=["tencent", "alicloud"])
def cloud(request: pytest.FixtureRequest, clouds: FakeClouds) -> SdkCloud:
    return TencentSdk() if request.param == "tencent" else AlicloudSdk()


def test_a_group_is_created_read_renamed_in_place_and_deleted(cloud: SdkCloud, clouds: FakeClouds) -> None:
    start = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    clouds.clock = lambda: start
    created = cloud.create_group("devs", Description="developers")
    group_id = created["GroupId"]
    assert cloud.expected.group_id.match(group_id)
    assert created["GroupName"] == "devs" and created["Description"] == "developers"
    assert created[cloud.origin_field] == "Manual"
    assert cloud.get_group(group_id) == created

    clouds.clock = lambda: start + timedelta(minutes=5)
    renamed = cloud.call("UpdateGroup", GroupId=group_id, NewGroupName="developers")[cloud.group_key]
    assert renamed["GroupId"] == group_id and renamed["GroupName"] == "developers"
    assert renamed["Description"] == "developers"  # omitted: kept
    assert renamed["CreateTime"] == created["CreateTime"] and renamed["UpdateTime"] != created["UpdateTime"]
    cleared = cloud.call("UpdateGroup", GroupId=group_id, NewDescription="")[cloud.group_key]
    assert cleared["Description"] == "" and cleared["GroupName"] == "developers"

    cloud.call("DeleteGroup", GroupId=group_id)
    assert cloud.error("GetGroup", GroupId=group_id) == cloud.expected.group_missing
    assert cloud.error("DeleteGroup", GroupId=group_id) == cloud.expected.group_missing
    assert cloud.error("UpdateGroup", GroupId=group_id, NewGroupName="x") == cloud.expected.group_missing


def test_group_names_are_unique_ignoring_case(cloud: SdkCloud) -> None:
    cloud.create_group("devs")
    other = cloud.create_group("ops")["GroupId"]
    assert cloud.error("CreateGroup", GroupName="DEVS") == cloud.expected.name_in_use
    assert cloud.error("UpdateGroup", GroupId=other, NewGroupName="Devs") == cloud.expected.name_in_use
    # A group may change the case of its own name.
    assert cloud.call("UpdateGroup", GroupId=other, NewGroupName="OPS")[cloud.group_key]["GroupName"] == "OPS"


def test_group_names_and_descriptions_are_checked(cloud: SdkCloud) -> None:
    assert cloud.error("CreateGroup", GroupName="devs team") == cloud.expected.bad_name_chars
    assert cloud.error("CreateGroup", GroupName="x" * 129) == cloud.expected.bad_name_length
    assert cloud.create_group("x" * 128)["GroupName"] == "x" * 128
    too_long = cloud.error("CreateGroup", GroupName="devs", Description="d" * 1025)
    assert too_long == {"tencent": "InvalidParameter.DescriptionLengthOverlimit",
                        "alicloud": "InvalidParameter.Description.Length"}[cloud.name]


def test_group_name_alphabets_differ_per_cloud(cloud: SdkCloud) -> None:
    # Tencent: letters, digits and -; Alibaba also _ and . (the SDK models' CreateGroup docs).
    if cloud.name == "tencent":
        assert cloud.error("CreateGroup", GroupName="dev_ops") == cloud.expected.bad_name_chars
    else:
        assert cloud.create_group("dev_ops.eu")["GroupName"] == "dev_ops.eu"
    assert cloud.create_group("dev-ops")["GroupName"] == "dev-ops"


def test_membership_is_added_listed_both_ways_and_removed(cloud: SdkCloud, clouds: FakeClouds) -> None:
    joined_at = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    alice, bob = cloud.create_user("alice"), cloud.create_user("bob")
    devs, ops = cloud.create_group("devs")["GroupId"], cloud.create_group("ops")["GroupId"]
    clouds.clock = lambda: joined_at
    cloud.add(ops, alice)
    cloud.add(devs, alice)
    cloud.add(devs, bob)

    joined = cloud.call("ListJoinedGroupsForUser", UserId=alice)["JoinedGroups"]
    assert [g["GroupId"] for g in joined] == [ops, devs]  # joining order
    assert [g["GroupName"] for g in joined] == ["ops", "devs"]
    expected_time = {"tencent": "2026-03-01 20:00:00", "alicloud": "2026-03-01T12:00:00Z"}[cloud.name]
    assert {g["JoinTime"] for g in joined} == {expected_time}
    members = cloud.call("ListGroupMembers", GroupId=devs)["GroupMembers"]
    assert [(m["UserId"], m["UserName"]) for m in members] == [(alice, "alice"), (bob, "bob")]

    cloud.remove(devs, alice)
    assert [m["UserId"] for m in cloud.call("ListGroupMembers", GroupId=devs)["GroupMembers"]] == [bob]
    assert [g["GroupId"] for g in cloud.call("ListJoinedGroupsForUser", UserId=alice)["JoinedGroups"]] == [ops]
    assert cloud.model(clouds).group_member_ids(cloud.parent, devs) == [bob]


def test_membership_rules(cloud: SdkCloud) -> None:
    alice = cloud.create_user("alice")
    devs = cloud.create_group("devs")["GroupId"]
    cloud.add(devs, alice)
    expected = cloud.expected
    assert cloud.error("AddUserToGroup", GroupId=devs, UserId=alice) == expected.already_member
    assert cloud.error("AddUserToGroup", GroupId=devs, UserId="u-nosuchuser0") == expected.user_missing
    assert cloud.error("AddUserToGroup", GroupId="g-nosuchgroup", UserId=alice) == expected.group_missing
    cloud.remove(devs, alice)
    assert cloud.error("RemoveUserFromGroup", GroupId=devs, UserId=alice) == expected.not_member
    assert cloud.error("ListJoinedGroupsForUser", UserId="u-nosuchuser0") == expected.user_missing
    assert cloud.error("ListGroupMembers", GroupId="g-nosuchgroup") == expected.group_missing


def test_a_user_in_a_group_cannot_be_deleted_until_it_leaves(cloud: SdkCloud, clouds: FakeClouds) -> None:
    alice = cloud.create_user("alice")
    devs = cloud.create_group("devs")["GroupId"]
    cloud.add(devs, alice)
    assert cloud.error("DeleteUser", UserId=alice) == cloud.expected.user_in_group
    assert cloud.model(clouds).group_ids_of(cloud.parent, alice) == [devs]  # the refusal changed nothing
    cloud.remove(devs, alice)
    cloud.call("DeleteUser", UserId=alice)
    assert cloud.model(clouds).find_user(cloud.parent, "alice") is None


def test_a_group_with_members_cannot_be_deleted_and_deleting_it_removes_nothing_else(
    cloud: SdkCloud, clouds: FakeClouds
) -> None:
    alice = cloud.create_user("alice")
    devs, ops = cloud.create_group("devs")["GroupId"], cloud.create_group("ops")["GroupId"]
    cloud.add(devs, alice)
    cloud.add(ops, alice)
    assert cloud.error("DeleteGroup", GroupId=devs) == cloud.expected.group_not_empty
    cloud.remove(devs, alice)
    cloud.call("DeleteGroup", GroupId=devs)
    assert cloud.model(clouds).find_user(cloud.parent, "alice") is not None
    assert [g["GroupId"] for g in cloud.call("ListJoinedGroupsForUser", UserId=alice)["JoinedGroups"]] == [ops]
    assert [g["GroupId"] for g in cloud.call("ListGroups")["Groups"]] == [ops]


def test_a_group_with_assignments_cannot_be_deleted(cloud: SdkCloud, clouds: FakeClouds) -> None:
    devs = cloud.create_group("devs")["GroupId"]
    model = clouds.tencent if cloud.name == "tencent" else clouds.alicloud
    if cloud.name == "tencent":
        clouds.tencent.add_group_role_assignment(cloud.parent, devs)
    else:
        clouds.alicloud.add_group_access_assignment(cloud.parent, devs)
    assert cloud.error("DeleteGroup", GroupId=devs) == cloud.expected.group_assigned
    if cloud.name == "tencent":
        clouds.tencent.remove_group_role_assignments(cloud.parent, devs)
    else:
        clouds.alicloud.remove_group_access_assignments(cloud.parent, devs)
    cloud.call("DeleteGroup", GroupId=devs)
    assert model.find_group(cloud.parent, "devs") is None


def test_a_user_deleted_out_of_band_leaves_its_groups(cloud: SdkCloud, clouds: FakeClouds) -> None:
    alice, bob = cloud.create_user("alice"), cloud.create_user("bob")
    devs = cloud.create_group("devs")["GroupId"]
    cloud.add(devs, alice)
    cloud.add(devs, bob)
    cloud.model(clouds).remove_user(cloud.parent, alice)  # e.g. a SCIM deprovisioning
    assert [m["UserId"] for m in cloud.call("ListGroupMembers", GroupId=devs)["GroupMembers"]] == [bob]
    assert cloud.error("RemoveUserFromGroup", GroupId=devs, UserId=alice) == cloud.expected.user_missing


def test_the_out_of_band_group_helpers_work_on_the_same_groups(cloud: SdkCloud, clouds: FakeClouds) -> None:
    alice = cloud.create_user("alice")
    model = cloud.model(clouds)
    model.add_user_to_group(cloud.parent, alice, "g-console")  # a group the API has not seen: created
    assert cloud.get_group("g-console")["GroupName"] == "g-console"
    assert cloud.error("DeleteUser", UserId=alice) == cloud.expected.user_in_group
    model.add_user_to_group(cloud.parent, alice, "g-console")  # idempotent
    assert model.group_member_ids(cloud.parent, "g-console") == [alice]
    renamed = model.modify_group(cloud.parent, "g-console", GroupName="console admins", Description="by hand")
    assert cloud.get_group("g-console") == renamed  # a rename the API would refuse: the console did it
    assert renamed["GroupName"] == "console admins" and renamed["Description"] == "by hand"
    model.remove_user_from_group(cloud.parent, alice, "g-console")
    model.remove_group(cloud.parent, "g-console")
    assert cloud.error("GetGroup", GroupId="g-console") == cloud.expected.group_missing
    cloud.call("DeleteUser", UserId=alice)


@pytest.mark.parametrize("action", ["ListGroups", "ListJoinedGroupsForUser", "ListGroupMembers"])
def test_every_list_pages_with_next_token(cloud: SdkCloud, action: str) -> None:
    users = [cloud.create_user(f"user{i}") for i in range(5)]
    groups = [cloud.create_group(f"group{i}")["GroupId"] for i in range(5)]
    for index in range(5):
        cloud.add(groups[0], users[index])
        if index:
            cloud.add(groups[index], users[0])
    scope = {"ListGroups": {}, "ListJoinedGroupsForUser": {"UserId": users[0]},
             "ListGroupMembers": {"GroupId": groups[0]}}[action]
    item_key, id_key = {"ListGroups": ("Groups", "GroupId"), "ListJoinedGroupsForUser": ("JoinedGroups", "GroupId"),
                        "ListGroupMembers": ("GroupMembers", "UserId")}[action]
    seen: list[str] = []
    pages: list[tuple[int, bool, int]] = []
    token = None
    while True:
        page = cloud.call(action, MaxResults=2, **scope, **({"NextToken": token} if token else {}))
        seen += [item[id_key] for item in page[item_key]]
        pages.append((len(page[item_key]), page["IsTruncated"], page["TotalCounts"]))
        token = page.get("NextToken")
        if not page["IsTruncated"]:
            break
    assert seen == (users if action == "ListGroupMembers" else groups)
    assert pages == [(2, True, 5), (2, True, 5), (1, False, 5)]
    assert not token  # Tencent answers "" on the last page, Alibaba leaves it out
    assert cloud.error(action, NextToken="not-a-token", **scope) == cloud.expected.bad_token


def test_list_groups_filters_by_name(cloud: SdkCloud) -> None:
    for name in ("dev-eu", "Dev-us", "ops"):
        cloud.create_group(name)

    def names(text: str) -> list[str]:
        return [g["GroupName"] for g in cloud.call("ListGroups", Filter=text)["Groups"]]

    if cloud.name == "tencent":  # a case-insensitive substring of the name
        assert names("DEV") == ["dev-eu", "Dev-us"]
        assert names("-us") == ["Dev-us"]
    else:  # GroupName eq / sw, the value ignoring case (the SDK model's doc)
        assert names("GroupName sw dev") == ["dev-eu", "Dev-us"]
        assert names("GroupName eq dev-US") == ["Dev-us"]
        assert cloud.error("ListGroups", Filter="UserName eq ops") == "InvalidParameter.Filter"


def test_tencent_member_count_and_is_selected_follow_the_members(clouds: FakeClouds) -> None:
    cloud = TencentSdk()
    alice, bob = cloud.create_user("alice"), cloud.create_user("bob")
    devs, ops = cloud.create_group("devs")["GroupId"], cloud.create_group("ops")["GroupId"]
    assert cloud.get_group(devs)["MemberCount"] == 0
    cloud.add(devs, alice)
    cloud.add(devs, bob)
    assert cloud.get_group(devs)["MemberCount"] == 2
    cloud.remove(devs, bob)
    listed = cloud.call("ListGroups", FilterUsers=[alice])["Groups"]
    assert [(g["GroupId"], g["MemberCount"], g["IsSelected"]) for g in listed] == [(devs, 1, True), (ops, 0, False)]
    users = cloud.call("ListUsers", FilterGroups=[devs])["Users"]
    assert [(u["UserName"], u["IsSelected"]) for u in users] == [("alice", True), ("bob", False)]
    clouds.tencent.remove_user(cloud.parent, alice)
    assert cloud.get_group(devs)["MemberCount"] == 0


def test_tencent_group_types_and_sorting(clouds: FakeClouds) -> None:
    cloud = TencentSdk()
    manual = cloud.create_group("manual")["GroupId"]
    synced = cloud.create_group("synced", GroupType="Synchronized")["GroupId"]
    assert cloud.error("CreateGroup", GroupName="x", GroupType="Imported") == "InvalidParameter.ParamError"
    assert [g["GroupId"] for g in cloud.call("ListGroups", GroupType="Synchronized")["Groups"]] == [synced]
    newest_first = cloud.call("ListGroups", SortField="CreateTime", SortType="Desc")["Groups"]
    assert [g["GroupId"] for g in newest_first] == [synced, manual]
    assert [g["GroupId"] for g in cloud.call("ListGroups", Offset=1)["Groups"]] == [synced]


RESPONSE_MODELS = {
    "tencent": {
        "CreateGroup": tc.GroupInfo, "GetGroup": tc.GroupInfo, "UpdateGroup": tc.GroupInfo,
        "ListGroups": tc.GroupInfo, "ListJoinedGroupsForUser": tc.JoinedGroups, "ListGroupMembers": tc.GroupMembers,
    },
    "alicloud": {
        "CreateGroup": ali.CreateGroupResponseBodyGroup, "GetGroup": ali.GetGroupResponseBodyGroup,
        "UpdateGroup": ali.UpdateGroupResponseBodyGroup, "ListGroups": ali.ListGroupsResponseBodyGroups,
        "ListJoinedGroupsForUser": ali.ListJoinedGroupsForUserResponseBodyJoinedGroups,
        "ListGroupMembers": ali.ListGroupMembersResponseBodyGroupMembers,
    },
}
LIST_KEYS = {"ListGroups": "Groups", "ListJoinedGroupsForUser": "JoinedGroups", "ListGroupMembers": "GroupMembers"}


def test_responses_carry_every_field_of_the_sdk_models(cloud: SdkCloud) -> None:
    alice = cloud.create_user("alice")
    group_id = cloud.create_group("devs", Description="d")["GroupId"]
    cloud.add(group_id, alice)
    scopes = {"ListJoinedGroupsForUser": {"UserId": alice}, "ListGroupMembers": {"GroupId": group_id},
              "GetGroup": {"GroupId": group_id}, "UpdateGroup": {"GroupId": group_id, "NewDescription": "e"},
              "CreateGroup": {"GroupName": "ops"}, "ListGroups": {}}
    for action, model in RESPONSE_MODELS[cloud.name].items():
        response = cloud.call(action, **scopes[action])
        item = response[LIST_KEYS[action]][0] if action in LIST_KEYS else response[cloud.group_key]
        # Tencent's SDK serialises absent fields as null; the Alibaba SDK leaves them out.
        present = {name for name, value in item.items() if value is not None}
        assert present == sdk_field_names(model), action
        if action in LIST_KEYS:
            assert {"TotalCounts", "MaxResults", "IsTruncated"} <= set(response), action


def test_new_actions_refuse_unknown_parameters(cloud: SdkCloud, clouds: FakeClouds) -> None:
    from pulumi_directory_users.testing import alicloud_client, tencent_client

    if cloud.name == "tencent":
        client = tencent_client()
        with pytest.raises(Exception) as caught:
            client.call_json("CreateGroup", {"ZoneId": cloud.parent, "GroupName": "devs", "Name": "typo"})
        assert getattr(caught.value, "code", None) == cloud.expected.unknown_parameter
    else:
        from alibabacloud_tea_openapi.utils_models import OpenApiRequest, Params
        from darabonba.runtime import RuntimeOptions

        params = Params(action="CreateGroup", version="2021-05-15", protocol="HTTPS", pathname="/", method="POST",
                        auth_type="AK", style="RPC", req_body_type="formData", body_type="json")
        query = {"DirectoryId": cloud.parent, "GroupName": "devs", "Name": "typo"}
        with pytest.raises(Exception) as caught:
            alicloud_client().call_api(params, OpenApiRequest(query=query), RuntimeOptions())
        assert getattr(caught.value, "code", None) == cloud.expected.unknown_parameter
    assert cloud.model(clouds).find_group(cloud.parent, "devs") is None
    assert [c.error for c in clouds.calls_for(cloud.name, "CreateGroup")] == [cloud.expected.unknown_parameter]


def test_an_injected_error_on_add_fires_once_and_changes_nothing(cloud: SdkCloud, clouds: FakeClouds) -> None:
    alice = cloud.create_user("alice")
    devs = cloud.create_group("devs")["GroupId"]
    code = "FailedOperation" if cloud.name == "tencent" else "OperationConflict.Task"
    clouds.faults.fail_next(cloud.name, "AddUserToGroup", code)
    assert cloud.error("AddUserToGroup", GroupId=devs, UserId=alice) == code
    assert cloud.model(clouds).group_member_ids(cloud.parent, devs) == []
    cloud.add(devs, alice)
    assert [c.error for c in clouds.calls_for(cloud.name, "AddUserToGroup")] == [code, None]
    assert cloud.model(clouds).group_member_ids(cloud.parent, devs) == [alice]


def test_a_create_group_dropped_after_commit_exists_and_a_retry_meets_the_name(
    cloud: SdkCloud, clouds: FakeClouds
) -> None:
    clouds.faults.drop_after_commit(cloud.name, "CreateGroup")
    with pytest.raises(Exception):  # the SDK's network error: the answer never came
        cloud.call("CreateGroup", GroupName="devs")
    assert cloud.model(clouds).find_group(cloud.parent, "devs") is not None
    assert cloud.error("CreateGroup", GroupName="devs") == cloud.expected.name_in_use
    recorded = clouds.calls_for(cloud.name, "CreateGroup")
    assert [(c.dropped, c.error) for c in recorded] == [(True, None), (False, cloud.expected.name_in_use)]


def test_a_dropped_connection_on_remove_never_reaches_the_model(cloud: SdkCloud, clouds: FakeClouds) -> None:
    alice = cloud.create_user("alice")
    devs = cloud.create_group("devs")["GroupId"]
    cloud.add(devs, alice)
    clouds.faults.drop_next(cloud.name, "RemoveUserFromGroup")
    with pytest.raises(Exception):
        cloud.remove(devs, alice)
    assert cloud.model(clouds).group_member_ids(cloud.parent, devs) == [alice]
    assert [c.error for c in clouds.calls_for(cloud.name, "RemoveUserFromGroup")] == [NETWORK]


def test_rate_limits_cover_the_group_actions(cloud: SdkCloud, clouds: FakeClouds) -> None:
    cloud.create_group("devs")
    clouds.faults.clock = lambda: 0.0  # stopped: no token comes back however long the test takes
    clouds.faults.set_rate_limit(cloud.name, "ListGroups", per_second=1, burst=1)
    cloud.call("ListGroups")
    throttled = cloud.error("ListGroups")
    assert throttled == {"tencent": "RequestLimitExceeded", "alicloud": "Throttling.User"}[cloud.name]
    assert [c.error for c in clouds.calls_for(cloud.name, "ListGroups")] == [None, throttled]


def test_a_key_bound_to_a_session_token_must_send_it_to_the_group_actions(clouds: FakeClouds) -> None:
    from pulumi_directory_users.testing import tencent_client

    clouds.add_key("AKIDgroupstokenkey000000000000000001", "groups-token-secret", token="session-1")
    request = tc.ListGroupsRequest()
    request.ZoneId = TencentSdk.parent
    without = tencent_client(secret_id="AKIDgroupstokenkey000000000000000001", secret_key="groups-token-secret")
    with pytest.raises(Exception) as caught:
        without.ListGroups(request)
    assert getattr(caught.value, "code", None) == "AuthFailure.TokenFailure"
    with_token = tencent_client(
        secret_id="AKIDgroupstokenkey000000000000000001", secret_key="groups-token-secret", security_token="session-1"
    )
    assert with_token.ListGroups(request).TotalCounts == 0
    assert [c.session_token for c in clouds.calls_for("tencent", "ListGroups")] == [None, "session-1"]



def test_the_probabilistic_faults_reach_the_group_actions(cloud: SdkCloud, clouds: FakeClouds) -> None:
    alice = cloud.create_user("alice")
    devs = cloud.create_group("devs")["GroupId"]
    throttled = {"tencent": "RequestLimitExceeded", "alicloud": "Throttling.User"}[cloud.name]
    server_error = {"tencent": "InternalError", "alicloud": "ServiceUnavailable"}[cloud.name]
    clouds.faults.throttle_probability = 1.0
    assert cloud.error("ListGroupMembers", GroupId=devs) == throttled
    clouds.faults.throttle_probability, clouds.faults.error_probability = 0.0, 1.0
    assert cloud.error("AddUserToGroup", GroupId=devs, UserId=alice) == server_error
    assert cloud.model(clouds).group_member_ids(cloud.parent, devs) == []
    clouds.faults.error_probability, clouds.faults.drop_probability = 0.0, 1.0
    with pytest.raises(Exception):
        cloud.add(devs, alice)
    assert cloud.model(clouds).group_member_ids(cloud.parent, devs) == [alice]  # applied, then the answer lost
    watched = ("ListGroupMembers", "AddUserToGroup")
    recorded = [(c.action, c.error, c.dropped) for c in clouds.calls if c.action in watched]
    assert recorded == [
        ("ListGroupMembers", throttled, False),
        ("AddUserToGroup", server_error, False),
        ("AddUserToGroup", None, True),
    ]


def test_a_synchronised_group_is_read_only(cloud: SdkCloud, clouds: FakeClouds) -> None:
    alice, bob = cloud.create_user("alice"), cloud.create_user("bob")
    scim = cloud.create_group("scim")["GroupId"]
    cloud.add(scim, alice)
    cloud.model(clouds).modify_group(cloud.parent, scim, **{cloud.origin_field: "Synchronized"})  # as SCIM owns it
    codes = {
        "tencent": ("FailedOperation.SynchronizedGroupNotUpdate", "FailedOperation.SynchronizedGroupNotDelete",
                    "FailedOperation.SynchronizedGroupNotAddUser", "FailedOperation.SynchronizedGroupNotRemoveUser"),
        "alicloud": ("OperationConflict.Group.Synchronized",) * 4,
    }[cloud.name]
    assert cloud.error("UpdateGroup", GroupId=scim, NewGroupName="renamed") == codes[0]
    assert cloud.error("DeleteGroup", GroupId=scim) == codes[1]
    assert cloud.error("AddUserToGroup", GroupId=scim, UserId=bob) == codes[2]
    assert cloud.error("RemoveUserFromGroup", GroupId=scim, UserId=alice) == codes[3]
    assert cloud.model(clouds).group_member_ids(cloud.parent, scim) == [alice]
    assert cloud.get_group(scim)["GroupName"] == "scim"
