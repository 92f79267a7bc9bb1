"""A Tencent Cloud Identity Center user, with its id and initial password as stack outputs.

Config: ``zoneId`` (the Identity Center zone), plus credentials as the README describes.
"""

import pulumi

from pulumi_directory_users import tencentcloud

config = pulumi.Config()

alice = tencentcloud.User(
    "alice",
    zone_id=config.require("zoneId"),
    user_name=config.get("userName") or "alice",
    display_name=config.get("displayName") or "Alice Example",
    email="alice@example.com",
    description="Platform engineer",
)

pulumi.export("user_id", alice.user_id)
pulumi.export("create_time", alice.create_time)
pulumi.export("initial_password", alice.password)  # a secret: `pulumi stack output --show-secrets`
