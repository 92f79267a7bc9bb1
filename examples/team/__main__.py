"""A person in both clouds, and a group in each cloud with that person in it.

Config: ``zoneId`` and ``directoryId``, plus both clouds' credentials as the README describes.
Removing the person from the program deletes the memberships first (they depend on the user),
so the user's delete is not refused for still being a group member.
"""

import pulumi

from pulumi_directory_users import alicloud, tencentcloud

config = pulumi.Config()
person = config.get("userName") or "carol"
team = config.get("groupName") or "platform"
email = f"{person}@example.com"

tencent_user = tencentcloud.User(
    "tencent-user", zone_id=config.require("zoneId"), user_name=person, display_name="Carol Example", email=email
)
tencent_group = tencentcloud.Group(
    "tencent-group", zone_id=tencent_user.zone_id, group_name=team, description="The platform team"
)
tencentcloud.GroupMembership(
    "tencent-membership", zone_id=tencent_user.zone_id, group_id=tencent_group.group_id, user_id=tencent_user.user_id
)

alibaba_user = alicloud.User(
    "alibaba-user", directory_id=config.require("directoryId"), user_name=person,
    display_name=tencent_user.display_name, email=email, tags={"team": team},
)
alibaba_group = alicloud.Group(
    "alibaba-group", directory_id=alibaba_user.directory_id, group_name=team, description="The platform team"
)
alicloud.GroupMembership(
    "alibaba-membership", directory_id=alibaba_user.directory_id, group_id=alibaba_group.group_id,
    user_id=alibaba_user.user_id,
)

pulumi.export("tencent_user_id", tencent_user.user_id)
pulumi.export("tencent_group_id", tencent_group.group_id)
pulumi.export("tencent_create_time", tencent_user.create_time)
pulumi.export("alibaba_user_id", alibaba_user.user_id)
pulumi.export("alibaba_group_id", alibaba_group.group_id)
pulumi.export("alibaba_create_time", alibaba_user.create_time)
