"""One person in both clouds: the CloudSSO user records the Identity Center user's id.

Config: ``zoneId`` and ``directoryId``, plus both clouds' credentials as the README describes.
"""

import pulumi

from pulumi_directory_users import alicloud, tencentcloud

config = pulumi.Config()
person = config.get("userName") or "carol"
email = f"{person}@example.com"

tencent_user = tencentcloud.User(
    "tencent-user",
    zone_id=config.require("zoneId"),
    user_name=person,
    display_name=config.get("displayName") or "Carol Example",
    email=email,
)

alibaba_user = alicloud.User(
    "alibaba-user",
    directory_id=config.require("directoryId"),
    user_name=person,
    display_name=tencent_user.display_name,
    email=email,
    description=pulumi.Output.concat("Tencent Identity Center user ", tencent_user.user_id),
    tags={"tencent-user-id": tencent_user.user_id, "team": "platform"},
)

pulumi.export("tencent_user_id", tencent_user.user_id)
pulumi.export("tencent_create_time", tencent_user.create_time)
pulumi.export("alibaba_user_id", alibaba_user.user_id)
pulumi.export("alibaba_create_time", alibaba_user.create_time)
