"""An Alibaba Cloud CloudSSO user with tags, and its id as a stack output.

Config: ``directoryId`` (the CloudSSO directory), plus credentials as the README describes.
"""

import pulumi

from pulumi_directory_users import alicloud

config = pulumi.Config()

bob = alicloud.User(
    "bob",
    directory_id=config.require("directoryId"),
    user_name=config.get("userName") or "bob",
    display_name=config.get("displayName") or "Bob Example",
    email="bob@example.com",
    tags={"team": "platform", "env": "demo"},
)

pulumi.export("user_id", bob.user_id)
pulumi.export("create_time", bob.create_time)
